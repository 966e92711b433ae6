/**
 * Continuing an attack run elsewhere (after its backend failed): where the run stands, as plain
 * arrays that outlive the backend, and a tracker that folds the run's own records into it. Serves
 * MinMax, the penalty baseline (with where its binary search on c stands), PGD and MINE-UAE.
 * What does not carry over: the MINE critic (its weights may be lost with the device; the resumed
 * run trains a fresh one) and the random draws (the resumed run reseeds from opts.seed).
 */
import { copyStats, emptyStats, foldIterate, type IterateStats } from './failure';
import type { AttackOptions, Semantics } from './options';
import { globalIteration, initialSearch, nextSearch, type SearchState } from './schedule';
import type { IterationRecord } from './trace';

/**
 * δ* (best I among successes), the closest failure, and the first success: BestKeeper as arrays.
 * For L2-UAE, which has no I, `mi` holds the score it books by: ‖δ‖₂.
 */
export interface BookingState {
  best: { mi: number; delta: Float32Array; iter: number } | null;
  closest: { f: number; delta: Float32Array } | null;
  firstSuccessIter: number | null;
  /** The booked iterates folded for the failure reason (absent: none yet). */
  stats?: IterateStats;
}

/** The penalty baseline's binary search on c: which outer step runs, and whether it has succeeded. */
export interface SearchPosition {
  step: number;
  state: SearchState;
  succeeded: boolean;
}

export interface ResumeState {
  /** Iterations already run (in the current search step, for penalty); the next is t + 1. */
  t: number;
  /** x′ − x of the iterate after t iterations (projected again on resume). */
  delta: Float32Array;
  /** c after t iterations (MinMax's dual variable; penalty's c is search.state.c). */
  c: number;
  booking: BookingState;
  /** Penalty only. */
  search?: SearchPosition;
}

export function emptyBooking(): BookingState {
  return { best: null, closest: null, firstSuccessIter: null, stats: emptyStats() };
}

/**
 * Throws when `s` cannot seed a run of `iters` iterations (per search step, of `searchSteps` when
 * given: penalty) on an input of `size` values.
 */
export function validateResume(s: ResumeState, iters: number, size: number, searchSteps?: number): void {
  const bad = (msg: string): never => {
    throw new RangeError(`cannot resume: ${msg}`);
  };
  if (!Number.isInteger(s.t) || s.t < 0 || s.t > iters)
    bad(`t must be an integer in [0, ${iters}], got ${s.t}`);
  if (!(Number.isFinite(s.c) && s.c >= 0)) bad(`c must be finite and ≥ 0, got ${s.c}`);
  if (searchSteps !== undefined) {
    const p = s.search;
    if (p === undefined) return bad('a penalty run needs the position of its binary search');
    if (!Number.isInteger(p.step) || p.step < 0 || p.step >= searchSteps)
      bad(`the search step must be an integer in [0, ${searchSteps - 1}], got ${p.step}`);
    const { c, lower, upper } = p.state;
    if (![c, lower, upper].every((v) => Number.isFinite(v) && v >= 0) || lower > upper)
      bad(`the search bounds are not 0 ≤ lower ≤ upper with c ≥ 0 (c ${c}, lower ${lower}, upper ${upper})`);
  } else if (s.search !== undefined) bad('only a penalty run has a binary search to resume');
  const arrays = [s.delta, s.booking.best?.delta, s.booking.closest?.delta];
  for (const d of arrays) {
    if (d === undefined) continue;
    if (d.length !== size) bad(`δ has ${d.length} values, the input ${size}`);
    if (!d.every(Number.isFinite)) bad('δ holds a non-finite value');
  }
}

/** How a method books its iterates, where it differs from MinMax's. */
export interface TrackerRules {
  /** Is score = candidate better than the held one? (default: higher) */
  better?: (candidate: number, held: number) => boolean;
  /** What δ* is chosen by (default: the record's I). */
  score?: (rec: IterationRecord) => number;
  /** Binary-search methods: iterations per search step; the tracker then follows the search. */
  searchIters?: number;
}

/** Where a record stands: its search step (penalty) and its iteration in it. */
export interface RecordPosition {
  searchStep: number;
  t: number;
}

/**
 * Folds a run's records (each must carry δ: traceDeltaEvery = 1) into the state to continue from.
 * The booking follows BestKeeper.offer, and for penalty the binary search follows nextSearch, so a
 * resumed run keeps the same δ* and the same c.
 */
export class ResumeTracker {
  private current: ResumeState | null = null;
  private c: number;
  private last: RecordPosition | null = null;
  private readonly booking: BookingState = emptyBooking();
  private search: SearchPosition | null;

  private readonly better: (candidate: number, held: number) => boolean;
  private readonly score: (rec: IterationRecord) => number;
  private readonly searchIters: number | undefined;

