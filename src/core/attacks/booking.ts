/**
 * Bookkeeping shared by the attacks that book iterates: which iterate an iteration books (paper:
 * x'_{t+1} with its own I; reference: success of x'_t with the I measured after the step), the best
 * successful δ* (highest I, or for MINE-UAE and L2-UAE the smallest score), and the closest failure
 * (smallest f) to return when nothing succeeds. The rule is written once, in Ledger; BestKeeper
 * keeps one image's δs beside it, IterateBook a batch's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectPerImage, keepWhere } from './batch-images';
import { resultProblem, verdict } from './checks';
import type { StepMeasure } from './step-measure';
import type { Semantics } from './options';
import { copyStats, emptyStats, foldIterate, type IterateStats } from './failure';
import type { BookingState } from './resume';

export interface Booked {
  f: number;
  /** The target's readout: the predicted class, or the reconstruction error. */
  readout: number;
  linf: number;
  l2: number;
  mi: number;
  /** The δ the booked values belong to (borrowed: clone to keep). */
  delta: tf.Tensor4D;
}

/** One image's booked iterate from a step's measure: after the step (paper) or before it (reference). */
export function bookedIterate(
  semantics: Semantics,
  m: StepMeasure,
  before: tf.Tensor4D,
  after: tf.Tensor4D,
): Booked {
  const at = semantics === 'paper' ? m.after : m.before!;
  return {
    f: at.f[0]!,
    readout: at.readout[0]!,
    linf: at.linf[0]!,
    l2: at.l2[0]!,
    mi: m.mi[0]!,
    delta: semantics === 'paper' ? after : before,
  };
}

/** One image's booking as numbers: I* and its iteration, the closest f, the first success, the stats. */
export class Ledger {
  bestMi: number | null = null;
  bestIter = 0;
  closestF: number | null = null;
  firstSuccessIter: number | null = null;
  /** Every booked iterate folded, for the failure reason (failure.ts). */
  stats: IterateStats = emptyStats();

  /** better(a, b): is I = a better than the held b? (higher for supervised, lower for UAE). */
  constructor(readonly better: (candidate: number, held: number) => boolean) {}

  /**
   * Books one iterate; says whether it becomes δ* and whether it is the closest so far. `iter`
   * counts across search steps, from 1. `statsMi` is the I the failure reason reads (NaN where the
   * method has none; `mi` may then hold another score).
   */
  offer(
    f: number,
    mi: number,
    iter: number,
    success: boolean,
    statsMi = mi,
  ): { best: boolean; closest: boolean } {
    foldIterate(this.stats, f, statsMi, iter);
    let best = false;
    if (success) {
      this.firstSuccessIter ??= iter;
      if (this.bestMi === null || this.better(mi, this.bestMi)) {
        this.bestMi = mi;
        this.bestIter = iter;
        best = true;
      }
    }
    const closest = this.closestF === null || f < this.closestF;
    if (closest) this.closestF = f;
    return { best, closest };
  }

  /** Takes over the booking of an interrupted run (see resume.ts). */
  restore(state: BookingState): void {
    this.bestMi = state.best?.mi ?? null;
    this.bestIter = state.best?.iter ?? 0;
    this.closestF = state.closest?.f ?? null;
    this.firstSuccessIter = state.firstSuccessIter;
    this.stats = state.stats === undefined ? emptyStats() : copyStats(state.stats);
  }
}

/**
 * One image's outcome from its booking and its returned x′ (pixels of x and x′): the verdict
 * (checks.ts), and on a success the first successful iteration and I*.
 */
export function bookedOutcome(
  ledger: Ledger,
  x: Float32Array,
  adversarial: Float32Array,
  eps: number,
  noSuccess: (stats: IterateStats) => string,
): {
  success: boolean;
  failureReason: string | null;
  firstSuccessIter: number | null;
  miBest: number | null;
} {
  const v = verdict(ledger.bestMi !== null, resultProblem(x, adversarial, eps), () =>
    noSuccess(ledger.stats),
  );
  return {
    ...v,
    firstSuccessIter: v.success ? ledger.firstSuccessIter : null,
    miBest: v.success ? ledger.bestMi : null,
  };
}

