// Geometry of a 2-D NHWC convolution, taken from tfjs's own conv_util so that padding ('same',
// explicit, rounding) matches the forward kernel exactly.
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';

export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  fH: number;
  fW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

function asShape4(shape: readonly number[], what: string): Shape4 {
  if (shape.length !== 4) throw new Error(`${what} must be rank 4, got shape [${shape.join(',')}]`);
  return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

/**
 * Validates the attrs shared by Conv2D's two backprop kernels and returns the forward geometry.
 * Only what the fast kernels implement is accepted; anything else fails loudly rather than silently
 * computing a wrong gradient.
 */
export function convGeometry(
  kernelName: string,
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: NamedAttrMap,
): ConvGeometry {
  const dataFormat = attrs.dataFormat ?? 'NHWC';
  if (dataFormat !== 'NHWC') throw new Error(`${kernelName} (fast kernel): only NHWC is supported, got ${JSON.stringify(dataFormat)}`);
  const dilations = attrs.dilations ?? 1;
  const dilationOk = dilations === 1 || (Array.isArray(dilations) && dilations.every((d) => d === 1));
  if (!dilationOk) throw new Error(`${kernelName} (fast kernel): only dilation 1 is supported`);
  const info = backend_util.computeConv2DInfo(
    asShape4(inShape, `${kernelName} input`),
    asShape4(filterShape, `${kernelName} filter`),
    attrs.strides as number | [number, number],
    1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    fH: info.filterHeight,
    fW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

export function assertShape(what: string, actual: readonly number[], expected: readonly number[]): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new Error(`${what}: expected shape [${expected.join(',')}], got [${actual.join(',')}]`);
  }
}