  /** `semantics` says which iterate a record's δ is (see record()). */
  constructor(
    private readonly semantics: Semantics,
    c0: number,
    rules: TrackerRules = {},
  ) {
    this.c = c0;
    this.better = rules.better ?? ((a, b) => a > b);
    this.score = rules.score ?? ((rec) => rec.mi);
    this.searchIters = rules.searchIters;
    this.search =
      rules.searchIters === undefined ? null : { step: 0, state: initialSearch(c0), succeeded: false };
  }

  /** The last record folded (null before any). */
  get lastRecord(): RecordPosition | null {
    return this.last;
  }

  record(rec: IterationRecord): void {
    const d = rec.delta;
    if (d === undefined) throw new Error(`record ${rec.t} carries no δ: resume needs traceDeltaEvery = 1`);
    const search = this.followSearch(rec);
    const b = this.booking;
    // BestKeeper counts iterations across search steps.
    const iter = globalIteration(rec.searchStep, this.searchIters ?? 0, rec.t);
    if (rec.success) {
      b.firstSuccessIter ??= iter;
      const score = this.score(rec);
      if (b.best === null || this.better(score, b.best.mi)) b.best = { mi: score, delta: d.slice(), iter };
    }
    if (b.closest === null || rec.f < b.closest.f) b.closest = { f: rec.f, delta: d.slice() };
    b.stats ??= emptyStats();
    foldIterate(b.stats, rec.f, rec.mi, iter);
    // The record's δ is the booked iterate. Paper: x′ after the step, i.e. after t iterations. Reference:
    // x′ before the step (after t − 1), with c from before it; the resumed run then replays iteration t.
    // A critic-only step books the current δ and leaves c alone in both.
    const replay = this.semantics === 'reference' && rec.part !== 'critic';
    const cBefore = this.c;
    this.c = rec.c;
    this.last = { searchStep: rec.searchStep, t: rec.t };
    this.current = {
      t: replay ? rec.t - 1 : rec.t,
      delta: d,
      c: replay ? cBefore : rec.c,
      booking: b,
      ...(search === null ? {} : { search }),
    };
  }

  /** Penalty: moves the binary search on when a record opens the next step, and checks its c. */
  private followSearch(rec: IterationRecord): SearchPosition | null {
    const p = this.search;
    if (p === null) {
      if (rec.searchStep !== 0)
        throw new Error(`record ${rec.t} is of search step ${rec.searchStep}: not a penalty tracker`);
      return null;
    }
    if (rec.searchStep === p.step + 1) {
      p.step = rec.searchStep;
      p.state = nextSearch(p.state, p.succeeded);
      p.succeeded = false;
    } else if (rec.searchStep !== p.step) {
      throw new Error(`record of search step ${rec.searchStep} after step ${p.step}: records were lost`);
    }
    if (rec.c !== p.state.c)
      throw new Error(`record ${rec.t} ran at c = ${rec.c}, the search is at ${p.state.c}`);
    if (rec.success) p.succeeded = true;
    return { step: p.step, state: { ...p.state }, succeeded: p.succeeded };
  }

  /** A copy of the state to continue from, or null before any record. */
  state(): ResumeState | null {
    const s = this.current;
    if (s === null) return null;
    const b = s.booking;
    return {
      t: s.t,
      delta: s.delta.slice(),
      c: s.c,
      booking: {
        best: b.best === null ? null : { ...b.best, delta: b.best.delta.slice() },
        closest: b.closest === null ? null : { ...b.closest, delta: b.closest.delta.slice() },
        firstSuccessIter: b.firstSuccessIter,
        stats: copyStats(b.stats ?? emptyStats()),
      },
      ...(s.search === undefined ? {} : { search: { ...s.search, state: { ...s.search.state } } }),
    };
  }
}

/** Methods whose runs can continue elsewhere. */
export type ResumableMethod = 'minmax' | 'penalty' | 'pgd' | 'mine-uae' | 'l2-uae';

/** The tracker that matches how each method books its iterates. */
export function trackerFor(method: ResumableMethod, opts: AttackOptions): ResumeTracker {
  switch (method) {
    case 'minmax':
      return new ResumeTracker(opts.semantics, opts.c0);
    case 'penalty':
      return new ResumeTracker(opts.semantics, opts.c0, { searchIters: opts.iters });
    case 'pgd':
      // PGD's record holds δ after its step, and the latest success is the one returned.
      return new ResumeTracker('paper', 0, { better: () => true });
    case 'mine-uae':
      return new ResumeTracker(opts.semantics, opts.c0, { better: (a, b) => a < b });
    case 'l2-uae':
      // Plain gradient steps (δ after the step), the success of smallest ‖δ‖₂, a binary search on c.
      return new ResumeTracker('paper', opts.c0, {
        better: (a, b) => a < b,
        score: (rec) => rec.l2,
        searchIters: opts.iters,
      });
  }
}
