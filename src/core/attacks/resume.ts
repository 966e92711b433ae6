/**
 * Continuing a supervised MinMax run elsewhere (after its backend failed): where the run stands, as
 * plain arrays that outlive the backend, and a tracker that folds the run's own records into it.
 * What does not carry over: the MINE critic (its weights may be lost with the device; the resumed
 * run trains a fresh one) and the random draws (the resumed run reseeds from opts.seed).
 */
import type { Semantics } from './options';
import type { IterationRecord } from './trace';

/** δ* (best I among successes), the closest failure, and the first success: BestKeeper as arrays. */
export interface BookingState {
  best: { mi: number; delta: Float32Array; iter: number } | null;
  closest: { f: number; delta: Float32Array } | null;
  firstSuccessIter: number | null;
}

export interface ResumeState {
  /** Iterations already run; the resumed run's first iteration is t + 1. */
  t: number;
  /** x′ − x of the iterate after t iterations (projected again on resume). */
  delta: Float32Array;
  /** c after t iterations. */
  c: number;
  booking: BookingState;
}

export function emptyBooking(): BookingState {
  return { best: null, closest: null, firstSuccessIter: null };
}

/** Throws when `s` cannot seed a run of `iters` iterations on an input of `size` values. */
export function validateResume(s: ResumeState, iters: number, size: number): void {
  const bad = (msg: string): never => {
    throw new RangeError(`cannot resume: ${msg}`);
  };
  if (!Number.isInteger(s.t) || s.t < 0 || s.t > iters) bad(`t must be an integer in [0, ${iters}], got ${s.t}`);
  if (!(Number.isFinite(s.c) && s.c >= 0)) bad(`c must be finite and ≥ 0, got ${s.c}`);
  const arrays = [s.delta, s.booking.best?.delta, s.booking.closest?.delta];
  for (const d of arrays) {
    if (d === undefined) continue;
    if (d.length !== size) bad(`δ has ${d.length} values, the input ${size}`);
    if (!d.every(Number.isFinite)) bad('δ holds a non-finite value');
  }
}

/**
 * Folds a MinMax run's records (each must carry δ: traceDeltaEvery = 1) into the state to continue
 * from. The booking follows BestKeeper.offer, so a resumed run keeps the same δ*.
 */
export class ResumeTracker {
  private current: ResumeState | null = null;
  private c: number;
  private lastRecordT = 0;
  private readonly booking: BookingState = emptyBooking();

  constructor(
    private readonly semantics: Semantics,
    c0: number,
    private readonly better: (candidate: number, held: number) => boolean = (a, b) => a > b,
  ) {
    this.c = c0;
  }

  /** The last iteration folded (0 before any). */
  get lastT(): number {
    return this.lastRecordT;
  }

  record(rec: IterationRecord): void {
    const d = rec.delta;
    if (d === undefined) throw new Error(`record ${rec.t} carries no δ: resume needs traceDeltaEvery = 1`);
    const b = this.booking;
    if (rec.success) {
      b.firstSuccessIter ??= rec.t;
      if (b.best === null || this.better(rec.mi, b.best.mi)) b.best = { mi: rec.mi, delta: d.slice(), iter: rec.t };
    }
    if (b.closest === null || rec.f < b.closest.f) b.closest = { f: rec.f, delta: d.slice() };
    // The record's δ is the booked iterate. Paper: x′ after the step, i.e. after t iterations. Reference:
    // x′ before the step (after t − 1), with c from before it; the resumed run then replays iteration t.
    // A critic-only step books the current δ and leaves c alone in both.
    const replay = this.semantics === 'reference' && rec.part !== 'critic';
    const cBefore = this.c;
    this.c = rec.c;
    this.lastRecordT = rec.t;
    this.current = {
      t: replay ? rec.t - 1 : rec.t,
      delta: d,
      c: replay ? cBefore : rec.c,
      booking: b,
    };
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
      },
    };
  }
}
