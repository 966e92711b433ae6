/**
 * The supervised MinMax attack (Hsu et al., Algorithm 1):
 *   min_δ max_{c≥0} c·f⁺(x+δ) − I_θ(x, x+δ), with c by dual ascent c ← (1 − β/t^¼)c + β f⁺,
 * keeping δ* of highest I among successful iterates. Driven one iteration at a time, so that a UI
 * can pause, step and replay it, or continue from another run's state (resume.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import type { AttackedClassifier } from '../models/attacked-classifier';
import type { MarginSpec } from './criteria';
import { DualAscent, runToEnd } from './dual-ascent';
import { marginFailure } from './failure';
import type { StepPart } from './mine-descent';
import type { AttackOptions } from './options';
import type { ResumeState } from './resume';
import { supervisedTarget } from './target';
import {
  emptyResultBase,
  marginSpec,
  measureReturned,
  predictClass,
  sampleTensor,
  type AttackHooks,
  type SupervisedSample,
} from './supervised';
import type { AttackResult, IterationRecord } from './trace';

export class MinMaxRun {
  private readonly loop: DualAscent;

  private constructor(
    private readonly clf: AttackedClassifier,
    private readonly opts: AttackOptions,
    private readonly spec: MarginSpec,
    private readonly label: number,
    readonly predictedClean: number,
    x: tf.Tensor4D,
    resume: ResumeState | undefined,
  ) {
    this.loop = new DualAscent(
      supervisedTarget(clf, spec),
      x,
      opts,
      new Rng(opts.seed),
      {
        success: (b) => b.f <= 0,
        better: (a, b) => a > b,
        extra: (b) => ({ predicted: b.readout }),
        failure: marginFailure,
      },
      resume,
    );
  }

  /** Iterations run elsewhere before this run took over (0 for a fresh run). */
  get resumedFrom(): number {
    return this.loop.resumedFrom;
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

  get t(): number {
    return this.loop.t;
  }

  get c(): number {
    return this.loop.c;
  }

  get criticSteps(): number {
    return this.loop.criticSteps;
  }

  get done(): boolean {
    return this.loop.done;
  }

  get estimator() {
    return this.loop.descent.estimator;
  }

  /** x′ − x of the current iterate, read back. */
  delta(): Promise<Float32Array> {
    return this.loop.descent.effectiveDelta(this.loop.descent.delta);
  }

  /** One iteration, or one player's half of it (see DualAscent.step). */
  step(part: StepPart = 'both'): Promise<IterationRecord> {
    return this.loop.step(part);
  }

  async result(cancelled = false): Promise<AttackResult> {
    const base = emptyResultBase('minmax', this.opts, this.label, this.predictedClean);
    const measured = await this.loop.finish(
      (adv) => measureReturned(this.clf, this.loop.descent.x, adv, this.spec),
      cancelled,
    );
    return { ...base, ...measured };
  }

  dispose(): void {
    this.loop.dispose();
  }
}

export async function attackMinMax(
  clf: AttackedClassifier,
  sample: SupervisedSample,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<AttackResult> {
  return runToEnd(await MinMaxRun.create(clf, sample, opts), hooks);
}
