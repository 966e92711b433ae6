/**
 * Bookkeeping shared by the MINE-based attacks: which iterate an iteration books (paper: x'_{t+1}
 * with its own I; reference: success of x'_t with the I measured after the step), the best
 * successful δ* (highest I), and the closest failure (smallest f) to return when nothing succeeds.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StepMeasure } from './mine-descent';
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

export function bookedIterate(
  semantics: Semantics,
  m: StepMeasure,
  before: tf.Tensor4D,
  after: tf.Tensor4D,
): Booked {
  return semantics === 'paper'
    ? { f: m.fAfter, readout: m.readoutAfter, linf: m.linfAfter, l2: m.l2After, mi: m.mi, delta: after }
    : { f: m.fBefore, readout: m.readoutBefore, linf: m.linfBefore, l2: m.l2Before, mi: m.mi, delta: before };
}

/** Keeps δ* (the successful iterate with the best I) and the closest iterate so far. */
export class BestKeeper {
  best: { mi: number; delta: tf.Tensor4D; iter: number } | null = null;
  closest: { f: number; delta: tf.Tensor4D } | null = null;
  firstSuccessIter: number | null = null;
  /** Every booked iterate folded, for the failure reason (failure.ts). */
  stats: IterateStats = emptyStats();

  /** better(a, b): is I = a better than the held b? (higher for supervised, lower for UAE). */
  constructor(private readonly better: (candidate: number, held: number) => boolean = (a, b) => a > b) {}

  /**
   * Returns whether the iterate succeeded. `iter` counts across search steps, from 1. `mi` is the I
   * the failure reason reads (NaN where the method has none; b.mi may then hold another score).
   */
  offer(b: Booked, iter: number, success: boolean, mi: number = b.mi): boolean {
    foldIterate(this.stats, b.f, mi, iter);
    if (success) {
      this.firstSuccessIter ??= iter;
      if (this.best === null || this.better(b.mi, this.best.mi)) {
        this.best?.delta.dispose();
        this.best = { mi: b.mi, delta: tf.keep(tf.clone(b.delta)), iter };
      }
    }
    if (this.closest === null || b.f < this.closest.f) {
      this.closest?.delta.dispose();
      this.closest = { f: b.f, delta: tf.keep(tf.clone(b.delta)) };
    }
    return success;
  }

  /** Takes over the booking of an interrupted run (see resume.ts), δs reshaped to `shape`. */
  restore(state: BookingState, shape: [number, number, number, number]): void {
    this.dispose();
    const kept = (d: Float32Array) => tf.keep(tf.tensor4d(d, shape));
    const { best, closest } = state;
    this.best = best === null ? null : { mi: best.mi, delta: kept(best.delta), iter: best.iter };
    this.closest = closest === null ? null : { f: closest.f, delta: kept(closest.delta) };
    this.firstSuccessIter = state.firstSuccessIter;
    this.stats = state.stats === undefined ? emptyStats() : copyStats(state.stats);
  }

  /** δ to return: δ* on success, else the closest iterate. */
  chosen(): tf.Tensor4D | null {
    return this.best?.delta ?? this.closest?.delta ?? null;
  }

  dispose(): void {
    this.best?.delta.dispose();
    this.closest?.delta.dispose();
    this.best = null;
    this.closest = null;
  }
}
