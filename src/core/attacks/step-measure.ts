/**
 * What one MinMax iteration reads back, per image, in one transfer (a second transfer per iteration
 * costs a GPU sync on the GPU backends). The single-image and the batched players pack it alike:
 *   [f, readout, ‖x′−x‖∞, ‖x′−x‖₂ of the new iterate (B each) | I (B) | the same four of the iterate
 *    before the step (B each; reference semantics only) | x′ − x of the booked iterates (B·pixels)]
 */
import * as tf from '@tensorflow/tfjs-core';

/** f, readout and the norms of B iterates, image b at [b]. */
export interface Iterates {
  f: ArrayLike<number>;
  /** The target's readout: the predicted class, or the reconstruction error. */
  readout: ArrayLike<number>;
  linf: ArrayLike<number>;
  l2: ArrayLike<number>;
}

export interface StepMeasure {
  /** The iterate after the δ step (x′_{t+1}). */
  after: Iterates;
  /** The iterate before it (x′_t), measured when asked for (reference semantics books it). */
  before: Iterates | null;
  /** The DV estimate of the last MINE step, at x′_{t+1}. */
  mi: ArrayLike<number>;
  /** x′ − x of the booked iterates, image after image, when asked for. */
  deltas: Float32Array | null;
}

/** What a player is measured by: x, δ now and before the step, x′ of a stored δ, and its four rows. */
export interface MeasuredPlayer {
  readonly x: tf.Tensor4D;
  readonly delta: tf.Tensor4D;
  readonly previousDelta: tf.Tensor4D | null;
  adversarial(d: tf.Tensor4D): tf.Tensor4D;
  /** [f, readout, ‖x′−x‖∞, ‖x′−x‖₂] of the B iterates of a stored δ (B each). */
  rows(d: tf.Tensor4D): tf.Tensor1D;
}

/**
 * One readback of `n` images: the iterate after the step, `withBefore` the one before it, and
 * `withDelta` x′ − x of the booked one (before the step when `withBefore`, as the reference
 * semantics books). Disposes `mi`.
 */
export async function measureStep(
  p: MeasuredPlayer,
  n: number,
  mi: tf.Tensor,
  withBefore: boolean,
  withDelta: boolean,
): Promise<StepMeasure> {
  const before = withBefore ? p.previousDelta! : null;
  const booked = before ?? p.delta;
  const packed = tf.tidy(() => {
    const parts = [p.rows(p.delta), tf.reshape(mi, [-1])];
    if (before !== null) parts.push(p.rows(before));
    if (withDelta) parts.push(tf.reshape(tf.sub(p.adversarial(booked), p.x), [-1]));
    return tf.concat(parts);
  });
  mi.dispose();
  const v = (await packed.data()) as Float32Array;
  packed.dispose();
  const rows = (offset: number): Iterates => {
    const row = (i: number) => v.subarray(offset + i * n, offset + (i + 1) * n);
    return { f: row(0), readout: row(1), linf: row(2), l2: row(3) };
  };
  return {
    after: rows(0),
    mi: v.subarray(4 * n, 5 * n),
    before: withBefore ? rows(5 * n) : null,
    deltas: withDelta ? v.subarray((withBefore ? 9 : 5) * n) : null,
  };
}
