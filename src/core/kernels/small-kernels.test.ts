// UnsortedSegmentSum, MaxPoolGrad, and the BatchMatMul/Sum wrappers on wasm, each against the cpu
// backend's stock kernel on the same inputs (cpu keeps its own versions of all four).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';
import { isLeadingAxes } from './sum';
import { transposeLast2 } from './transpose';

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** Runs `f` on cpu and on wasm with the same inputs; returns both results. */
async function onBoth(f: () => tf.Tensor): Promise<{ cpu: Float32Array | Int32Array; wasm: Float32Array | Int32Array; shape: number[][] }> {
  const results: (Float32Array | Int32Array)[] = [];
  const shapes: number[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const t = f();
    results.push(t.dataSync() as Float32Array | Int32Array);
    shapes.push(t.shape);
    t.dispose();
  }
  expect(shapes[0]).toEqual(shapes[1]);
  return { cpu: results[0]!, wasm: results[1]!, shape: shapes };
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i]! - b[i]!) > tol) throw new Error(`element ${i}: ${a[i]!} vs ${b[i]!}`);
  }
}

beforeAll(async () => {
  await import('@tensorflow/tfjs-layers'); // registers the gradients
  registerFastKernels();
});

describe('UnsortedSegmentSum (wasm)', () => {
  it.each([
    [[6], [6], 4],
    [[5, 3], [5], 3],
    [[4, 2, 3], [4], 5],
  ] as const)('x %j, ids %j, %i segments match cpu', async (xShape, idShape, segments) => {
    const size = sizeOf(xShape);
    const xv = seeded(size, 3);
    const ids = Int32Array.from({ length: idShape[0] }, (_, i) => (i * 7) % (segments + 1) - (i % 5 === 4 ? 1 : 0));
    const r = await onBoth(() => tf.tidy(() => tf.unsortedSegmentSum(tf.tensor(xv, [...xShape]), tf.tensor1d(ids, 'int32'), segments)));
    close(r.wasm, r.cpu, 1e-6);
  });

  it('sums int32 values and drops out-of-range ids', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4, 5], 'int32'), tf.tensor1d([0, 2, 0, -1, 7], 'int32'), 3);
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([4, 0, 2]);
    out.dispose();
  });

  it('makes the gradient of tf.gather work, equal to cpu', async () => {
    const params = seeded(12, 9);
    const r = await onBoth(() =>
      tf.tidy(() => {
        const p = tf.tensor2d(params, [4, 3]);
        const idx = tf.tensor1d([3, 1, 3, 0], 'int32');
        return tf.grad((q: tf.Tensor) => tf.sum(tf.mul(tf.gather(q, idx), tf.tensor2d(seeded(12, 4), [4, 3]))))(p);
      }),
    );
    close(r.wasm, r.cpu, 1e-6);
    // Row 2 is never gathered, row 3 twice.
    expect(Array.from(r.wasm.slice(6, 9))).toEqual([0, 0, 0]);
  });
});

describe('MaxPoolGrad (wasm)', () => {
  it.each([
    [[2, 6, 6, 3], 2, 2, 'valid'],
    [[2, 7, 5, 2], 3, 2, 'same'],
    [[1, 8, 8, 4], 3, 1, 'valid'],
    [[3, 24, 24, 32], 2, 2, 'valid'],
  ] as const)('x %j, pool %i, stride %i, %s matches cpu', async (shape, pool, stride, pad) => {
    const xv = seeded(sizeOf(shape), 17);
    const r = await onBoth(() =>
      tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, pool, stride, pad), 2)))(tf.tensor4d(xv, [...shape]))),
    );
    close(r.wasm, r.cpu, 1e-6);
  });

  it('sends the gradient of a tie to the first maximum (as cpu does)', async () => {
    const r = await onBoth(() =>
      tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(tf.zeros([1, 2, 2, 1]))),
    );
    expect(Array.from(r.wasm)).toEqual([1, 0, 0, 0]);
    expect(Array.from(r.cpu)).toEqual([1, 0, 0, 0]);
  });
});

describe('BatchMatMul with transposes and batches (wasm)', () => {
  it.each([
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[2, 7, 5], [2, 3, 7], true, true],
    [[2, 4, 6], [1, 6, 3], false, false],
    [[3, 6, 4], [6, 5], true, false],
    // Batches of small matrices take the slice-by-slice path, a shared matrix the tall-product one.
    [[4, 5, 6], [4, 6, 3], false, false],
    [[2, 3, 4, 5], [2, 3, 5, 2], false, false],
    [[4, 5, 6], [6, 3], false, false],
    [[1, 3, 4], [2, 4, 5], false, false],
  ] as const)('a %j, b %j, transposeA %s, transposeB %s matches cpu', async (aShape, bShape, ta, tb) => {
    const av = seeded(sizeOf(aShape), 1);
    const bv = seeded(sizeOf(bShape), 2);
    const r = await onBoth(() => tf.tidy(() => tf.matMul(tf.tensor(av, [...aShape]), tf.tensor(bv, [...bShape]), ta, tb)));
    close(r.wasm, r.cpu, 1e-5);
  });

  it('transposeLast2 transposes each matrix of a batch', () => {
    const src = Float32Array.from({ length: 2 * 3 * 40 }, (_, i) => i);
    const out = new Float32Array(src.length);
    transposeLast2(src, 2, 3, 40, out);
    for (let b = 0; b < 2; b++)
      for (let r = 0; r < 3; r++) for (let c = 0; c < 40; c++) expect(out[b * 120 + c * 3 + r]).toBe(src[b * 120 + r * 40 + c]);
  });
});