/** One image's booking with its δs: δ* (the successful iterate with the best I) and the closest. */
export class BestKeeper {
  readonly ledger: Ledger;
  private bestDelta: tf.Tensor4D | null = null;
  private closestDelta: tf.Tensor4D | null = null;

  constructor(better: (candidate: number, held: number) => boolean = (a, b) => a > b) {
    this.ledger = new Ledger(better);
  }

  get best(): { mi: number; delta: tf.Tensor4D; iter: number } | null {
    const l = this.ledger;
    return l.bestMi === null ? null : { mi: l.bestMi, delta: this.bestDelta!, iter: l.bestIter };
  }

  get firstSuccessIter(): number | null {
    return this.ledger.firstSuccessIter;
  }

  get stats(): IterateStats {
    return this.ledger.stats;
  }

  /** Returns whether the iterate succeeded (see Ledger.offer). */
  offer(b: Booked, iter: number, success: boolean, mi: number = b.mi): boolean {
    const took = this.ledger.offer(b.f, b.mi, iter, success, mi);
    if (took.best) {
      this.bestDelta?.dispose();
      this.bestDelta = tf.keep(tf.clone(b.delta));
    }
    if (took.closest) {
      this.closestDelta?.dispose();
      this.closestDelta = tf.keep(tf.clone(b.delta));
    }
    return success;
  }

  /** Takes over the booking of an interrupted run (see resume.ts), δs reshaped to `shape`. */
  restore(state: BookingState, shape: [number, number, number, number]): void {
    this.dispose();
    this.ledger.restore(state);
    const kept = (d: Float32Array) => tf.keep(tf.tensor4d(d, shape));
    this.bestDelta = state.best === null ? null : kept(state.best.delta);
    this.closestDelta = state.closest === null ? null : kept(state.closest.delta);
  }

  /** δ to return: δ* on success, else the closest iterate. */
  chosen(): tf.Tensor4D | null {
    return this.bestDelta ?? this.closestDelta ?? null;
  }

  dispose(): void {
    this.bestDelta?.dispose();
    this.closestDelta?.dispose();
    this.bestDelta = null;
    this.closestDelta = null;
  }
}

/**
 * A batch's booking: one Ledger per image, and their δ* and closest iterates stacked [B, H, W, C]
 * (a per-image selection, so every kept δ is its iterate bit for bit).
 */
export class IterateBook {
  readonly ledgers: Ledger[];
  private best: tf.Tensor4D;
  private closest: tf.Tensor4D;

  /** `resume` (a batch of one): the booking of an interrupted run (resume.ts). */
  constructor(
    shape: [number, number, number, number],
    better: (a: number, b: number) => boolean,
    resume?: BookingState,
  ) {
    this.ledgers = Array.from({ length: shape[0] }, () => new Ledger(better));
    if (resume !== undefined) this.ledgers[0]!.restore(resume);
    const kept = (d: Float32Array | undefined) =>
      d ? tf.tensor4d(d, shape) : (tf.zeros(shape) as tf.Tensor4D);
    this.best = kept(resume?.best?.delta);
    this.closest = kept(resume?.closest?.delta);
  }

  /** Keeps `booked`'s image b as δ* where takeBest[b], as the closest where takeClosest[b]. */
  keep(booked: tf.Tensor4D, takeBest: Float32Array, takeClosest: Float32Array): void {
    this.best = keepWhere(this.best, booked, takeBest);
    this.closest = keepWhere(this.closest, booked, takeClosest);
  }

  /** Per image: δ* on success, else the closest iterate, else `current`. Call inside a tidy. */
  chosen(current: tf.Tensor4D): tf.Tensor4D {
    const closestF = this.ledgers.map((l) => l.closestF);
    const bestMi = this.ledgers.map((l) => l.bestMi);
    const closest = selectPerImage(closestF, (f) => f !== null, this.closest, current);
    return selectPerImage(bestMi, (m) => m !== null, this.best, closest);
  }

  dispose(): void {
    tf.dispose([this.best, this.closest]);
  }
}
