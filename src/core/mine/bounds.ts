/**
 * The variational lower bounds on mutual information the MINE lab compares, each a function of the
 * critic's values on joint pairs T(x_k, y_k) and on marginal pairs T(x_k, y_π(k)):
 * - DV (Donsker–Varadhan, the paper's): E_P[T] − log E_Q[e^T] (dv.ts).
 * - NWJ (the f-divergence bound): E_P[T] − e⁻¹ E_Q[e^T]; looser than DV for the same T, unbiased in
 *   its batch means, but its optimum needs T = 1 + log p/(p_x p_y) exactly.
 * - InfoNCE: mean_i [T_ii − log Σ_j T_ij] + log N over all N² pairs of a batch; never above log N,
 *   whatever the true value.
 * - SMILE: DV with the marginal term's T clipped to [−τ, τ], trading bias for a smaller variance.
 * - MINE: DV's value, trained with the moving-average bias-corrected gradient: the batch's
 *   E_Q[e^T] in the gradient's denominator replaced by an exponential moving average of it.
 * Every function is differentiable and returns a scalar tensor it owns (tf.tidy inside).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { dvBound, stableLogSumExpRows } from './dv';

export { BOUND_LABELS, BOUND_NAMES, type BoundName } from './bound-names';

/** The paper's Donsker–Varadhan bound. */
export const dv = dvBound;

/** NWJ: E_P[T] − E_Q[e^(T − 1)], i.e. − e⁻¹ E_Q[e^T] without overflowing e^T first. */
export function nwj(tJoint: tf.Tensor, tMarg: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(tJoint), tf.mean(tf.exp(tf.sub(tMarg, 1)))) as tf.Scalar);
}

/**
 * InfoNCE. tJoint [N] (or [N, 1]) holds T(x_i, y_i); scores [N, N] holds T(x_i, y_j) for every pair,
 * its diagonal the joint pairs again (the row's normaliser includes its own positive).
 */
export function infoNce(tJoint: tf.Tensor, scores: tf.Tensor2D): tf.Scalar {
  const n = scores.shape[0];
  if (scores.shape[1] !== n)
    throw new Error(`InfoNCE needs a square score matrix, got ${scores.shape.join('×')}`);
  return tf.tidy(
    () =>
      tf.add(
        tf.mean(tf.sub(tf.reshape(tJoint, [-1]), stableLogSumExpRows(scores))),
        Math.log(n),
      ) as tf.Scalar,
  );
}

/** InfoNCE's ceiling for a batch of n: it can never report more than log n nats. */
export const infoNceCeiling = (n: number): number => Math.log(n);

/** SMILE: DV with the marginal term's T clipped to [−τ, τ]. */
export function smile(tJoint: tf.Tensor, tMarg: tf.Tensor, tau: number): tf.Scalar {
  if (!(tau > 0)) throw new RangeError(`SMILE's clip τ must be > 0, got ${tau}`);
  return tf.tidy(() => {
    const clipped = tf.clipByValue(tMarg, -tau, tau);
    return dvBound(tJoint, clipped);
  });
}

/**
 * MINE's moving average of E_Q[e^T], with the start-up bias of an average that begins at 0 divided
 * out (as Adam does for its moments): after t updates the estimate is m_t / (1 − (1 − α)^t).
 */
export class MovingAverage {
  private m = 0;
  private t = 0;
  constructor(readonly rate: number) {
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`moving-average rate must be in (0, 1], got ${rate}`);
  }
  update(value: number): number {
    this.t += 1;
    this.m = (1 - this.rate) * this.m + this.rate * value;
    return this.value;
  }
  get value(): number {
    return this.t === 0 ? NaN : this.m / (1 - (1 - this.rate) ** this.t);
  }
}

/**
 * MINE's surrogate loss: its gradient is −(E_P[∇T] − E_Q[e^T ∇T] / ma), the DV gradient with the
 * batch's E_Q[e^T] replaced by the moving average `ma` (a constant here). Its value is no bound;
 * report `dv` of the same T.
 */
export function mineSurrogateLoss(tJoint: tf.Tensor, tMarg: tf.Tensor, ma: number): tf.Scalar {
  if (!(ma > 0) || !Number.isFinite(ma)) throw new RangeError(`MINE's moving average must be > 0, got ${ma}`);
  return tf.tidy(() => tf.neg(tf.sub(tf.mean(tJoint), tf.div(tf.mean(tf.exp(tMarg)), ma))) as tf.Scalar);
}
