/**
 * Chart series from the full trace: smoothing runs over every record, then the result is thinned for
 * display (the full trace stays in the store for export).
 */
import type { IterationScalars } from '../worker/protocol';

export interface ChartPoint {
  /** Position in the trace, from 1 (equals t for plain MinMax runs). */
  readonly n: number;
  readonly t: number;
  readonly mi: number | null;
  readonly miSmooth: number | null;
  readonly bestMi: number | null;
  readonly c: number;
  readonly f: number;
  readonly linf: number;
  readonly l2: number;
  readonly success: boolean;
}

/** Exponential moving average weight: about the last 20 iterations, against the DV estimate's noise. */
export const SMOOTHING = 0.1;

/**
 * At most `max` points, evenly spaced, always keeping the last one and every first success of a run
 * of successes (so the success markers never vanish when thinned).
 */
export function downsample(points: readonly ChartPoint[], max: number): ChartPoint[] {
  if (points.length <= max) return points.slice();
  const stride = points.length / max;
  const keep = new Set<number>();
  for (let i = 0; i < max; i++) keep.add(Math.floor(i * stride));
  keep.add(points.length - 1);
  points.forEach((p, i) => {
    if (p.success && (i === 0 || !points[i - 1]!.success)) keep.add(i);
  });
  return [...keep].sort((a, b) => a - b).map((i) => points[i]!);
}

/** Positions (n) where a run of successful iterations begins: the first `max` of them. */
export function successStarts(points: readonly ChartPoint[], max = Infinity): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length && out.length < max; i++)
    if (points[i]!.success && (i === 0 || !points[i - 1]!.success)) out.push(points[i]!.n);
  return out;
}

/**
 * Chart points kept in step with a trace whose records array grows in place: each call converts only
 * the records added since the last one, so a streaming chart can ask every frame without redoing the
 * whole trace. A shorter array (a restart empties it in place) or a different array starts afresh.
 */
export class ChartPointsFollower {
  private records: readonly IterationScalars[] | null = null;
  private first: IterationScalars | undefined = undefined;
  private ema: number | null = null;
  private readonly points: ChartPoint[] = [];
  private changes = 0;

  /** Moves whenever the points change (converted records, a fresh start): a cache's key. */
  get revision(): number {
    return this.changes;
  }

  of(records: readonly IterationScalars[]): readonly ChartPoint[] {
    if (records !== this.records || records.length < this.points.length || records[0] !== this.first) {
      this.records = records;
      this.first = records[0];
      this.ema = null;
      this.points.length = 0;
      this.changes++;
    }
    if (this.points.length < records.length) this.changes++;
    for (let i = this.points.length; i < records.length; i++) {
      const r = records[i]!;
      const mi = Number.isFinite(r.mi) ? r.mi : null;
      if (mi !== null) this.ema = this.ema === null ? mi : this.ema + SMOOTHING * (mi - this.ema);
      this.points.push({
        n: i + 1,
        t: r.t,
        mi,
        miSmooth: mi === null ? null : this.ema,
        bestMi: r.bestMi,
        c: r.c,
        f: r.f,
        linf: r.linf,
        l2: r.l2,
        success: r.success,
      });
    }
    return this.points;
  }
}

/**
 * The app's one follower, shared by the streaming canvas charts (every frame) and the recharts ones
 * (at each swap): whichever asks first converts the new records, the others find them done.
 */
export const chartPoints = new ChartPointsFollower();
