/**
 * The marginal's shuffle as a K×K permutation matrix: (Π·Y)[k] = Y[π(k)]. A matMul instead of
 * tf.gather, because gather's gradient needs UnsortedSegmentSum, which tfjs wasm lacks, and
 * because K ≤ 500 keeps the matrix tiny.
 */
import * as tf from '@tensorflow/tfjs-core';

export function permutationMatrix(perm: Int32Array): tf.Tensor2D {
  const k = perm.length;
  const m = new Float32Array(k * k);
  for (let i = 0; i < k; i++) {
    const j = perm[i]!;
    if (j < 0 || j >= k) throw new Error(`permutation entry ${j} out of range 0..${k - 1}`);
    m[i * k + j] = 1;
  }
  return tf.tensor2d(m, [k, k]);
}
