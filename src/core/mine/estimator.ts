/**
 * Per-sample MINE: a critic θ trained by Adam to maximise a bound on the MI between the K samples of
 * x and of x' (DV, the paper's, unless another is chosen: bound-heads.ts). One estimator per attacked
 * sample (θ, its Adam state, MINE's moving average and the shuffle stream are never shared between
 * samples).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { criticVariables, disposeCritic, initCritic, type CriticLayout, type CriticParams } from './critic';
import { boundHead, DEFAULT_BOUND, type BoundChoice, type BoundHead } from './bound-heads';
import { collapse, disposeCollapsed, miAndGradFast, miFast, type CollapsedCritic } from './critic-fast';
import { FusedAdam } from './fused-adam';
import { permutationMatrix } from './permutation';

export interface MineOptions extends BoundChoice {
  /** Adam learning rate; the authors use 1.5e-5. */
  lr: number;
}

export const DEFAULT_MINE_OPTIONS: MineOptions = { lr: 1.5e-5, ...DEFAULT_BOUND };

export class MineEstimator {
  readonly layout: CriticLayout;
  readonly params: CriticParams;
  private readonly vars: tf.Variable[];
  private readonly optimizer: FusedAdam;
  private readonly rng: Rng;
  private readonly opts: MineOptions;
  private frozen: CollapsedCritic | null = null;
  /** The bound, with its state across steps (MINE's moving average). */
  private readonly head: BoundHead;
  private lastPerm: Int32Array | null = null;

  constructor(layout: CriticLayout, rng: Rng, opts: Partial<MineOptions> = {}) {
    this.opts = { ...DEFAULT_MINE_OPTIONS, ...opts };
    if (!(this.opts.lr > 0) || !Number.isFinite(this.opts.lr))
      throw new Error(`MINE lr must be > 0, got ${this.opts.lr}`);
    this.layout = layout;
    this.rng = rng;
    this.head = boundHead(this.opts);
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

  /**
   * I_θ(x, y) at the current θ with a fresh shuffle; differentiable w.r.t. y. `use: 'objective'`:
   * what the δ step descends (MINE's corrected surrogate; the value for every other bound).
   */
  mi(x: tf.Tensor, y: tf.Tensor, use: 'value' | 'objective' = 'value'): tf.Scalar {
    const perm = permutationMatrix(this.nextPermutation(x.shape[0]));
    try {
      return miFast(this.collapsed(), x, y, perm, this.head, use);
    } finally {
      perm.dispose();
    }
  }

  /**
   * One Adam ascent step on I_θ(x, y). Returns the estimate at θ before the update (the value whose
   * gradient was followed), as a scalar tensor the caller owns.
   */
  trainStep(x: tf.Tensor, y: tf.Tensor): tf.Scalar {
    const perm = permutationMatrix(this.nextPermutation(x.shape[0]));
    const { mi, grads } = miAndGradFast(this.params, x, y, perm, this.head, true);
    perm.dispose();
    this.optimizer.step(grads, 'ascend');
    for (const g of grads) g.dispose();
    this.head.commit();
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
    this.head.dispose();
  }
}
