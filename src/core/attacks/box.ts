/**
 * The set every attack keeps δ in: ‖δ‖∞ ≤ ε and x + δ in [0, 1], so per pixel
 * max(−x, −ε) ≤ δ ≤ min(1 − x, ε). The bounds are computed once per image; clipping onto them is the
 * exact projection onto this box.
 */
import * as tf from '@tensorflow/tfjs-core';

export class DeltaBox {
  readonly lo: tf.Tensor4D;
  readonly hi: tf.Tensor4D;

  constructor(x: tf.Tensor4D, eps: number) {
    this.lo = tf.keep(tf.tidy(() => tf.maximum(tf.neg(x), -eps)));
    this.hi = tf.keep(tf.tidy(() => tf.minimum(tf.sub(1, x), eps)));
  }

  /** δ clipped into the box (a new tensor; the caller owns it). */
  project(d: tf.Tensor): tf.Tensor4D {
    return tf.minimum(tf.maximum(d, this.lo), this.hi) as tf.Tensor4D;
  }

  dispose(): void {
    tf.dispose([this.lo, this.hi]);
  }
}
