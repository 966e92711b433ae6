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

export function toChartPoints(records: readonly IterationScalars[]): ChartPoint[] {
  const out: ChartPoint[] = [];
  let ema: number | null = null;
  records.forEach((r, i) => {
    const mi = Number.isFinite(r.mi) ? r.mi : null;
    if (mi !== null) ema = ema === null ? mi : ema + SMOOTHING * (mi - ema);
    out.push({
      n: i + 1,
      t: r.t,
      mi,
      miSmooth: mi === null ? null : ema,
      bestMi: r.bestMi,
      c: r.c,
      f: r.f,
      linf: r.linf,
      l2: r.l2,
      success: r.success,
    });
  });
  return out;
}

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

/** Positions (n) where a run of successful iterations begins. */
export function successStarts(points: readonly ChartPoint[]): number[] {
  const out: number[] = [];
  points.forEach((p, i) => {
    if (p.success && (i === 0 || !points[i - 1]!.success)) out.push(p.n);
  });
  return out;
}
