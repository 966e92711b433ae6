/**
 * The figure panel and the MI chart as SVG, composed as text without the DOM. Pixels are crisp
 * rects (one per image pixel, 10 units wide, shape-rendering="crispEdges"), not an <image>: every
 * viewer draws them sharp, and the file stays editable vector art. δ has its colour bar (a
 * three-stop gradient, exactly the page's linear blue–white–red scale) with ticks and labels.
 */
import { diverging, grey, type Rgb } from './colormap';
import { BAR_GAP, BAR_WIDTH, PNG_SCALE } from './png-figure';

/** A pixel is as wide as in the PNG exports, and δ's bar the same size. */
const SCALE = PNG_SCALE;
const GAP = 24;
const CAPTION = 40;
const TOP = 30;
const FONT = 'font-family="sans-serif" font-size="13" fill="#1a1a1a"';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const hex = (c: Rgb): string => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** One size×size image as rects at (left, top), value by value through `colour`. */
function pixels(
  values: ArrayLike<number>,
  size: number,
  colour: (v: number) => Rgb,
  left: number,
  top: number,
): string {
  const rects: string[] = [];
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++)
      rects.push(
        `<rect x="${j}" y="${i}" width="1" height="1" fill="${hex(colour(values[i * size + j]!))}"/>`,
      );
  return `<g transform="translate(${left} ${top}) scale(${SCALE})" shape-rendering="crispEdges">${rects.join('')}</g>`;
}

export interface FigurePanel {
  readonly x: ArrayLike<number>;
  readonly adv: ArrayLike<number>;
  readonly delta: ArrayLike<number>;
  readonly size: number;
  /** δ is drawn ×amplification: ±1/amplification at full blue and red, as on the page. */
  readonly amplification: number;
  readonly title: string;
  readonly captions: readonly [string, string, string];
}

/** x, x′ and δ side by side with their captions, δ with its colour bar. */
export function figureSvg(f: FigurePanel): string {
  const side = f.size * SCALE;
  const lefts = [0, side + GAP, 2 * (side + GAP)] as const;
  const barX = lefts[2] + side + BAR_GAP;
  const width = barX + BAR_WIDTH + 70;
  const height = TOP + side + CAPTION;
  const range = 1 / f.amplification;
  const tick = range.toFixed(range >= 0.1 ? 2 : 3);
  const ticks = [
    { y: TOP, text: `+${tick}` },
    { y: TOP + side / 2, text: '0' },
    { y: TOP + side, text: `−${tick}` },
  ];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(f.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="0" y="18" ${FONT} font-weight="bold">${escapeXml(f.title)}</text>`,
    pixels(f.x, f.size, grey, lefts[0], TOP),
    pixels(f.adv, f.size, grey, lefts[1], TOP),
    pixels(f.delta, f.size, (v) => diverging(v * f.amplification), lefts[2], TOP),
    '<defs><linearGradient id="delta-scale" x1="0" y1="0" x2="0" y2="1">',
    `<stop offset="0" stop-color="${hex(diverging(1))}"/>`,
    `<stop offset="0.5" stop-color="${hex(diverging(0))}"/>`,
    `<stop offset="1" stop-color="${hex(diverging(-1))}"/>`,
    '</linearGradient></defs>',
    `<rect x="${barX}" y="${TOP}" width="${BAR_WIDTH}" height="${side}" fill="url(#delta-scale)" stroke="#4a4a4a"/>`,
    ...ticks.map(
      (t) =>
        `<line x1="${barX + BAR_WIDTH}" y1="${t.y}" x2="${barX + BAR_WIDTH + 5}" y2="${t.y}" stroke="#4a4a4a"/>` +
        `<text x="${barX + BAR_WIDTH + 9}" y="${t.y}" dominant-baseline="middle" ${FONT}>${t.text}</text>`,
    ),
    ...f.captions.map(
      (c, i) => `<text x="${lefts[i]!}" y="${TOP + side + 24}" ${FONT}>${escapeXml(c)}</text>`,
    ),
    '</svg>',
  ];
  return parts.join('\n');
}

export interface MiSeries {
  readonly name: string;
  readonly colour: string;
  /** One value per record; NaN or null leaves a gap. */
  readonly values: readonly (number | null)[];
}

const CHART = { width: 640, height: 320, left: 64, right: 150, top: 30, bottom: 44 } as const;

function niceNumber(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toPrecision(3) : v.toExponential(2);
}

/** The MI chart: each series as polylines (broken at missing values) over the record index, axes, a legend and the cursor. */
export function miChartSvg(title: string, series: readonly MiSeries[], cursor: number | null): string {
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const finite = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  let lo = finite.length === 0 ? 0 : Math.min(...finite);
  let hi = finite.length === 0 ? 1 : Math.max(...finite);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const px = (i: number): number => CHART.left + (n <= 1 ? 0 : (i / (n - 1)) * plotW);
  const py = (v: number): number => CHART.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const lines = series.map((s) => {
    const runs: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) runs.push([]);
      else runs.at(-1)!.push(`${px(i).toFixed(2)},${py(v).toFixed(2)}`);
    });
    return runs
      .filter((r) => r.length > 0)
      .map((r) => `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${r.join(' ')}"/>`)
      .join('');
  });
  const bottom = CHART.top + plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART.width}" height="${CHART.height}" viewBox="0 0 ${CHART.width} ${CHART.height}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${CHART.width}" height="${CHART.height}" fill="#ffffff"/>`,
    `<text x="${CHART.left}" y="18" ${FONT} font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="${CHART.left}" y1="${bottom}" x2="${CHART.left + plotW}" y2="${bottom}" stroke="#4a4a4a"/>`,
    `<line x1="${CHART.left}" y1="${CHART.top}" x2="${CHART.left}" y2="${bottom}" stroke="#4a4a4a"/>`,
    `<text x="${CHART.left - 6}" y="${CHART.top}" text-anchor="end" dominant-baseline="middle" ${FONT}>${niceNumber(hi)}</text>`,
    `<text x="${CHART.left - 6}" y="${bottom}" text-anchor="end" dominant-baseline="middle" ${FONT}>${niceNumber(lo)}</text>`,
    `<text x="${CHART.left}" y="${bottom + 18}" text-anchor="middle" ${FONT}>1</text>`,
    `<text x="${CHART.left + plotW}" y="${bottom + 18}" text-anchor="middle" ${FONT}>${n}</text>`,
    `<text x="${CHART.left + plotW / 2}" y="${bottom + 36}" text-anchor="middle" ${FONT}>record (iteration)</text>`,
    ...lines,
    ...(cursor === null || cursor >= n
      ? []
      : [
          `<line x1="${px(cursor)}" y1="${CHART.top}" x2="${px(cursor)}" y2="${bottom}" stroke="#8a5a00" stroke-dasharray="4 3"/>`,
        ]),
    ...series.map((s, i) => {
      const y = CHART.top + 10 + i * 20;
      const x = CHART.left + plotW + 16;
      return `<line x1="${x}" y1="${y}" x2="${x + 20}" y2="${y}" stroke="${s.colour}" stroke-width="2"/><text x="${x + 26}" y="${y}" dominant-baseline="middle" ${FONT}>${escapeXml(s.name)}</text>`;
    }),
    '</svg>',
  ];
  return parts.join('\n');
}
