/**
 * The penalty-based baseline: Carlini–Wagner's binary search on a FIXED c, with −I in place of the
 * L2 distance. Each search step restarts δ, θ and Adam and runs T iterations of the same
 * MINE-regularised descent as MinMax; δ* is the successful iterate of highest I over all steps.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { BestKeeper, bookedIterate } from './booking';
import type { MarginSpec } from './criteria';
import { runToEnd } from './dual-ascent';
import { supervisedTarget } from './target';
import { MineDescent } from './mine-descent';
import type { AttackOptions } from './options';
import { validateResume, type ResumeState } from './resume';
import { initialSearch, nextSearch, type SearchState } from './schedule';
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

/**
 * The penalty search driven one iteration at a time (so that a viewer can pause it), or continued
 * from another run's state (resume.ts): search step, c and its bounds, δ and the booking carry over.
 */
export class PenaltyRun {
  private readonly keeper = new BestKeeper();
  private readonly root: Rng;
  /** How many search steps' generators have been forked from root (they are forked in order). */
  private forked = 0;
  private descent: MineDescent | null = null;
  private searchStep = 0;
  private search: SearchState;
  private succeeded = false;
  /** Iterations run in the current search step. */
  private t = 0;
  /** Iterations run over all search steps. */
  total = 0;
  elapsedMs = 0;
  readonly resumedFrom: number;
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
    this.root = new Rng(opts.seed);
    this.search = initialSearch(opts.c0);
    if (resume !== undefined) {
      validateResume(resume, opts.iters, x.size, opts.searchSteps);
      const p = resume.search!;
      this.searchStep = p.step;
      this.search = { ...p.state };
      this.succeeded = p.succeeded;
      this.t = resume.t;
      this.total = p.step * opts.iters + resume.t;
      this.keeper.restore(resume.booking, x.shape);
      // Mid-step, δ continues; at a step's start or end the step's own δ0 (or the next step's) is due.
      if (resume.t > 0 && resume.t < opts.iters) this.ensureDescent().seedDelta(resume.delta);
    }
    this.resumedFrom = this.total;
  }

  static async create(
    clf: AttackedClassifier,
    sample: SupervisedSample,
    opts: AttackOptions,
    resume?: ResumeState,
  ): Promise<PenaltyRun> {
    const x = sampleTensor(clf, sample);
    try {
      const predicted = await predictClass(clf, x);
      return new PenaltyRun(clf, opts, sample.label, predicted, x, resume);
    } catch (e) {
      x.dispose();
      throw e;
    }
  }

  get done(): boolean {
    return this.searchStep >= this.opts.searchSteps - 1 && this.t >= this.opts.iters;
  }

  /** The current search step's MINE critic (null before the first iteration). */
  get estimator() {
    return this.descent?.estimator ?? null;
  }

  /** The current search step's descent; each step restarts δ, θ and Adam from its own generator. */
  private ensureDescent(): MineDescent {
    if (this.descent !== null) return this.descent;
    let rng = this.root.fork(`search-${this.forked++}`);
    while (this.forked <= this.searchStep) rng = this.root.fork(`search-${this.forked++}`);
    this.descent = new MineDescent(supervisedTarget(this.clf, this.spec), this.x, this.opts, rng);
    return this.descent;
  }

  async step(): Promise<IterationRecord> {
    if (this.done) throw new Error('the penalty search has run all its steps');
    const start = performance.now();
    if (this.t >= this.opts.iters) {
      this.search = nextSearch(this.search, this.succeeded);
      this.searchStep += 1;
      this.succeeded = false;
      this.t = 0;
      this.descent?.dispose();
      this.descent = null;
    }
    const descent = this.ensureDescent();
    const m = await descent.step(this.search.c);
    this.t += 1;
    this.total += 1;
    const booked = bookedIterate(this.opts.semantics, m, descent.previousDelta!, descent.delta);
    if (this.keeper.offer(booked, this.total, booked.f <= 0)) this.succeeded = true;
    const rec: IterationRecord = {
      t: this.t,
      part: 'both',
      searchStep: this.searchStep,
      c: this.search.c,
      f: booked.f,
      fPlus: Math.max(0, booked.f),
      mi: booked.mi,
      success: booked.f <= 0,
      linf: booked.linf,
      l2: booked.l2,
      bestMi: this.keeper.best?.mi ?? null,
      predicted: booked.readout,
    };
    // So that a viewer can show the images while the search runs, not only at the end.
    const every = this.opts.traceDeltaEvery;
    if (every > 0 && this.total % every === 0) rec.delta = await descent.effectiveDelta(booked.delta);
    this.elapsedMs += performance.now() - start;
    return rec;
  }

  async result(cancelled = false): Promise<AttackResult> {
    const descent = this.ensureDescent();
    const adv = descent.adversarial(this.keeper.chosen() ?? descent.delta);
    try {
      const ran = this.total - this.resumedFrom;
      return {
        ...emptyResultBase('penalty', this.opts, this.label, this.predictedClean),
        ...(await measureReturned(this.clf, this.x, adv, this.spec)),
        success: this.keeper.best !== null,
        firstSuccessIter: this.keeper.firstSuccessIter,
        miBest: this.keeper.best?.mi ?? null,
        itersRun: this.total,
        msPerIter: ran > 0 ? this.elapsedMs / ran : 0,
        cancelled,
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

export async function attackPenalty(
  clf: AttackedClassifier,
  sample: SupervisedSample,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<AttackResult> {
  return runToEnd(await PenaltyRun.create(clf, sample, opts), hooks);
}
