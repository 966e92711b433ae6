// Conv2DBackpropFilter as im2col + the backend's own matMul. wasm has no such kernel (no conv layer
// can train) and cpu's is a naive loop (seconds per small batch); this one is a plain matMul away.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { accessFor, type BackendAccess } from './backend-access';
import { assertShape, convGeometry } from './conv-geometry';
import { im2colTransposed, toChannelMajor } from './im2col';

const NAME = 'Conv2DBackpropFilter';

/** Bounds the im2col buffer (floats); larger batches are processed in chunks of samples. */
export const DEFAULT_MAX_COLS_ELEMENTS = 1 << 23;

export function conv2dBackpropFilter(
  access: BackendAccess,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: NamedAttrMap,
  maxColsElements = DEFAULT_MAX_COLS_ELEMENTS,
): TensorInfo {
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error(`${NAME} (fast kernel): float32 only`);
  const filterShape = attrs.filterShape;
  if (!Array.isArray(filterShape)) throw new Error(`${NAME} (fast kernel): missing filterShape`);
  const g = convGeometry(NAME, x.shape, filterShape as number[], attrs);
  assertShape(`${NAME} dy`, dy.shape, [g.batch, g.outH, g.outW, g.outC]);

  const k = g.fH * g.fW * g.inC;
  const colsPerSample = g.outH * g.outW;
  const chunk = Math.max(1, Math.min(g.batch, Math.floor(maxColsElements / Math.max(1, k * colsPerSample))));
  const wholeBatch = chunk === g.batch;
  let acc: Float32Array | undefined;

  for (let b0 = 0; b0 < g.batch; b0 += chunk) {
    const n = Math.min(chunk, g.batch - b0);
    const m = n * colsPerSample;
    const xT = access.alloc([g.inC, n, g.inH, g.inW], 'float32');
    const cols = access.alloc([k, m], 'float32');
    // The matMul needs dy as [m, outC]; a reshape is only a new shape on the same data.
    const dyRows = wholeBatch ? { dataId: dy.dataId, shape: [m, g.outC], dtype: dy.dtype } : access.alloc([m, g.outC], 'float32');
    if (!wholeBatch) {
      const from = b0 * colsPerSample * g.outC;
      access.view(dyRows).set(access.view(dy).subarray(from, from + m * g.outC));
    }
    toChannelMajor(access.view(x) as Float32Array, g, b0, n, access.view(xT) as Float32Array);
    im2colTransposed(access.view(xT) as Float32Array, g, n, access.view(cols) as Float32Array);
    access.free(xT);
    const product = access.run('BatchMatMul', { a: cols, b: dyRows }, { transposeA: false, transposeB: false });
    access.free(cols);
    if (!wholeBatch) access.free(dyRows);
    if (wholeBatch) return { dataId: product.dataId, shape: [...filterShape as number[]], dtype: 'float32' };
    const part = access.view(product);
    if (acc === undefined) acc = Float32Array.from(part);
    else for (let i = 0; i < acc.length; i++) acc[i]! += part[i]!;
    access.free(product);
  }
  const out = access.alloc([...filterShape as number[]], 'float32');
  if (acc !== undefined) access.view(out).set(acc);
  return out;
}

export function conv2dBackpropFilterKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    if (x === undefined || dy === undefined) throw new Error(`${NAME} (fast kernel): needs inputs x and dy`);
    return conv2dBackpropFilter(accessFor(backendName, backend), x, dy, attrs ?? {});
  };
}
