// ResizeNearestNeighborGrad (the backward pass of UpSampling2D). The stock kernels are wrong in
// tfjs 4.22: cpu offsets dy by the *input's* batch stride, so every sample after the first gets
// another sample's gradient; wasm ignores halfPixelCenters. This one is the exact adjoint of the
// forward kernel's pixel mapping.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { accessFor, type BackendAccess } from './backend-access';

const NAME = 'ResizeNearestNeighborGrad';

/** The source index the forward resize reads for output index `i` (tfjs's own rule). */
function sourceIndex(i: number, ratio: number, inSize: number, alignCorners: boolean, halfPixelCenters: boolean): number {
  const frac = halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
  const nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
  return halfPixelCenters ? Math.max(0, nearest) : nearest;
}

function ratio(inSize: number, outSize: number, alignCorners: boolean): number {
  const shrink = alignCorners && outSize > 1;
  return (shrink ? inSize - 1 : inSize) / (shrink ? outSize - 1 : outSize);
}

export function resizeNearestNeighborGrad(access: BackendAccess, images: TensorInfo, dy: TensorInfo, attrs: NamedAttrMap): TensorInfo {
  if (dy.dtype !== 'float32') throw new Error(`${NAME} (fast kernel): dy must be float32`);
  if (images.shape.length !== 4 || dy.shape.length !== 4) throw new Error(`${NAME} (fast kernel): images and dy must be rank 4 (NHWC)`);
  const [batch, inH, inW, depth] = images.shape as [number, number, number, number];
  const [dyBatch, outH, outW, dyDepth] = dy.shape as [number, number, number, number];
  if (dyBatch !== batch || dyDepth !== depth) {
    throw new Error(`${NAME} (fast kernel): dy [${dy.shape.join(',')}] does not match images [${images.shape.join(',')}]`);
  }
  const alignCorners = attrs.alignCorners === true;
  const halfPixelCenters = attrs.halfPixelCenters === true;
  const rowRatio = ratio(inH, outH, alignCorners);
  const colRatio = ratio(inW, outW, alignCorners);
  const srcCols = Int32Array.from({ length: outW }, (_, c) => sourceIndex(c, colRatio, inW, alignCorners, halfPixelCenters));

  const out = access.alloc([batch, inH, inW, depth], 'float32');
  const g = access.view(dy);
  const dx = access.view(out);
  dx.fill(0);
  let src = 0;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < outH; r++) {
      const rowBase = (b * inH + sourceIndex(r, rowRatio, inH, alignCorners, halfPixelCenters)) * inW;
      for (let c = 0; c < outW; c++) {
        const dst = (rowBase + srcCols[c]!) * depth;
        for (let d = 0; d < depth; d++) dx[dst + d]! += g[src++]!;
      }
    }
  }
  return out;
}

export function resizeNearestNeighborGradKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { images, dy } = inputs;
    if (images === undefined || dy === undefined) throw new Error(`${NAME} (fast kernel): needs inputs images and dy`);
    return resizeNearestNeighborGrad(accessFor(backendName, backend), images, dy, attrs ?? {});
  };
}
