/**
 * Per-sample MINE: a critic θ trained by Adam to maximise the DV bound between the K samples of x
 * and of x'. One estimator per attacked sample (θ, its Adam state and the shuffle stream are never
 * shared between samples).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { criticVariables, disposeCritic, initCritic, type CriticLayout, type CriticParams } from './critic';
import { collapse, disposeCollapsed, miAndGradFast, miFast, type CollapsedCritic } from './critic-fast';
import { FusedAdam } from './fused-adam';
import { permutationMatrix } from './permutation';

export interface MineOptions {
  /** Adam learning rate; the authors use 1.5e-5. */
  lr: number;
  /** Belghazi et al.'s moving-average correction of the denominator's gradient. */
  biasCorrection: boolean;
  /** Rate of that moving average (0.01 in the MINE paper). */
  emaRate: number;
}

export const DEFAULT_MINE_OPTIONS: MineOptions = { lr: 1.5e-5, biasCorrection: false, emaRate: 0.01 };

export class MineEstimator {
  readonly layout: CriticLayout;
  readonly params: CriticParams;
  private readonly vars: tf.Variable[];
  private readonly optimizer: FusedAdam;
  private readonly rng: Rng;
  private readonly opts: MineOptions;
  private frozen: CollapsedCritic | null = null;
  /** log of the moving average of mean exp T_marg; null until the first step. */
  private logEma: tf.Scalar | null = null;
  private lastPerm: Int32Array | null = null;

  constructor(layout: CriticLayout, rng: Rng, opts: Partial<MineOptions> = {}) {
    this.opts = { ...DEFAULT_MINE_OPTIONS, ...opts };
    if (!(this.opts.lr > 0) || !Number.isFinite(this.opts.lr))
      throw new Error(`MINE lr must be > 0, got ${this.opts.lr}`);
    this.layout = layout;
    this.rng = rng;
    this.params = initCritic(layout, rng.fork('init'));
    this.vars = criticVariables(this.params);
    // Adam's ε̂ is explicit: tfjs's own Adam would use its backend epsilon (1e-7, or 1e-4 on half floats).
    this.optimizer = new FusedAdam(this.vars, this.opts.lr, 0.9, 0.999, 1e-8);
  }

  /** A fresh seeded shuffle for one evaluation of the marginal term. */
  nextPermutation(k: number): Int32Array {
    this.lastPerm = this.rng.permutation(k);
    return this.lastPerm;
  }

  /** The shuffle used by the latest evaluation (for display). */
  get permutation(): Int32Array | null {
    return this.lastPerm;
  }

  /** θ frozen as collapsed tensors; valid until the next train step. */
  collapsed(): CollapsedCritic {
    this.frozen ??= collapse(this.params);
    return this.frozen;
  }

  /** I_θ(x, y) at the current θ with a fresh shuffle; differentiable w.r.t. y. */
  mi(x: tf.Tensor, y: tf.Tensor): tf.Scalar {
    const perm = permutationMatrix(this.nextPermutation(x.shape[0]));
    try {
      return miFast(this.collapsed(), x, y, perm);
    } finally {
      perm.dispose();
    }
  }

  /**
   * One Adam ascent step on I_θ(x, y). Returns the estimate at θ before the update (the value whose
   * gradient was followed), as a scalar tensor the caller owns.
   */
  trainStep(x: tf.Tensor, y: tf.Tensor): tf.Scalar {
    const k = x.shape[0];
    const perm = permutationMatrix(this.nextPermutation(k));
    const emaRate = this.opts.emaRate;
    const prevLogEma = this.logEma;
    const ema: { next: tf.Scalar | null } = { next: null };
    const weights = this.opts.biasCorrection
      ? (tMarg: tf.Tensor2D): tf.Tensor2D => {
          // ema ← (1−r)·ema + r·mean exp T_marg, in log space so that large T cannot overflow.
          const lme = tf.sub(tf.logSumExp(tf.reshape(tMarg, [-1])), Math.log(k));
          const updated = prevLogEma
            ? tf.logSumExp(
                tf.stack([tf.add(prevLogEma, Math.log(1 - emaRate)), tf.add(lme, Math.log(emaRate))]),
              )
            : lme;
          ema.next = tf.keep(tf.clone(updated)) as tf.Scalar;
          return tf.exp(tf.sub(tf.sub(tMarg, Math.log(k)), updated)) as tf.Tensor2D;
        }
      : undefined;
    const { mi, logMeanExpMarg, grads } = miAndGradFast(this.params, x, y, perm, weights);
    perm.dispose();
    logMeanExpMarg.dispose();
    this.optimizer.step(grads, 'ascend');
    for (const g of grads) g.dispose();
    if (ema.next) {
      this.logEma?.dispose();
      this.logEma = ema.next;
    }
    this.invalidate();
    return mi;
  }

  private invalidate(): void {
    if (this.frozen) disposeCollapsed(this.frozen);
    this.frozen = null;
  }

  dispose(): void {
    this.invalidate();
    this.optimizer.dispose();
    disposeCritic(this.params);
    this.logEma?.dispose();
    this.logEma = null;
  }
}