describe('Sum over leading axes (wasm)', () => {
  it.each([
    [[4, 5, 6, 3], [0, 1, 2], false],
    [[4, 5, 6, 3], [0, 1, 2], true],
    [[4, 5, 6, 3], [-4, -3, -2], false],
    [[7, 3], 0, false],
    [[4, 5, 6, 3], [1, 2], false],
    [[4, 5, 6, 3], -1, true],
    [[4, 5], undefined, false],
  ] as const)('x %j, axis %j, keepDims %s matches cpu', async (shape, axis, keepDims) => {
    const xv = seeded(sizeOf(shape), 8);
    const r = await onBoth(() => tf.tidy(() => tf.sum(tf.tensor(xv, [...shape]), axis === undefined ? undefined : (axis as number | number[]), keepDims)));
    close(r.wasm, r.cpu, 1e-4);
  });

  it('recognises exactly the leading axes', () => {
    expect(isLeadingAxes([0, 1, 2], 4)).toBe(true);
    expect(isLeadingAxes([2, 0, -3], 4)).toBe(true);
    expect(isLeadingAxes(0, 2)).toBe(true);
    expect(isLeadingAxes([0, 1], 4)).toBe(false);
    expect(isLeadingAxes([1, 2, 3], 4)).toBe(false);
    expect(isLeadingAxes([0, 0, 1], 3)).toBe(false);
    expect(isLeadingAxes(undefined, 3)).toBe(false);
  });
});

describe.each(['cpu', 'wasm'])('ResizeNearestNeighborGrad on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  // The gradient is the adjoint of the forward resize R: <R x, dy> = <x, Rᵀ dy> for every x and dy.
  it.each([
    [[3, 4, 4, 2], [8, 8], false, false],
    [[2, 3, 5, 1], [7, 9], false, false],
    [[2, 4, 4, 3], [7, 6], true, false],
    [[2, 5, 3, 2], [8, 7], false, true],
    [[2, 6, 6, 1], [4, 3], false, false],
  ] as const)('images %j → %j, alignCorners %s, halfPixelCenters %s is the adjoint of the resize', (shape, size, alignCorners, halfPixelCenters) => {
    const [lhs, rhs] = tf.tidy(() => {
      const x = tf.tensor4d(seeded(sizeOf(shape), 21), [...shape]);
      const dy = tf.tensor4d(seeded(shape[0] * size[0] * size[1] * shape[3], 22), [shape[0], size[0], size[1], shape[3]]);
      const resize = (t: tf.Tensor): tf.Tensor => tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [...size], alignCorners, halfPixelCenters);
      const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(resize(t), dy)))(x);
      return [tf.sum(tf.mul(resize(x), dy)).dataSync()[0]!, tf.sum(tf.mul(x, grad)).dataSync()[0]!];
    });
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4);
  });

  it('sums each 2×2 block of dy into its source pixel, sample by sample', () => {
    const grad = tf.tidy(() => {
      const dy = tf.tensor4d(Float32Array.from({ length: 2 * 4 * 4 }, (_, i) => i), [2, 4, 4, 1]);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [4, 4]), dy)))(tf.zeros([2, 2, 2, 1])).dataSync();
    });
    // Second sample: dy values 16..31, blocks {16,17,20,21}, {18,19,22,23}, ...
    expect(Array.from(grad)).toEqual([10, 18, 42, 50, 74, 82, 106, 114]);
  });
});

describe('GatherV2 (wasm)', () => {
  it.each([
    ['rows of a matrix', [7, 5], 0, [6, 0, 3, 3, 1]],
    ['a middle axis', [3, 4, 2], 1, [3, 0, 2]],
    ['the last axis', [2, 6], -1, [5, 4, 0]],
    ['a 2-D index', [5, 3], 0, [[4, 0], [1, 1]]],
  ] as const)('gathers %s as the cpu kernel does', async (_, shape, axis, idx) => {
    const xv = seeded(sizeOf(shape), 11);
    const r = await onBoth(() => tf.tidy(() => tf.gather(tf.tensor(xv, [...shape]), tf.tensor(idx as unknown as number[], undefined, 'int32'), axis)));
    close(r.wasm, r.cpu, 0);
  });

  it('gathers int32 values and refuses an index out of range', async () => {
    const r = await onBoth(() => tf.gather(tf.tensor1d([5, 6, 7], 'int32'), tf.tensor1d([2, 0, 2], 'int32')));
    expect(Array.from(r.wasm)).toEqual([7, 5, 7]);
    await tf.setBackend('wasm');
    expect(() => tf.gather(tf.tensor1d([1, 2]), tf.tensor1d([2], 'int32'))).toThrow(/not in \[0, 1\]/);
  });

  it('keeps its gradient (UnsortedSegmentSum) working', async () => {
    const r = await onBoth(() => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.gather(x, tf.tensor1d([2, 0, 2], 'int32')), tf.tensor2d([[1, 2], [3, 4], [5, 6]]))))(tf.ones([3, 2]))));
    close(r.wasm, r.cpu, 1e-6);
    expect(Array.from(r.wasm)).toEqual([3, 4, 0, 0, 6, 8]);
  });
});
