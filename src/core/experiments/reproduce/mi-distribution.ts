/**
 * `mi-distribution`: the talk's figure "Mean and Standard Deviation of MI value over 1000 samples":
 * per method, the distribution of the fair MI of its successful examples (mean, std, histogram on
 * bins shared by all methods, so the panels compare), beside the in-loop I* and the talk's means.
 */
import type { AttackMethod } from '../../attacks/options';
import { methodLabel } from './asr-mi';
import { asrCell, meanStd, num, table } from './markdown';
import type { SupervisedSettings } from './scales';
import { supervisedRows, unitsOf } from './supervised-runs';
import { histogramPanel, PALETTE, svgDocument, type Histogram } from './svg';
import type { Figure, ReproduceRecord, ReproduceState } from './types';

/** Counts of `values` in `bins` equal bins over [lo, hi] (the last bin closed). */
export function histogram(values: readonly number[], lo: number, hi: number, bins: number): Histogram {
  const counts = new Array<number>(bins).fill(0);
  const span = hi - lo;
  for (const v of values) {
    const b = span > 0 ? Math.min(bins - 1, Math.floor(((v - lo) / span) * bins)) : 0;
    counts[b]!++;
  }
  return { lo, hi, counts };
}

function median(v: readonly number[]): number | null {
  if (!v.length) return null;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function fairValues(state: ReproduceState, method: AttackMethod): number[] {
  return unitsOf(state, method)
    .filter((u) => u.success && u.miFair)
    .map((u) => u.miFair!.mean);
}

export function distributionRows(s: SupervisedSettings, state: ReproduceState): Record<string, unknown>[] {
  const base = supervisedRows(s, state);
  const all = s.methods.flatMap((m) => fairValues(state, m));
  const lo = all.length ? Math.min(...all) : 0;
  const hi = all.length ? Math.max(...all) : 1;
  return s.methods.map((m, i) => {
    const v = fairValues(state, m);
    const b = base[i]!;
    return {
      method: m,
      n: b.n,
      asr: b.asr,
      nMiFair: v.length,
      miFairMean: b.miFairMean,
      miFairStd: b.miFairStd,
      miFairMedian: median(v),
      miFairMin: v.length ? Math.min(...v) : null,
      miFairMax: v.length ? Math.max(...v) : null,
      miMean: b.miMean,
      miStd: b.miStd,
      histogram: histogram(v, lo, hi === lo ? lo + 1 : hi, s.bins),
    };
  });
}

export function distributionTable(record: ReproduceRecord): string[] {
  const s = record.settings as SupervisedSettings;
  return [
    `Fair MI of each successful example (${s.fairMi.steps} steps × ${s.fairMi.restarts} restarts, critic ${s.critic}), MNIST test images 0..${s.n - 1}, T = ${s.iters}; histograms on ${s.bins} shared bins.`,
    '',
    ...table(
      [
        'method',
        'n',
        'ASR',
        'fair MI mean ± std',
        'median',
        'min – max',
        'histogram counts',
        'in-loop I* mean ± std',
        'paper MI mean',
      ],
      record.rows.map((r) => {
        const p = record.paper.find((q) => q.method === r.method);
        const h = r.histogram as Histogram;
        return [
          methodLabel(r.method),
          `${String(r.n)} (${String(r.nMiFair)} measured)`,
          asrCell(r),
          meanStd(r.miFairMean, r.miFairStd),
          num(r.miFairMedian),
          `${num(r.miFairMin)} – ${num(r.miFairMax)}`,
          h.counts.join(' '),
          meanStd(r.miMean, r.miStd),
          p ? num(p.miMean, 2) : '–',
        ];
      }),
    ),
    '',
    `Bins: ${num((record.rows[0]?.histogram as Histogram | undefined)?.lo)} to ${num((record.rows[0]?.histogram as Histogram | undefined)?.hi)} nats.`,
  ];
}

export function distributionFigure(record: ReproduceRecord): Figure {
  const w = 640;
  const h = 190;
  const title = `Fair MI over samples per method (${record.scale} scale)`;
  const body = record.rows.flatMap((r, i) =>
    histogramPanel(
      { x: 0, y: 40 + i * h, w, h },
      `${methodLabel(r.method)}: ${String(r.nMiFair)} successful samples`,
      'fair MI of the returned x′ (nats)',
      r.histogram as Histogram,
      typeof r.miFairMean === 'number' ? r.miFairMean : null,
      typeof r.miFairStd === 'number' ? r.miFairStd : null,
      PALETTE[i % PALETTE.length]!,
    ),
  );
  return {
    name: 'mi-distribution-histogram',
    title,
    svg: svgDocument(w, 50 + record.rows.length * h, title, body),
  };
}
