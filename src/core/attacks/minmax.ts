/**
 * The supervised MinMax attack (Hsu et al., Algorithm 1; docs/ALGORITHM.md §2):
 *   min_δ max_{c≥0} c·f⁺(x + δ) − I_θ(x, x + δ), with c by dual ascent c ← (1 − β/t^¼)c + β·f⁺,
 * keeping δ* of highest I among successful iterates. The loop is `step()` below, one iteration per
 * call, each block tagged with the algorithm's line; driven one iteration at a time so that a UI can
 * pause, step one player and replay it, or continue from another run's state (resume.ts).
 *
 * What it shares with the penalty baseline lives in small helpers: the δ step, the critic's step and
 * the readback (mine-descent.ts), the criterion and MINE samples (target.ts), which iterate is booked
 * and the keeping of δ* (booking.ts), the c schedule (schedule.ts). The unsupervised MinMax (MINE-UAE)
 * is the same algorithm with the MI sign flipped, run on a batch of images in uae-batch.ts.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { BestKeeper, bookedIterate } from './booking';
import { checkIteration, checkRecord, resultProblem, verdict } from './checks';
import type { MarginSpec } from './criteria';
import { marginFailure } from './failure';
import { MineDescent, type StepPart } from './mine-descent';
import type { AttackOptions } from './options';
import { validateResume, type ResumeState } from './resume';
import { runToEnd } from './run-to-end';
import { nextC } from './schedule';
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
  /** Iterations run (counting a resumed run's first part). */
  t: number;
  /** MINE-only steps taken with step('critic'), outside the iteration count. */
  criticSteps = 0;
  /** The dual variable: the weight of f⁺ in the δ objective. */
  c: number;
  /** Iterations run elsewhere before this run took over (0 for a fresh run). */
  readonly resumedFrom: number;
  private readonly descent: MineDescent;
  /** δ* (highest I among successes) and the closest iterate, to return when nothing succeeds. */
  private readonly keeper = new BestKeeper((a, b) => a > b);
  private elapsedMs = 0;

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
    if (resume !== undefined) validateResume(resume, opts.iters, x.size);
    // Alg. 1 lines 1–2: δ₀ (opts.deltaInit, projected in paper semantics), c₀, no δ* yet.
    this.c = resume?.c ?? opts.c0;
    this.t = resume?.t ?? 0;
    this.resumedFrom = this.t;
    this.descent = new MineDescent(supervisedTarget(clf, spec), x, opts, new Rng(opts.seed));
    if (resume !== undefined) {
      this.descent.seedDelta(resume.delta);
      this.keeper.restore(resume.booking, x.shape);
    }
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

  get done(): boolean {
    return this.t >= this.opts.iters;
  }

  get estimator() {
    return this.descent.estimator;
  }

  /** x′ − x of the current iterate, read back. */
  delta(): Promise<Float32Array> {
    return this.descent.effectiveDelta(this.descent.delta);
  }

  /**
   * One iteration of Algorithm 1 (lines 3–11). `part` moves one player only (GAN Lab style):
   * "attacker" moves δ and c with I_θ evaluated but θ frozen, and counts as an iteration; "critic"
   * trains θ at the current x′ without moving δ or c, and does not advance t.
   */
  async step(part: StepPart = 'both'): Promise<IterationRecord> {
    const start = performance.now();
    const d = this.descent;
    // Alg. 1 line 3: for t = 1 … T.
    if (part === 'critic') this.criticSteps += 1;
    else this.t += 1;

    // Alg. 1 lines 4–6: δ ← Π(δ − α·∇_δ[c·f⁺(x + δ) − I_θ(x, x + δ)]), θ frozen; Π is the ε box
    // (paper: ∩ [−x, 1 − x]; reference: x′ is clipped instead).
    if (part === 'critic') d.holdDelta();
    else d.moveDelta(this.c);

    // Alg. 1 line 7: the critic's Adam step(s) on I_θ(x, x + δ) at the new iterate, and I_θ measured.
    const mi = d.criticStep(part !== 'attacker');
    const every = this.opts.traceDeltaEvery;
    const m = await d.measureStep(mi, every > 0 && this.t % every === 0);
    // The iterate this iteration books: x′ after the step (paper), or before it (reference, §8).
    const booked = bookedIterate(this.opts.semantics, m, d.previousDelta!, d.delta);

    // Alg. 1 lines 8–9: c ← max(0, (1 − β/t^¼)·c + β·f⁺). Paper: f⁺ of the new iterate; the
    // authors' code: of the iterate before the step.
    if (part !== 'critic') {
      const fForC = this.opts.semantics === 'paper' ? m.fAfter : m.fBefore;
      this.c = nextC(this.c, this.t, this.opts.beta, Math.max(0, fForC));
    }
    // The new iterate (reference semantics books the one before it; the record check covers that).
    checkIteration({ f: m.fAfter, mi: m.mi, c: this.c, delta: m.l2After }, { t: this.t });
    const rec: IterationRecord = {
      t: this.t,
      part,
      searchStep: 0,
      c: this.c,
      f: booked.f,
      fPlus: Math.max(0, booked.f),
      mi: booked.mi,
      success: false,
      linf: booked.linf,
      l2: booked.l2,
      bestMi: null,
      predicted: booked.readout,
    };
    checkRecord(rec, true, this.opts.iters);

    // Alg. 1 lines 10–11: if f(x + δ) ≤ 0 and I_θ > I*: δ* ← δ, I* ← I_θ.
    rec.success = this.keeper.offer(booked, this.t, booked.f <= 0);
    rec.bestMi = this.keeper.best?.mi ?? null;
    if (m.bookedDelta !== undefined) rec.delta = m.bookedDelta;
    this.elapsedMs += performance.now() - start;
    return rec;
  }

  /**
   * Alg. 1 line 12: returns δ* (or, flagged as a failure, the iterate closest to success), measured
   * on the model and checked (finite, in [0, 1], within ε), with the run's bookkeeping.
   */
  async result(cancelled = false): Promise<AttackResult> {
    const base = emptyResultBase('minmax', this.opts, this.label, this.predictedClean);
    const adv = this.descent.adversarial(this.keeper.chosen() ?? this.descent.delta);
    try {
      const measured = await measureReturned(this.clf, this.descent.x, adv, this.spec);
      const x = (await this.descent.x.data()) as Float32Array;
      const v = verdict(
        this.keeper.best !== null,
        resultProblem(x, measured.adversarial, this.opts.eps),
        () => marginFailure(this.keeper.stats, { iters: this.opts.iters, cancelled }),
      );
      return {
        ...base,
        ...measured,
        ...v,
        firstSuccessIter: v.success ? this.keeper.firstSuccessIter : null,
        miBest: v.success ? (this.keeper.best?.mi ?? null) : null,
        itersRun: this.t,
        // This run's own: the iterations run before a resume are not in elapsedMs.
        msPerIter: this.t > this.resumedFrom ? this.elapsedMs / (this.t - this.resumedFrom) : 0,
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
  return runToEnd(await MinMaxRun.create(clf, sample, opts), hooks);
}
