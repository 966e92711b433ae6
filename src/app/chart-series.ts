/**
 * What the four live charts draw: their series (one definition serves the canvas and the recharts
 * form), the trace's points thinned for recharts, and each chart's title for the method shown.
 */
import type { Method } from '../worker/protocol';
import { MAX_MARKS, SUCCESS_COLOUR } from './chart-constants';
import { chartPoints, downsample, successStarts, type ChartPoint } from './chart-data';
import type { Trace } from './run-trace';
import type { ChartSeries } from './StreamChart';

/** Recharts draws at most this many points per series (the canvas form draws them all). */
const MAX_POINTS = 400;

export const MI_SERIES: readonly ChartSeries[] = [
  { key: 'mi', name: 'I raw', stroke: '#9bb7d4', width: 1 },
  { key: 'miSmooth', name: 'I smoothed', stroke: '#0b5394', width: 2 },
  { key: 'bestMi', name: 'best I*', stroke: SUCCESS_COLOUR, width: 2, dash: [5, 3] },
];
export const C_SERIES: readonly ChartSeries[] = [{ key: 'c', name: 'c', stroke: '#6a3d9a', width: 2 }];
export const F_SERIES: readonly ChartSeries[] = [{ key: 'f', name: 'f', stroke: '#b2182b', width: 2 }];
export const NORM_SERIES: readonly ChartSeries[] = [
  { key: 'linf', name: '‖δ‖∞', stroke: '#a6611a', width: 2 },
  { key: 'l2', name: '‖δ‖₂', stroke: '#01665e', width: 2 },
];

export interface Series {
  readonly data: readonly ChartPoint[];
  readonly marks: readonly number[];
}

let cached: { revision: number; series: Series } | null = null;

/**
 * The drawn series of the trace as it stands, shared by the four charts (the trace grows in place):
 * the same object while the chart points have not changed, new arrays once they have.
 */
export function seriesOf(trace: Trace): Series {
  const all = chartPoints.of(trace.records);
  if (cached?.revision === chartPoints.revision) return cached.series;
  const marks = successStarts(all, MAX_MARKS);
  const before = cached?.series.marks ?? null;
  const same = before !== null && before.length === marks.length && before.every((n, i) => n === marks[i]);
  // The same marks keep their array, so that the memoised reference lines stay put.
  const series = { data: downsample(all, MAX_POINTS), marks: same ? before : marks };
  cached = { revision: chartPoints.revision, series };
  return series;
}

/** What the MI and c charts show for a method: not every attack has a critic or a dual variable. */
export function titlesFor(method: Method, unsupervised: boolean): { mi: string; c: string } {
  const mi = unsupervised
    ? 'MINE estimate I(x, x′), pushed DOWN: raw, smoothed, best (smallest positive) among successes'
    : 'MINE estimate I(x, x′): raw, smoothed, best among successes';
  switch (method) {
    case 'pgd':
      return {
        mi: 'MINE estimate I(x, x′): none per iteration, PGD trains no critic (I* of the result is measured after the run)',
        c: 'c: none, PGD takes sign steps on f alone (0)',
      };
    case 'l2-uae':
      return {
        mi: 'MINE estimate I(x, x′): none, L2-UAE penalises ‖δ‖₂² instead of I',
        c: 'Penalty weight c: fixed in each step of the binary search',
      };
    case 'penalty':
      return { mi, c: 'Penalty weight c: fixed in each step of the binary search' };
    default:
      return { mi, c: 'Dual variable c' };
  }
}
