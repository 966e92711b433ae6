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

/** Wraps the backend's own BatchMatMul (`stock`), handing it untransposed operands only. */
export function batchMatMulKernel(backendName: 'wasm' | 'cpu', stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs;
    const transposeA = attrs?.transposeA === true;
    const transposeB = attrs?.transposeB === true;
    if ((!transposeA && !transposeB) || a === undefined || b === undefined || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return stock(args);
    }
    if (a.shape.length < 2 || b.shape.length < 2) return stock(args);
    const access = accessFor(backendName, backend);
    const a2 = transposeA ? materialiseTranspose(access, a) : a;
    const b2 = transposeB ? materialiseTranspose(access, b) : b;
    try {
      return stock({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      if (transposeA) access.free(a2);
      if (transposeB) access.free(b2);
    }
  };
}
