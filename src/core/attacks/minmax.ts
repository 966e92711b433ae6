/**
 * The supervised MinMax attack (Hsu et al., Algorithm 1; docs/ALGORITHM.md §2):
 *   min_δ max_{c≥0} c·f⁺(x + δ) − I_θ(x, x + δ), with c by dual ascent c ← (1 − β/t^¼)c + β·f⁺,
 * keeping δ* of highest I among successful iterates. The loop itself is MinMaxLoop.step
 * (minmax-loop.ts), which MINE-UAE runs too; here it runs on one image's players (MineDescent:
 * the δ step, the critic's step, the readback) with the supervised rules, one iteration per call, so
 * that a UI can pause, step one player and replay it, or continue from another run's state
 * (resume.ts). The criterion and MINE samples come from target.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { bookedOutcome } from './booking';
import type { MarginSpec } from './criteria';
import { marginFailure } from './failure';
import { MineDescent } from './mine-descent';
import type { StepPart } from '../vocabulary';
import { MinMaxLoop, MinMaxLoopRun, SUPERVISED_RULES } from './minmax-loop';
import type { AttackOptions } from './options';
import { validateResume, type ResumeState } from './resume';
import { attackToEnd } from './run-to-end';
import { supervisedTarget } from './target';
import {
  emptyResultBase,
  marginSpec,
  measureReturned,
  predictClass,
  sampleTensor,
  type SupervisedSample,
} from './supervised';
import type { AttackResult, IterationRecord } from './trace';

export class MinMaxRun extends MinMaxLoopRun {
  private readonly descent: MineDescent;
  protected readonly loop: MinMaxLoop;

  /**
   * `resume`: continue another run's state (checked before anything is allocated). Iteration
   * numbering, δ, c and δ* continue; the MINE critic does not: it starts fresh, because its weights
   * may have been lost with the backend that ran the first part.
   */
  private constructor(
    private readonly clf: AttackedClassifier,
    private readonly opts: AttackOptions,
    private readonly spec: MarginSpec,
    private readonly label: number,
    readonly predictedClean: number,
    x: tf.Tensor4D,
    resume: ResumeState | undefined,
  ) {
    super();
    if (resume !== undefined) validateResume(resume, opts.iters, x.size);
    this.descent = new MineDescent(supervisedTarget(clf, spec), x, opts, new Rng(opts.seed));
    if (resume !== undefined) this.descent.seedDelta(resume.delta);
    this.loop = new MinMaxLoop(this.descent, opts, SUPERVISED_RULES, x.shape, resume);
  }

  static async create(
    clf: AttackedClassifier,
    sample: SupervisedSample,
    opts: AttackOptions,
    resume?: ResumeState,
  ): Promise<MinMaxRun> {
    const x = sampleTensor(clf, sample);
    try {
      const predicted = await predictClass(clf, x);
      return new MinMaxRun(clf, opts, marginSpec(opts, sample.label), sample.label, predicted, x, resume);
    } finally {
      x.dispose();
    }
  }

  /** MINE-only steps taken with step('critic'), outside the iteration count. */
  get criticSteps(): number {
    return this.loop.criticSteps;
  }

  /** The dual variable: the weight of f⁺ in the δ objective. */
  get c(): number {
    return this.loop.c[0]!;
  }

  get estimator() {
    return this.descent.estimator;
  }

  /** x′ − x of the current iterate, read back. */
  delta(): Promise<Float32Array> {
    return this.descent.effectiveDelta(this.descent.delta);
  }

  /** One iteration of Algorithm 1 (MinMaxLoop.step); `part` moves one player only. */
  async step(part: StepPart = 'both'): Promise<IterationRecord> {
    return (await this.loop.step(part))[0]!;
  }

  /**
   * Alg. 1 line 12: returns δ* (or, flagged as a failure, the iterate closest to success), measured
   * on the model and checked (finite, in [0, 1], within ε), with the run's bookkeeping.
   */
  async result(cancelled = false): Promise<AttackResult> {
    const base = emptyResultBase('minmax', this.opts, this.label, this.predictedClean);
    const adv = tf.tidy(() => this.descent.adversarial(this.loop.book.chosen(this.descent.delta)));
    const ledger = this.loop.book.ledgers[0]!;
    try {
      const measured = await measureReturned(this.clf, this.descent.x, adv, this.spec);
      const x = (await this.descent.x.data()) as Float32Array;
      return {
        ...base,
        ...measured,
        ...bookedOutcome(ledger, x, measured.adversarial, this.opts.eps, (s) =>
          marginFailure(s, { iters: this.opts.iters, cancelled }),
        ),
        itersRun: this.t,
        msPerIter: this.loop.msPerIter,
        cancelled,
      };
    } finally {
      adv.dispose();
    }
  }

  dispose(): void {
    this.descent.dispose();
    this.loop.dispose();
  }
}

export const attackMinMax = attackToEnd((clf: AttackedClassifier, sample: SupervisedSample, opts) =>
  MinMaxRun.create(clf, sample, opts),
);
