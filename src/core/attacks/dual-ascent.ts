/**
 * The MinMax loop shared by the supervised and the unsupervised attack: one MineDescent iteration,
 * the dual ascent on c, and the booking of δ*. What differs (the success rule, which I is best, what
 * the record shows) comes from the caller.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { BestKeeper, bookedIterate, type Booked } from './booking';
import { checkIteration, checkRecord, resultProblem, verdict } from './checks';
import type { IterateStats, RunShape } from './failure';
import { MineDescent, type StepPart } from './mine-descent';
import type { AttackOptions } from './options';
import { validateResume, type ResumeState } from './resume';
import { nextC } from './schedule';
import type { AttackTarget } from './target';
import type { IterationRecord } from './trace';

export interface DualAscentRules {
  /** Is the booked iterate a success? */
  success(b: Booked): boolean;
  /** Is I = candidate better than the held best? */
  better(candidate: number, held: number): boolean;
  /** Fields the record adds for this kind of attack. */
  extra(b: Booked): Pick<IterationRecord, 'predicted'> & Partial<IterationRecord>;
  /** Why a run with no success failed, in the words of this success rule (failure.ts). */
  failure(stats: IterateStats, shape: RunShape): string;
}

export interface RunSummary {
  success: boolean;
  /** Null on success; else the true reason (no success, or a returned x′ that failed its check). */
  failureReason: string | null;
  firstSuccessIter: number | null;
  miBest: number | null;
  itersRun: number;
  msPerIter: number;
  cancelled: boolean;
}

export class DualAscent {
  t = 0;
  /** MINE-only steps taken with step('critic'), outside the iteration count. */
  criticSteps = 0;
  c: number;
  readonly descent: MineDescent;
  readonly keeper: BestKeeper;
  elapsedMs = 0;
  /** Iterations run elsewhere before this run took over (0 for a fresh run). */
  readonly resumedFrom: number;

  /**
   * `resume`: continue another run's state (resume.ts; checked before anything is allocated).
   * Iteration numbering, δ, c and δ* continue; the MINE critic does not: it starts fresh, because
   * its weights may have been lost with the backend that ran the first part.
   */
  constructor(
    target: AttackTarget,
    x: tf.Tensor4D,
    private readonly opts: AttackOptions,
    rng: Rng,
    private readonly rules: DualAscentRules,
    resume?: ResumeState,
  ) {
    if (resume !== undefined) validateResume(resume, opts.iters, x.size);
    this.c = resume?.c ?? opts.c0;
    this.t = resume?.t ?? 0;
    this.resumedFrom = this.t;
    this.descent = new MineDescent(target, x, opts, rng);
    this.keeper = new BestKeeper((a, b) => rules.better(a, b));
    if (resume !== undefined) {
      this.descent.seedDelta(resume.delta);
      this.keeper.restore(resume.booking, x.shape);
    }
  }

  get done(): boolean {
    return this.t >= this.opts.iters;
  }

  /**
   * One iteration; `part` moves one player only: "attacker" (δ and c, I evaluated but θ frozen)
   * counts as an iteration, "critic" (θ only) does not advance t.
   */
  async step(part: StepPart = 'both'): Promise<IterationRecord> {
    const start = performance.now();
    if (part === 'critic') this.criticSteps += 1;
    else this.t += 1;
    const every = this.opts.traceDeltaEvery;
    const m = await this.descent.step(this.c, part, every > 0 && this.t % every === 0);
    const booked = bookedIterate(this.opts.semantics, m, this.descent.previousDelta!, this.descent.delta);
    if (part !== 'critic') {
      // Paper: c follows f⁺ of the new iterate; the authors' code uses the iterate before the step.
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
      ...this.rules.extra(booked),
    };
    checkRecord(rec, true, this.opts.iters);
    rec.success = this.keeper.offer(booked, this.t, this.rules.success(booked));
    rec.bestMi = this.keeper.best?.mi ?? null;
    if (m.bookedDelta !== undefined) rec.delta = m.bookedDelta;
    this.elapsedMs += performance.now() - start;
    return rec;
  }

  /**
   * Measures the returned x′ (δ* on success, else the closest iterate) with `measure`, and adds the
   * run's bookkeeping.
   */
  async finish<M extends { adversarial: Float32Array }>(
    measure: (adversarial: tf.Tensor4D) => Promise<M>,
    cancelled: boolean,
  ): Promise<M & RunSummary> {
    const adv = this.descent.adversarial(this.keeper.chosen() ?? this.descent.delta);
    try {
      const measured = await measure(adv);
      const x = (await this.descent.x.data()) as Float32Array;
      const shape: RunShape = { iters: this.opts.iters, cancelled };
      const v = verdict(
        this.keeper.best !== null,
        resultProblem(x, measured.adversarial, this.opts.eps),
        () => this.rules.failure(this.keeper.stats, shape),
      );
      return {
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

/** Runs a stepped attack to the end (or to a cancel), then asks it for its result. */
export async function runToEnd<R>(
  run: {
    done: boolean;
    step(): Promise<IterationRecord>;
    result(cancelled?: boolean): Promise<R>;
    dispose(): void;
  },
  hooks: { onIteration?: (r: IterationRecord) => void | Promise<void>; signal?: AbortSignal },
): Promise<R> {
  try {
    while (!run.done) {
      if (hooks.signal?.aborted) return await run.result(true);
      // Not `onIteration?.(await run.step())`: optional chaining would skip the step with no hook.
      const rec = await run.step();
      await hooks.onIteration?.(rec);
    }
    return await run.result();
  } finally {
    run.dispose();
  }
}
