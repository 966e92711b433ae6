/**
 * The penalty-based baseline: Carlini–Wagner's binary search on a FIXED c, with −I in place of the
 * L2 distance. Each search step restarts δ, θ and Adam and runs T iterations of the same
 * MINE-regularised descent as MinMax; δ* is the successful iterate of highest I over all steps.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { BestKeeper, bookedIterate } from './booking';
import { checkIteration, checkRecord } from './checks';
import type { MarginSpec } from './criteria';
import { attackToEnd } from './run-to-end';
import { supervisedTarget } from './target';
import { MineDescent } from './mine-descent';
import { SUPERVISED_RULES } from './minmax-loop';
import type { AttackOptions } from './options';
import type { ResumeState } from './resume';
import { SearchSteps } from './search-steps';
import {
  emptyResultBase,
  marginSpec,
  measureReturned,
  withSample,
  type SupervisedSample,
} from './supervised';
import type { AttackResult, IterationRecord } from './trace';

/**
 * The penalty search driven one iteration at a time (so that a viewer can pause it), or continued
 * from another run's state (resume.ts): search step, c and its bounds, δ and the booking carry over.
 */
export class PenaltyRun {
  private readonly keeper = new BestKeeper();
  private readonly search: SearchSteps;
  private descent: MineDescent | null = null;
  elapsedMs = 0;
  private readonly spec: MarginSpec;

  private constructor(
    private readonly clf: AttackedClassifier,
    private readonly opts: AttackOptions,
    private readonly label: number,
    readonly predictedClean: number,
    private readonly x: tf.Tensor4D,
    resume: ResumeState | undefined,
  ) {
    this.spec = marginSpec(opts, label);
    this.search = new SearchSteps(opts, x.size, resume);
    if (resume !== undefined) {
      this.keeper.restore(resume.booking, x.shape);
      if (this.search.midStep) this.ensureDescent().seedDelta(resume.delta);
    }
  }

  static async create(
    clf: AttackedClassifier,
    sample: SupervisedSample,
    opts: AttackOptions,
    resume?: ResumeState,
  ): Promise<PenaltyRun> {
    return withSample(
      clf,
      sample,
      (x, predicted) => new PenaltyRun(clf, opts, sample.label, predicted, x, resume),
    );
  }

  get done(): boolean {
    return this.search.done;
  }

  get resumedFrom(): number {
    return this.search.resumedFrom;
  }

  /** The current search step's MINE critic (null before the first iteration). */
  get estimator() {
    return this.descent?.estimator ?? null;
  }

  /** The current search step's descent; each step restarts δ, θ and Adam from its own generator. */
  private ensureDescent(): MineDescent {
    if (this.descent !== null) return this.descent;
    const rng = this.search.stepRng();
    this.descent = new MineDescent(supervisedTarget(this.clf, this.spec), this.x, this.opts, rng);
    return this.descent;
  }

  async step(): Promise<IterationRecord> {
    const start = performance.now();
    const search = this.search;
    if (search.advance()) {
      this.descent?.dispose();
      this.descent = null;
    }
    const descent = this.ensureDescent();
    // So that a viewer can show the images while the search runs, not only at the end.
    const every = this.opts.traceDeltaEvery;
    // The objective of the supervised MinMax (c·f⁺ − I), at the search's fixed c.
    descent.moveDelta(Float64Array.of(search.state.c), SUPERVISED_RULES.miSign);
    const mi = descent.criticStep(true);
    const withDelta = every > 0 && (search.total + 1) % every === 0;
    const m = await descent.measure(mi, this.opts.semantics === 'reference', withDelta);
    const booked = bookedIterate(this.opts.semantics, m, descent.previousDelta!, descent.delta);
    const rec: IterationRecord = {
      t: search.t + 1,
      part: 'both',
      searchStep: search.step,
      c: search.state.c,
      f: booked.f,
      fPlus: Math.max(0, booked.f),
      mi: booked.mi,
      success: booked.f <= 0,
      linf: booked.linf,
      l2: booked.l2,
      bestMi: null,
      predicted: booked.readout,
    };
    // The new iterate too (reference semantics books the one before it).
    checkIteration(
      { f: m.after.f[0]!, mi: booked.mi, c: rec.c, delta: m.after.l2[0]! },
      { t: rec.t, searchStep: rec.searchStep, itersPerStep: this.opts.iters },
    );
    checkRecord(rec, true, this.opts.iters);
    search.count(this.keeper.offer(booked, search.total + 1, rec.success));
    rec.bestMi = this.keeper.best?.mi ?? null;
    if (m.deltas !== null) rec.delta = m.deltas.slice();
    this.elapsedMs += performance.now() - start;
    return rec;
  }

  async result(cancelled = false): Promise<AttackResult> {
    const descent = this.ensureDescent();
    const adv = descent.adversarial(this.keeper.chosen() ?? descent.delta);
    try {
      const measured = await measureReturned(this.clf, this.x, adv, this.spec);
      const x = (await this.x.data()) as Float32Array;
      return {
        ...emptyResultBase('penalty', this.opts, this.label, this.predictedClean),
        ...measured,
        ...this.search.outcome(this.keeper.ledger, x, measured.adversarial, this.elapsedMs, cancelled),
      };
    } finally {
      adv.dispose();
    }
  }

  dispose(): void {
    this.descent?.dispose();
    this.descent = null;
    this.keeper.dispose();
    this.x.dispose();
  }
}

export const attackPenalty = attackToEnd((clf: AttackedClassifier, sample: SupervisedSample, opts) =>
  PenaltyRun.create(clf, sample, opts),
);
