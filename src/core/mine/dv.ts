/**
 * The Donsker–Varadhan lower bound on mutual information:
 *   I = mean_k T(X_k, Y_k) − log mean_k exp T(X_k, Y_π(k)).
 * The second term is logSumExp − log K, never log(mean(exp)), which overflows near 88.7 in
 * float32 (and near 11 on half-float GPUs).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';

/** DV bound as a scalar tensor; differentiable. tJoint, tMarg: shape [K] or [K, 1]. */
export function dvBound(tJoint: tf.Tensor, tMarg: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const k = tMarg.size;
    const joint = tf.mean(tJoint);
    return tf.sub(joint, tf.sub(stableLogSumExp(tf.reshape(tMarg, [-1])), Math.log(k))) as tf.Scalar;
  });
}

/**
 * logSumExp of a vector that stays defined when every entry is −Infinity (then −Infinity,
 * where tf.logSumExp gives NaN). The shift by the max keeps exp in range.
 */
export function stableLogSumExp(v: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const m = tf.max(v);
    const shift = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
    return tf.add(shift, tf.log(tf.sum(tf.exp(tf.sub(v, shift))))) as tf.Scalar;
  });
}

/**
 * The bound per row: tJoint, tMarg [B, K] → [B], one bound per image of a batch (the batched UAE's
 * critic), with the same guard as `stableLogSumExp`.
 */
export function dvBoundRows(tJoint: tf.Tensor2D, tMarg: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const k = tMarg.shape[1];
    return tf.sub(tf.mean(tJoint, 1), tf.sub(stableLogSumExpRows(tMarg), Math.log(k))) as tf.Tensor1D;
  });
}

/** logSumExp of each row of m [B, K] → [B]; a row of −Infinity gives −Infinity, not NaN. */
export function stableLogSumExpRows(m: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const max = tf.max(m, 1, true);
    const shift = tf.where(tf.isFinite(max), max, tf.zerosLike(max));
    return tf.add(tf.reshape(shift, [-1]), tf.log(tf.sum(tf.exp(tf.sub(m, shift)), 1))) as tf.Tensor1D;
  });
}

/** The same bound on plain numbers, in float64, for checks and CPU-side bookkeeping. */
export function dvBoundArray(tJoint: ArrayLike<number>, tMarg: ArrayLike<number>): number {
  if (tJoint.length === 0 || tMarg.length === 0) throw new Error('DV bound needs at least one sample');
  let sum = 0;
  for (let i = 0; i < tJoint.length; i++) sum += tJoint[i]!;
  return sum / tJoint.length - (logSumExp(tMarg) - Math.log(tMarg.length));
}

/** Stable logSumExp; −Infinity when every entry is −Infinity (instead of NaN). */
export function logSumExp(v: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i]! > m) m = v[i]!;
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.exp(v[i]! - m);
  return m + Math.log(s);
}
