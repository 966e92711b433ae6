/**
 * `asr-mi`: the talk's table "Mutual Information and Attack Success Rate" (MNIST): penalty-based vs
 * MinMax, ASR and MI. Our MI in two forms: the in-loop best estimate I* (what the paper reports, and
 * not comparable between methods: penalty looks at T × search steps estimates, MinMax at T) and the
 * fair MI, measured the same way for both methods' returned x′.
 */
import { asrCell, meanStd, num, pct, table } from './markdown';
import type { SupervisedSettings } from './scales';
import { barPanel, PALETTE, svgDocument, type Bar } from './svg';
import type { Figure, ReproduceRecord } from './types';

const LABEL: Record<string, string> = { penalty: 'penalty-based', minmax: 'MinMax', pgd: 'PGD' };
export const methodLabel = (m: unknown) => LABEL[String(m)] ?? String(m);

const paperOf = (record: ReproduceRecord, method: unknown) => record.paper.find((p) => p.method === method);

export function asrMiTable(record: ReproduceRecord): string[] {
  const s = record.settings as SupervisedSettings;
  return [
    `MNIST test images 0..${s.n - 1}, T = ${s.iters} (penalty: per search step, ${s.searchSteps} steps), ε = ${s.eps}, critic ${s.critic}; fair MI: ${s.fairMi.steps} steps × ${s.fairMi.restarts} restarts at lr ${s.fairMi.lr}.`,
    '',
    ...table(
      [
        'method',
        'n',
        'ASR',
        'ASR (correct only)',
        'in-loop MI I* (mean ± std)',
        'fair MI (mean ± std)',
        'first success (iter)',
        'paper ASR',
        'paper MI',
      ],
      record.rows.map((r) => {
        const p = paperOf(record, r.method);
        return [
          methodLabel(r.method),
          String(r.n),
          asrCell(r),
          pct(r.asrCorrectOnly),
          meanStd(r.miMean, r.miStd),
          `${meanStd(r.miFairMean, r.miFairStd)} (n = ${String(r.nMiFair)})`,
          num(r.meanFirstSuccessIter, 1),
          p ? pct(p.asr, 0) : '–',
          p ? num(p.mi, 2) : '–',
        ];
      }),
    ),
  ];
}

/** Four panels: ASR, in-loop MI, fair MI (ours) and the paper's MI; one bar per method. */
export function asrMiFigure(record: ReproduceRecord, name = 'asr-mi-bars'): Figure {
  const rows = record.rows;
  const color = (i: number) => PALETTE[i % PALETTE.length]!;
  const bars = (
    value: (r: Record<string, unknown>) => unknown,
    err?: (r: Record<string, unknown>) => unknown,
  ) =>
    rows.map((r, i): Bar => ({
      label: methodLabel(r.method),
      value: typeof value(r) === 'number' ? (value(r) as number) : null,
      err: err && typeof err(r) === 'number' ? (err(r) as number) : null,
      color: color(i),
    }));
  const w = 250;
  const h = 300;
  const title = `${record.title}: ours (${record.scale} scale, n = ${Number(rows[0]?.n ?? 0)}) and the talk's`;
  const body = [
    ...barPanel(
      { x: 0, y: 40, w, h },
      'ASR (ours)',
      'attack success rate (%)',
      bars((r) => 100 * (r.asr as number)),
      100,
    ),
    ...barPanel(
      { x: w, y: 40, w, h },
      'in-loop MI I* (ours)',
      'MI (nats), mean ± std',
      bars(
        (r) => r.miMean,
        (r) => r.miStd,
      ),
    ),
    ...barPanel(
      { x: 2 * w, y: 40, w, h },
      'fair MI (ours)',
      'MI (nats), mean ± std',
      bars(
        (r) => r.miFairMean,
        (r) => r.miFairStd,
      ),
    ),
  ];
  if (record.paper.length > 0)
    body.push(
      ...barPanel(
        { x: 3 * w, y: 40, w, h },
        "the talk's MI (MNIST)",
        'MI as reported',
        rows.map((r, i): Bar => {
          const p = paperOf(record, r.method);
          const v = p ? (p.mi ?? p.miMean) : null;
          return { label: methodLabel(r.method), value: typeof v === 'number' ? v : null, color: color(i) };
        }),
      ),
    );
  const panels = record.paper.length > 0 ? 4 : 3;
  return { name, title, svg: svgDocument(panels * w, h + 50, title, body) };
}
