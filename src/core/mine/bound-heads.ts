/**
 * Each MI bound of bounds.ts as the attack's critic needs it: its value per image, what the δ step
 * differentiates, and its derivative with respect to the marginal scores, written out once for the
 * hand-written backward pass (critic-fast.ts `headGrads`, which the single critic and the batched
 * UAE critic share). Every bound here takes the plain mean of the joint scores, so dI/dT_joint is
 * 1/K for all of them; what differs is −dI/dT_marg, the weights the marginal pairs are pulled down
 * with (`margWeights`):
 *   dv       softmax_k(T_marg)                                   (the derivative of log mean exp)
 *   mine     exp(T_marg)/(K·m̂): DV's denominator replaced by the bias-corrected moving average m̂
 *   nwj      exp(T_marg − 1)/K
 *   smile    softmax_k(clip(T_marg, ±τ)), zero where the clip holds the score
 *   infonce  softmax_j(T(x_i, y_j))/K over all K² pairs of an image (row i: x_i with every y_j)
 * Scores come in rows, one per image: T_joint [B, K], T_marg [B, M] (M = K, or K² for InfoNCE).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import type { BoundChoice, BoundName } from './bound-names';
import { dvBoundRows, stableLogSumExpRows } from './dv';

export { DEFAULT_BOUND, type BoundChoice } from './bound-names';

/**
 * InfoNCE scores B·K² pairs a step, each a row of `out` values through ~8 live tensors: 2^20 pairs
 * is ~340 MB at out = 10. The supervised attack (K = 32: 1,024 pairs) and the conv AE (K = 16) are far
 * below; random projections (K = 500: 250,000 pairs an image) allow batches of 4.
 */
export const INFONCE_MAX_PAIRS = 2 ** 20;

/** Why InfoNCE is refused for B images of K samples, or null. */
export function infoNcePairsProblem(batch: number, k: number): string | null {
  const pairs = batch * k * k;
  return pairs <= INFONCE_MAX_PAIRS
    ? null
    : `InfoNCE scores all K² pairs of each image: ${batch} image(s) of K = ${k} samples make ${pairs.toLocaleString('en')} pairs a step, above the ${INFONCE_MAX_PAIRS.toLocaleString('en')} this engine allows (memory); attack fewer images at once (${Math.max(1, Math.floor(INFONCE_MAX_PAIRS / (k * k)))} at most) or choose another bound`;
}

/** Which marginal pairs a bound scores: K shuffled pairs per image, or all K² (x_i with y_j, row-major). */
export type PairLayout = 'shuffle' | 'all';

export interface BoundHead {
  readonly name: BoundName;
  readonly pairs: PairLayout;
  /** The estimate per image [B] (MINE's is DV's value). Differentiable. */
  value(tJoint: tf.Tensor2D, tMarg: tf.Tensor2D): tf.Tensor1D;
  /**
   * What the δ step differentiates, per image [B]: the value, except for MINE, whose surrogate has
   * the corrected gradient at the current average (its value is no bound).
   */
  objective(tJoint: tf.Tensor2D, tMarg: tf.Tensor2D): tf.Tensor1D;
  /**
   * −dI/dT_marg [B, M] for the θ step. `training`: MINE folds this batch into its average, kept
   * aside until `commit` (so a failed step leaves the state as it was).
   */
  margWeights(tMarg: tf.Tensor2D, training: boolean): tf.Tensor2D;
  /** After the θ step: the state margWeights prepared becomes the critic's (MINE's average). */
  commit(): void;
  dispose(): void;
}

const stateless = (
  name: BoundName,
  value: (tJoint: tf.Tensor2D, tMarg: tf.Tensor2D) => tf.Tensor1D,
  margWeights: (tMarg: tf.Tensor2D) => tf.Tensor2D,
  pairs: PairLayout = 'shuffle',
): BoundHead => ({
  name,
  pairs,
  value,
  objective: value,
  margWeights,
  commit: () => undefined,
  dispose: () => undefined,
});

const meanJoint = (tJoint: tf.Tensor2D) => tf.mean(tJoint, 1);

function smileHead(tau: number): BoundHead {
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`SMILE's clip τ must be > 0, got ${tau}`);
  const clip = (t: tf.Tensor2D) => tf.clipByValue(t, -tau, tau);
  return stateless(
    'smile',
    (tJoint, tMarg) => dvBoundRows(tJoint, clip(tMarg)),
    // tfjs passes the clip's gradient where −τ ≤ T ≤ τ, ends included; so does this.
    (tMarg) =>
      tf.mul(
        tf.softmax(clip(tMarg)),
        tf.cast(tf.logicalAnd(tf.greaterEqual(tMarg, -tau), tf.lessEqual(tMarg, tau)), 'float32'),
      ) as tf.Tensor2D,
  );
}

