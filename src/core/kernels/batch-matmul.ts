// wasm's BatchMatMul is fast (XNNPACK) only without transposes; with transposeA or transposeB it runs
// ~10x slower, and every dense layer's gradient uses them. Transposing the operand first is far cheaper.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { accessFor, type BackendAccess } from './backend-access';
import { transposeLast2 } from './transpose';

function materialiseTranspose(access: BackendAccess, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const rows = t.shape[rank - 2]!;
  const cols = t.shape[rank - 1]!;
  const out = access.alloc([...t.shape.slice(0, -2), cols, rows], t.dtype);
  const batch = util.sizeFromShape(t.shape.slice(0, -2));
  transposeLast2(access.view(t) as Float32Array, batch, rows, cols, access.view(out) as Float32Array);
  return out;
}

/**
 * wasm's stock kernel is also ~6–10× slower on a batch of small matrices ([50, 500, 128]·[50, 128, 10])
 * than the same products one by one, which take XNNPACK's path. A batch against one shared matrix
 * becomes one tall product; a batch against a batch runs slice by slice.
 */
function batchedOnWasm(
  access: BackendAccess,
  stock: KernelFunc,
  args: Parameters<KernelFunc>[0],
  a: TensorInfo,
  b: TensorInfo,
): TensorInfo | null {
  const m = a.shape[a.shape.length - 2]!;
  const k = a.shape[a.shape.length - 1]!;
  const n = b.shape[b.shape.length - 1]!;
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  if (batch <= 1 || batchB > batchA || (batchB !== 1 && batchB !== batchA)) return null;
  const outShape = [...a.shape.slice(0, -2), m, n];
  const call = (x: TensorInfo, y: TensorInfo) =>
    stock({ ...args, inputs: { a: x, b: y }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as TensorInfo;
  if (batchB === 1) {
    const flat = call({ ...a, shape: [batch * m, k] }, { ...b, shape: [k, n] });
    return { ...flat, shape: outShape };
  }
  const out = access.alloc(outShape, 'float32');
  for (let i = 0; i < batch; i++) {
    // A fresh b per slice: the stock kernel caches XNNPACK's packed weights by the b tensor's id.
    const ai = access.alloc([m, k], 'float32');
    const bi = access.alloc([k, n], 'float32');
    try {
      (access.view(ai) as Float32Array).set((access.view(a) as Float32Array).subarray(i * m * k, (i + 1) * m * k));
      (access.view(bi) as Float32Array).set((access.view(b) as Float32Array).subarray(i * k * n, (i + 1) * k * n));
      const r = call(ai, bi);
      (access.view(out) as Float32Array).set(access.view(r) as Float32Array, i * m * n);
      access.free(r);
    } finally {
      access.free(ai);
      access.free(bi);
    }
  }
  return out;
}

/** Wraps the backend's own BatchMatMul (`stock`), handing it untransposed operands only. */
export function batchMatMulKernel(backendName: 'wasm' | 'cpu', stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs;
    const transposeA = attrs?.transposeA === true;
    const transposeB = attrs?.transposeB === true;
    if (a === undefined || b === undefined || a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    if (a.shape.length < 2 || b.shape.length < 2) return stock(args);
    const batched = a.shape.length > 2 && util.sizeFromShape(a.shape.slice(0, -2)) > 1;
    if (!transposeA && !transposeB && !(batched && backendName === 'wasm')) return stock(args);
    const access = accessFor(backendName, backend);
    const a2 = transposeA ? materialiseTranspose(access, a) : a;
    const b2 = transposeB ? materialiseTranspose(access, b) : b;
    try {
      if (backendName === 'wasm') {
        const out = batchedOnWasm(access, stock, args, a2, b2);
        if (out) return out;
      }
      return stock({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      if (transposeA) access.free(a2);
      if (transposeB) access.free(b2);
    }
  };
}
