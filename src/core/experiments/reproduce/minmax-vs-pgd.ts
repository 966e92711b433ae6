/**
 * `minmax-vs-pgd`: the talk's "MinMax attacks vs. PGD attacks": ASR and fair MI of both on the same
 * images and seeds, and a grid of examples: x | PGD x′ | PGD δ | MinMax x′ | MinMax δ, δ drawn on one
 * shared diverging scale so the two methods' perturbations compare.
 */
import { asrMiFigure, methodLabel } from './asr-mi';
import { asrCell, meanStd, num, table } from './markdown';
import { divergingBytes, greyBytes, pngDataUrl } from './png';
import type { SupervisedSettings } from './scales';
import { unitsOf } from './supervised-runs';
import { imageCell, svgDocument, text } from './svg';
import type { Figure, ReproduceRecord, ReproduceState } from './types';
import type { ImageSet } from '../../data/dataset';

export interface GridRow {
  index: number;
  label: number;
  /** x as grey levels 0..255 (exact: MNIST pixels are bytes). */
  x: number[];
  /** Each method's returned x′ (784 values in [0, 1]) and whether it succeeded. */
  adversarial: Record<string, number[]>;
  success: Record<string, boolean>;
}

/** The grid's images from the finished units (the first `gridImages` test images with every method done). */
export function gridRows(s: SupervisedSettings, state: ReproduceState, test: ImageSet): GridRow[] {
  const rows: GridRow[] = [];
  for (let i = 0; i < s.gridImages; i++) {
    const units = s.methods.map((m) => unitsOf(state, m).find((u) => u.index === i));
    if (units.some((u) => !u?.adversarial)) continue;
    rows.push({
      index: i,
      label: test.labels[i]!,
      x: Array.from(test.images.subarray(i * 784, (i + 1) * 784)),
      adversarial: Object.fromEntries(s.methods.map((m, k) => [m, units[k]!.adversarial!])),
      success: Object.fromEntries(s.methods.map((m, k) => [m, units[k]!.success])),
    });
  }
  return rows;
}

export function versusTable(record: ReproduceRecord): string[] {
  const s = record.settings as SupervisedSettings;
  return [
    `MNIST test images 0..${s.n - 1}, T = ${s.iters}, ε = ${s.eps}, PGD sign step ${s.pgdStep} from a random start, critic ${s.critic}; fair MI ${s.fairMi.steps} steps × ${s.fairMi.restarts} restarts.`,
    '',
    ...table(
      [
        'method',
        'n',
        'ASR',
        'fair MI (mean ± std)',
        'in-loop / after-the-fact I*',
        '‖δ‖∞ mean',
        '‖δ‖₂ mean',
        'first success (iter)',
      ],
      record.rows.map((r) => [
        methodLabel(r.method),
        String(r.n),
        asrCell(r),
        `${meanStd(r.miFairMean, r.miFairStd)} (n = ${String(r.nMiFair)})`,
        meanStd(r.miMean, r.miStd),
        num(r.linfMean),
        num(r.l2Mean),
        num(r.meanFirstSuccessIter, 1),
      ]),
    ),
    '',
    'The talk gives images only for this slide; the grid figure shows ours.',
  ];
}

export function gridFigure(record: ReproduceRecord): Figure {
  const rows = (record.extra.grid ?? []) as GridRow[];
  const s = record.settings as SupervisedSettings;
  const methods = s.methods;
  const size = 112;
  const gap = 14;
  const left = 90;
  const top = 86;
  let scale = 0;
  for (const r of rows)
    for (const m of methods)
      r.adversarial[m]!.forEach((v, p) => (scale = Math.max(scale, Math.abs(v - r.x[p]! / 255))));
  const columns = ['x', ...methods.flatMap((m) => [`${methodLabel(m)} x′`, `${methodLabel(m)} δ`])];
  const title = `MinMax vs PGD: examples (${record.scale} scale)`;
  const body: string[] = [
    text(
      left,
      50,
      `δ = x′ − x on one scale for all: blue −${scale.toFixed(2)}, white 0, red +${scale.toFixed(2)}`,
      { size: 12 },
    ),
  ];
  columns.forEach((c, k) =>
    body.push(
      text(left + k * (size + gap) + size / 2, top - 8, c, { size: 12, anchor: 'middle', weight: 'bold' }),
    ),
  );
  rows.forEach((r, j) => {
    const y = top + j * (size + gap + 14);
    body.push(text(left - 8, y + size / 2, `image ${r.index}`, { size: 12, anchor: 'end' }));
    body.push(text(left - 8, y + size / 2 + 15, `label ${r.label}`, { size: 11, anchor: 'end' }));
    const x = r.x.map((v) => v / 255);
    body.push(imageCell(left, y, size, pngDataUrl(greyBytes(x), 28, 28, 1), `test image ${r.index}`));
    methods.forEach((m, k) => {
      const adv = r.adversarial[m]!;
      const cx = left + (1 + 2 * k) * (size + gap);
      body.push(
        imageCell(
          cx,
          y,
          size,
          pngDataUrl(greyBytes(adv), 28, 28, 1),
          `${methodLabel(m)} x′ of image ${r.index}`,
        ),
      );
      const delta = adv.map((v, p) => v - x[p]!);
      body.push(
        imageCell(
          cx + size + gap,
          y,
          size,
          pngDataUrl(divergingBytes(delta, scale), 28, 28, 3),
          `${methodLabel(m)} δ of image ${r.index}`,
        ),
      );
      body.push(
        text(cx + size / 2, y + size + 12, r.success[m] ? 'adversarial' : 'attack failed', {
          size: 10,
          anchor: 'middle',
        }),
      );
    });
  });
  const width = left + columns.length * (size + gap) + 10;
  const height = top + rows.length * (size + gap + 14) + 10;
  return { name: 'minmax-vs-pgd-grid', title, svg: svgDocument(width, height, title, body) };
}

export function versusFigures(record: ReproduceRecord): Figure[] {
  return [gridFigure(record), asrMiFigure(record, 'minmax-vs-pgd-bars')];
}
