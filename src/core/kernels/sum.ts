// Sum over all leading axes (keeping the last) is how every conv/dense bias gradient reduces dy;
// wasm's Sum transposes first for non-innermost axes (~35 ms per CW training step). Other
// reductions go to the stock kernel.
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { accessFor } from './backend-access';

/** True when `axis` names exactly axes 0..rank−2. */
export function isLeadingAxes(axis: unknown, rank: number): boolean {
  const list = (Array.isArray(axis) ? axis : [axis]) as unknown[];
  if (rank < 2 || list.length !== rank - 1 || !list.every((a): a is number => typeof a === 'number' && Number.isInteger(a))) return false;
  const normalised = new Set(list.map((a) => (a < 0 ? a + rank : a)));
  if (normalised.size !== rank - 1) return false;
  for (let a = 0; a < rank - 1; a++) if (!normalised.has(a)) return false;
  return true;
}

/** out[c] = Σ_r src[r·cols + c]. */
export function sumRows(src: Float32Array, rows: number, cols: number, out: Float32Array): void {
  out.fill(0);
  let i = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c]! += src[i++]!;
}

export function sumKernel(backendName: 'wasm' | 'cpu', stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    if (x === undefined || x.dtype !== 'float32' || !isLeadingAxes(attrs?.axis, x.shape.length)) return stock(args);
    const access = accessFor(backendName, backend);
    const cols = x.shape[x.shape.length - 1]!;
    const rows = util.sizeFromShape(x.shape) / Math.max(1, cols);
    const shape = attrs?.keepDims === true ? [...x.shape.slice(0, -1).map(() => 1), cols] : [cols];
    const out = access.alloc(shape, 'float32');
    sumRows(access.view(x) as Float32Array, rows, cols, access.view(out) as Float32Array);
    return out;
  };
}
