/**
 * SVG building blocks of the figures: a document with a title, bar panels with error bars, histogram
 * panels with mean ± std marked, and image cells (embedded PNGs). Strings in, a string out; no DOM.
 */

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const FONT = 'font-family="system-ui, sans-serif"';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const f = (v: number) => (Math.round(v * 10) / 10).toString();

export function text(
  x: number,
  y: number,
  s: string,
  opts: { size?: number; anchor?: 'start' | 'middle' | 'end'; weight?: string; rotate?: boolean } = {},
): string {
  const rot = opts.rotate ? ` transform="rotate(-90 ${f(x)} ${f(y)})"` : '';
  return `<text x="${f(x)}" y="${f(y)}" font-size="${opts.size ?? 12}" text-anchor="${opts.anchor ?? 'start'}"${opts.weight ? ` font-weight="${opts.weight}"` : ''}${rot}>${esc(s)}</text>`;
}

export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" ${FONT}>`,
    `<title>${esc(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    text(width / 2, 24, title, { size: 16, anchor: 'middle', weight: 'bold' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** "Nice" axis ticks from 0 to at least max. */
function ticks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(v);
  if (out[out.length - 1]! < max) out.push(out[out.length - 1]! + step);
  return out;
}

const tickLabel = (v: number) =>
  Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3).replace(/\.?0+$/, '');

const valueLabel = (v: number) =>
  Number.isInteger(v)
    ? v.toFixed(0)
    : v
        .toPrecision(4)
        .replace(/(\.\d*?)0+$/, '$1')
        .replace(/\.$/, '');

export interface Bar {
  label: string;
  value: number | null;
  /** Half-width of an error bar (± std), if any. */
  err?: number | null;
  color: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A panel of vertical bars with a y axis, gridlines, values above the bars and labels below. */
export function barPanel(
  box: Box,
  title: string,
  yLabel: string,
  bars: readonly Bar[],
  fixedMax?: number,
): string[] {
  const left = box.x + 52;
  const bottom = box.y + box.h - 34;
  const top = box.y + 34;
  const width = box.x + box.w - left - 8;
  // Headroom above the tallest bar for its value label.
  const max = fixedMax ?? 1.12 * Math.max(...bars.map((b) => (b.value ?? 0) + (b.err ?? 0)), 0);
  const t = ticks(max);
  const yMax = t[t.length - 1]!;
  const y = (v: number) => bottom - ((bottom - top) * v) / yMax;
  const out = [text(box.x + box.w / 2, box.y + 14, title, { size: 13, anchor: 'middle', weight: 'bold' })];
  for (const v of t) {
    out.push(
      `<line x1="${f(left)}" x2="${f(left + width)}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#dddddd"/>`,
    );
    out.push(text(left - 6, y(v) + 4, tickLabel(v), { size: 11, anchor: 'end' }));
  }
  out.push(`<line x1="${f(left)}" x2="${f(left)}" y1="${f(top)}" y2="${f(bottom)}" stroke="#333333"/>`);
  out.push(
    `<line x1="${f(left)}" x2="${f(left + width)}" y1="${f(bottom)}" y2="${f(bottom)}" stroke="#333333"/>`,
  );
  out.push(text(box.x + 12, (top + bottom) / 2, yLabel, { size: 11, anchor: 'middle', rotate: true }));
  const slot = width / Math.max(1, bars.length);
  bars.forEach((b, i) => {
    const cx = left + slot * (i + 0.5);
    const bw = Math.min(48, slot * 0.6);
    if (b.value === null) {
      out.push(text(cx, bottom - 6, 'n/a', { size: 11, anchor: 'middle' }));
    } else {
      out.push(
        `<rect x="${f(cx - bw / 2)}" y="${f(y(b.value))}" width="${f(bw)}" height="${f(bottom - y(b.value))}" fill="${b.color}"/>`,
      );
      if (b.err) {
        const lo = y(Math.max(0, b.value - b.err));
        const hi = y(b.value + b.err);
        out.push(`<line x1="${f(cx)}" x2="${f(cx)}" y1="${f(lo)}" y2="${f(hi)}" stroke="#000000"/>`);
        for (const yy of [lo, hi])
          out.push(
            `<line x1="${f(cx - 6)}" x2="${f(cx + 6)}" y1="${f(yy)}" y2="${f(yy)}" stroke="#000000"/>`,
          );
      }
      const label = b.err ? `${valueLabel(b.value)} ± ${valueLabel(b.err)}` : valueLabel(b.value);
      out.push(text(cx, y(b.value + (b.err ?? 0)) - 5, label, { size: 10, anchor: 'middle' }));
    }
    out.push(text(cx, bottom + 15, b.label, { size: 11, anchor: 'middle' }));
  });
  return out;
}

export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}

/** One histogram with its mean ± std drawn as a line and a band; a shared x range across panels. */
export function histogramPanel(
  box: Box,
  title: string,
  xLabel: string,
  h: Histogram,
  mean: number | null,
  std: number | null,
  color: string,
): string[] {
  const left = box.x + 52;
  const bottom = box.y + box.h - 36;
  const top = box.y + 24;
  const width = box.x + box.w - left - 28;
  // Counts are whole: whole ticks only.
  const t = ticks(Math.max(4, ...h.counts)).filter((v) => Number.isInteger(v));
  const yMax = t[t.length - 1]!;
  const span = h.hi - h.lo || 1;
  const x = (v: number) => left + (width * (v - h.lo)) / span;
  const y = (c: number) => bottom - ((bottom - top) * c) / yMax;
  const stats =
    mean === null
      ? ''
      : std === null
        ? ` (mean ${mean.toFixed(3)})`
        : ` (mean ${mean.toFixed(3)} ± ${std.toFixed(3)}: dashed line and band)`;
  const out = [
    text(box.x + box.w / 2, box.y + 14, title + stats, { size: 13, anchor: 'middle', weight: 'bold' }),
  ];
  for (const c of t) {
    out.push(
      `<line x1="${f(left)}" x2="${f(left + width)}" y1="${f(y(c))}" y2="${f(y(c))}" stroke="#eeeeee"/>`,
    );
    out.push(text(left - 6, y(c) + 4, tickLabel(c), { size: 11, anchor: 'end' }));
  }
  if (mean !== null && std !== null)
    out.push(
      `<rect x="${f(x(Math.max(h.lo, mean - std)))}" y="${f(top)}" width="${f(x(Math.min(h.hi, mean + std)) - x(Math.max(h.lo, mean - std)))}" height="${f(bottom - top)}" fill="${color}" fill-opacity="0.12"/>`,
    );
  const bw = width / h.counts.length;
  h.counts.forEach((c, i) => {
    if (c > 0)
      out.push(
        `<rect x="${f(left + i * bw + 1)}" y="${f(y(c))}" width="${f(bw - 2)}" height="${f(bottom - y(c))}" fill="${color}"/>`,
      );
  });
  if (mean !== null) {
    out.push(
      `<line x1="${f(x(mean))}" x2="${f(x(mean))}" y1="${f(top)}" y2="${f(bottom)}" stroke="#000000" stroke-dasharray="4 3"/>`,
    );
  }
  out.push(
    `<line x1="${f(left)}" x2="${f(left + width)}" y1="${f(bottom)}" y2="${f(bottom)}" stroke="#333333"/>`,
  );
  out.push(`<line x1="${f(left)}" x2="${f(left)}" y1="${f(top)}" y2="${f(bottom)}" stroke="#333333"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = h.lo + (span * i) / 4;
    out.push(text(x(v), bottom + 14, v.toFixed(2), { size: 11, anchor: 'middle' }));
  }
  out.push(text(left + width / 2, bottom + 30, xLabel, { size: 11, anchor: 'middle' }));
  out.push(text(box.x + 12, (top + bottom) / 2, 'samples', { size: 11, anchor: 'middle', rotate: true }));
  return out;
}

/** An embedded image, drawn with its pixels kept square and sharp. */
export function imageCell(x: number, y: number, size: number, dataUrl: string, label: string): string {
  return `<image x="${f(x)}" y="${f(y)}" width="${size}" height="${size}" href="${dataUrl}" style="image-rendering: pixelated"><title>${esc(label)}</title></image>`;
}
