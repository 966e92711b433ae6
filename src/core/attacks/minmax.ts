/**
 * The supervised MinMax attack (Hsu et al., Algorithm 1):
 *   min_δ max_{c≥0} c·f⁺(x+δ) − I_θ(x, x+δ), with c by dual ascent c ← (1 − β/t^¼)c + β f⁺,
 * keeping δ* of highest I among successful iterates. Driven one iteration at a time, so that a UI
 * can pause, step and replay it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { BestKeeper, bookedIterate } from './booking';
import type { MarginSpec } from './criteria';
import { supervisedTarget } from './target';
import { MineDescent, type StepPart } from './mine-descent';
import type { AttackOptions } from './options';
import { nextC } from './schedule';
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
  t = 0;
  c: number;
  private readonly descent: MineDescent;
  private readonly keeper = new BestKeeper();
  private elapsedMs = 0;

  private constructor(
    private readonly clf: AttackedClassifier,
    private readonly opts: AttackOptions,
    private readonly spec: MarginSpec,
    private readonly label: number,
    readonly predictedClean: number,
    x: tf.Tensor4D,
  ) {
    this.c = opts.c0;
    this.descent = new MineDescent(supervisedTarget(clf, spec), x, opts, new Rng(opts.seed));
  }

  static async create(
    clf: AttackedClassifier,
    sample: SupervisedSample,
    opts: AttackOptions,
  ): Promise<MinMaxRun> {
    const x = sampleTensor(clf, sample);
    try {
      const predicted = await predictClass(clf, x);
      return new MinMaxRun(clf, opts, marginSpec(opts, sample.label), sample.label, predicted, x);
    } finally {
      x.dispose();
    }
  }

  get done(): boolean {
    return this.t >= this.opts.iters;
  }

  get estimator() {
    return this.descent.estimator;
  }

  /** MINE-only steps taken with step('critic'), outside the iteration count. */
  criticSteps = 0;

  /**
   * One iteration; `part` moves one player only: "attacker" (δ and c, I evaluated but θ frozen)
   * counts as an iteration, "critic" (θ only) does not advance t.
   */
  async step(part: StepPart = 'both'): Promise<IterationRecord> {
    const start = performance.now();
    if (part === 'critic') this.criticSteps += 1;
    else this.t += 1;
    const m = await this.descent.step(this.c, part);
    const booked = bookedIterate(this.opts.semantics, m, this.descent.previousDelta!, this.descent.delta);
    if (part !== 'critic') {
      // Paper: c follows f⁺ of the new iterate; the authors' code uses the iterate before the step.
      const fForC = this.opts.semantics === 'paper' ? m.fAfter : m.fBefore;
      this.c = nextC(this.c, this.t, this.opts.beta, Math.max(0, fForC));
    }
    const success = this.keeper.offer(booked, this.t, booked.f <= 0);
    const rec: IterationRecord = {
      t: this.t,
      part,
      searchStep: 0,
      c: this.c,
      f: booked.f,
      fPlus: Math.max(0, booked.f),
      mi: booked.mi,
      success,
      linf: booked.linf,
      l2: booked.l2,
      bestMi: this.keeper.best?.mi ?? null,
      predicted: booked.readout,
    };
    const every = this.opts.traceDeltaEvery;
    if (every > 0 && this.t % every === 0) rec.delta = await this.descent.effectiveDelta(booked.delta);
    this.elapsedMs += performance.now() - start;
    return rec;
  }

  async result(cancelled = false): Promise<AttackResult> {
    const chosen = this.keeper.chosen() ?? this.descent.delta;
    const adv = this.descent.adversarial(chosen);
    try {
      const measured = await measureReturned(this.clf, this.descent.x, adv, this.spec);
      return {
        ...emptyResultBase('minmax', this.opts, this.label, this.predictedClean),
        ...measured,
        success: this.keeper.best !== null,
        firstSuccessIter: this.keeper.firstSuccessIter,
        miBest: this.keeper.best?.mi ?? null,
        itersRun: this.t,
        msPerIter: this.t > 0 ? this.elapsedMs / this.t : 0,
        cancelled,
      };
    } finally {
      adv.dispose();
    }
  }

  dispose(): void {
    this.descent.dispose();
    this.keeper.dispose();
  }
}

export async function attackMinMax(
  clf: AttackedClassifier,
  sample: SupervisedSample,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<AttackResult> {
  const run = await MinMaxRun.create(clf, sample, opts);
  try {
    while (!run.done) {
      if (hooks.signal?.aborted) return await run.result(true);
      const rec = await run.step();
      await hooks.onIteration?.(rec);
    }
    return await run.result();
  } finally {
    run.dispose();
  }
}
