/**
 * The set every attack keeps δ in: ‖δ‖∞ ≤ ε and x + δ in [0, 1], so per pixel
 * max(−x, −ε) ≤ δ ≤ min(1 − x, ε). The bounds are computed once per image; clipping onto them is the
 * exact projection onto this box.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Semantics } from './options';

export class DeltaBox {
  readonly lo: tf.Tensor4D;
  readonly hi: tf.Tensor4D;

  constructor(
    x: tf.Tensor4D,
    private readonly eps: number,
  ) {
    this.lo = tf.keep(tf.tidy(() => tf.maximum(tf.neg(x), -eps)));
    this.hi = tf.keep(tf.tidy(() => tf.minimum(tf.sub(1, x), eps)));
  }

  /** δ clipped into the box (a new tensor; the caller owns it). */
  project(d: tf.Tensor): tf.Tensor4D {
    return tf.minimum(tf.maximum(d, this.lo), this.hi) as tf.Tensor4D;
  }

  /**
   * Where the MINE attacks keep a stored δ (docs/ALGORITHM.md §8). Paper: the box. Reference (the
   * authors' code): [−ε, ε] only; x′ is clipped instead (adversarialIn).
   */
  projectIn(semantics: Semantics, d: tf.Tensor): tf.Tensor4D {
    return semantics === 'paper' ? this.project(d) : (tf.clipByValue(d, -this.eps, this.eps) as tf.Tensor4D);
  }

  dispose(): void {
    tf.dispose([this.lo, this.hi]);
  }
}

/** x′ for a stored δ; in reference semantics out-of-box pixels get zero gradient and freeze. */
export function adversarialIn(semantics: Semantics, x: tf.Tensor4D, d: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const xa = tf.add(x, d);
    return semantics === 'paper' ? xa : tf.clipByValue(xa, 0, 1);
  }) as tf.Tensor4D;
}
