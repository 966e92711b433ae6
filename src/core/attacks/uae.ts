/**
 * MINE-UAE for one image, and its defaults. The attack itself (docs/ALGORITHM.md §5: min_δ max_c
 * c·f⁺(x+δ) + I_θ(x, x+δ), success f ≤ 0 with I > 0, the smallest positive I kept, else the iterate
 * of smallest f flagged as a failure) is written once, in uae-batch.ts; the single-image run here is
 * its batch of one. Authors' driver: T = 40, ε = 1.0, 20 MINE steps per iteration.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CriticPreset } from '../mine/critic';
import { reconstructionError, type AttackedAutoencoder } from './autoencoder-target';
import { runToEnd } from './dual-ascent';
import type { StepPart } from './mine-descent';
import type { AttackOptions } from './options';
import type { ResumeState } from './resume';
import type { AttackHooks } from './supervised';
import type { IterationRecord } from './trace';
import { UaeBatch } from './uae-batch';

export interface UaeResult {
  success: boolean;
  /** Null on success; else why (which of f ≤ 0 and I > 0 never held together, or a bad x′). */
  failureReason: string | null;
  firstSuccessIter: number | null;
  /** Smallest positive I among successes, or null. */
  miBest: number | null;
  delta: Float32Array;
  adversarial: Float32Array;
  linf: number;
  l2: number;
  /** f at the returned iterate, and the two reconstruction errors it compares. */
  f: number;
  reconClean: number;
  reconAdv: number;
  itersRun: number;
  msPerIter: number;
  cancelled: boolean;
}

/**
 * The unsupervised settings on top of the general defaults. The authors': T = 40, ε = 1, 20 MINE
 * steps, and δ0 Glorot-uniform (±0.086 on MNIST; their driver draws a U(−ε, ε) variable but attacks
 * another one, made by tf.get_variable without an initializer, hence Glorot). From U(−1, 1) noise
 * (f ≈ 90 on the shipped conv AE) 40 steps do not bring f to 0 on a well-trained AE.
 * Departure: α = 0.1 (authors: 0.01). f sums squared errors, and on the dense AE it starts near
 * 0.1–0.2 from the Glorot δ0, so c (which grows by β·f⁺) stays near 0.1 and f falls by ~α·c·|∇f|²
 * per step: at α = 0.01, 6 of 20 training images reached f ≤ 0 within 40 iterations; at 0.1 the
 * slowest ones do by iteration 23–29, and on the conv AE the first success comes at 3–4 instead of 10.
 */
export const UAE_DEFAULTS: Partial<AttackOptions> = {
  alpha: 0.1,
  iters: 40,
  eps: 1.0,
  mineSteps: 20,
  deltaInit: 'glorot',
};

/**
 * The default critic of MINE-UAE. Random-projection mode (dense AEs): the authors' (paper) critic,
 * which costs there about what the lite one does; the lite critic's DV estimate starts near −1.4
 * (its output spread at the Glorot start is about 3× the paper critic's) and at lr 1.5e-5 stays
 * below 0 for 40 iterations, so "I > 0" never holds. Conv mode: lite (a departure from the
 * authors: their critic has 11.9 M parameters on 16 maps of 28×28, ~12 s per iteration on wasm),
 * whose estimate starts near 0 and turns positive within a few iterations.
 */
export function uaeCritic(convMode: boolean): CriticPreset {
  return convMode ? 'lite' : 'paper';
}

/**
 * One image's MINE-UAE, stepped one iteration (or one player) at a time: the CLI's `attack --method
 * uae` and the app's run. It is the batched attack (uae-batch.ts) with a batch of one, so image
 * `imageId` of a batch gets exactly this run's trace.
 */
export class UaeRun {
  private readonly run: UaeBatch;
  /** No single critic's shuffle to show (SteppedRun). */
  readonly estimator = null;

  /** `resume`: continue another run's state (resume.ts); the MINE critic starts fresh. */
  constructor(
    ae: AttackedAutoencoder,
    x: Float32Array,
    opts: AttackOptions,
    resume?: ResumeState,
    imageId = 0,
  ) {
    this.run = new UaeBatch(ae, x, [imageId], opts, resume, false);
  }

  get t(): number {
    return this.run.t;
  }

  get resumedFrom(): number {
    return this.run.resumedFrom;
  }

  get done(): boolean {
    return this.run.done;
  }

  async step(part: StepPart = 'both'): Promise<IterationRecord> {
    return (await this.run.step(part))[0]!;
  }

  async result(cancelled = false): Promise<UaeResult> {
    const r = await this.run.result(cancelled);
    return { ...r.items[0]!, itersRun: r.itersRun, msPerIter: r.msPerIter, cancelled: r.cancelled };
  }

  dispose(): void {
    this.run.dispose();
  }
}

/** What a UAE-style result measures on the returned x′ (already in the box). */
export async function measureUae(
  ae: AttackedAutoencoder,
  x: tf.Tensor4D,
  adv: tf.Tensor4D,
): Promise<Pick<UaeResult, 'reconClean' | 'reconAdv' | 'f' | 'linf' | 'l2' | 'delta' | 'adversarial'>> {
  const packed = tf.tidy(() => {
    const diff = tf.sub(adv, x);
    return tf.concat([
      reconstructionError(ae, x, x),
      reconstructionError(ae, x, adv),
      tf.reshape(tf.max(tf.abs(diff)), [1]),
      tf.reshape(tf.sqrt(tf.sum(tf.square(diff))), [1]),
      tf.reshape(diff, [-1]),
      tf.reshape(adv, [-1]),
    ]);
  });
  const v = (await packed.data()) as Float32Array;
  packed.dispose();
  const n = x.size;
  return {
    reconClean: v[0]!,
    reconAdv: v[1]!,
    f: v[1]! - v[0]!,
    linf: v[2]!,
    l2: v[3]!,
    delta: v.slice(4, 4 + n),
    adversarial: v.slice(4 + n, 4 + 2 * n),
  };
}

export async function attackUae(
  ae: AttackedAutoencoder,
  x: Float32Array,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<UaeResult> {
  return runToEnd(new UaeRun(ae, x, opts), hooks);
}