/** InfoNCE's rows: T_marg [B, K²] as [B·K, K], one row per x_i. */
function infoNceHead(): BoundHead {
  const perX = (tMarg: tf.Tensor2D) => {
    const k = Math.round(Math.sqrt(tMarg.shape[1]));
    return { k, rows: tf.reshape(tMarg, [-1, k]) as tf.Tensor2D };
  };
  return stateless(
    'infonce',
    (tJoint, tMarg) => {
      const { k, rows } = perX(tMarg);
      const lse = tf.reshape(stableLogSumExpRows(rows), tJoint.shape);
      return tf.add(tf.mean(tf.sub(tJoint, lse), 1), Math.log(k)) as tf.Tensor1D;
    },
    (tMarg) => {
      const { k, rows } = perX(tMarg);
      return tf.reshape(tf.div(tf.softmax(rows), k), tMarg.shape) as tf.Tensor2D;
    },
    'all',
  );
}

/**
 * MINE: DV's value; its gradient divides the marginal term by a moving average of mean exp T_marg
 * kept across steps, per image, in log space (large T cannot overflow) and with the start-up bias
 * of an average begun at 0 divided out, as `MovingAverage` (bounds.ts) does for the lab:
 * m_t = (1 − r)·m_{t−1} + r·mean exp T_marg, m̂_t = m_t / (1 − (1 − r)^t).
 */
class MineHead implements BoundHead {
  readonly name = 'mine';
  readonly pairs = 'shuffle';
  /** log m_t per image [B]; null before the first step. */
  private logM: tf.Tensor1D | null = null;
  private t = 0;
  private pending: tf.Tensor1D | null = null;

  constructor(private readonly rate: number) {
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`moving-average rate must be in (0, 1], got ${rate}`);
  }

  value(tJoint: tf.Tensor2D, tMarg: tf.Tensor2D): tf.Tensor1D {
    return dvBoundRows(tJoint, tMarg);
  }

  /** log m̂ after `t` updates, from log m_t. */
  private corrected(logM: tf.Tensor, t: number): tf.Tensor1D {
    return tf.sub(logM, Math.log(1 - (1 - this.rate) ** t)) as tf.Tensor1D;
  }

  /** Before any step there is no average: the exact DV gradient (the first average is that batch's). */
  objective(tJoint: tf.Tensor2D, tMarg: tf.Tensor2D): tf.Tensor1D {
    if (this.logM === null) return dvBoundRows(tJoint, tMarg);
    const logAvg = tf.reshape(this.corrected(this.logM, this.t), [-1, 1]);
    return tf.sub(meanJoint(tJoint), tf.mean(tf.exp(tf.sub(tMarg, logAvg)), 1)) as tf.Tensor1D;
  }

  margWeights(tMarg: tf.Tensor2D, training: boolean): tf.Tensor2D {
    const k = tMarg.shape[1];
    const lme = tf.sub(stableLogSumExpRows(tMarg), Math.log(k));
    let logAvg: tf.Tensor;
    if (!training) {
      if (this.logM === null) return tf.softmax(tMarg);
      logAvg = this.corrected(this.logM, this.t);
    } else {
      const logM =
        this.logM === null
          ? tf.add(lme, Math.log(this.rate))
          : tf.logSumExp(
              tf.stack([tf.add(this.logM, Math.log(1 - this.rate)), tf.add(lme, Math.log(this.rate))]),
              0,
            );
      this.pending?.dispose();
      this.pending = tf.keep(tf.clone(logM)) as tf.Tensor1D;
      logAvg = this.corrected(logM, this.t + 1);
    }
    return tf.exp(tf.sub(tf.sub(tMarg, Math.log(k)), tf.reshape(logAvg, [-1, 1]))) as tf.Tensor2D;
  }

  commit(): void {
    if (this.pending === null) return;
    this.logM?.dispose();
    this.logM = this.pending;
    this.pending = null;
    this.t += 1;
  }

  dispose(): void {
    this.logM?.dispose();
    this.pending?.dispose();
    this.logM = this.pending = null;
  }
}

/** The head of the chosen bound; a critic owns one (MINE's carries state) and disposes it. */
export function boundHead(choice: BoundChoice): BoundHead {
  switch (choice.bound) {
    case 'dv':
      return stateless('dv', dvBoundRows, (tMarg) => tf.softmax(tMarg));
    case 'nwj':
      return stateless(
        'nwj',
        (tJoint, tMarg) => tf.sub(meanJoint(tJoint), tf.mean(tf.exp(tf.sub(tMarg, 1)), 1)) as tf.Tensor1D,
        (tMarg) => tf.div(tf.exp(tf.sub(tMarg, 1)), tMarg.shape[1]) as tf.Tensor2D,
      );
    case 'smile':
      return smileHead(choice.smileTau);
    case 'infonce':
      return infoNceHead();
    case 'mine':
      return new MineHead(choice.emaRate);
  }
}
