/**
 * Pure arithmetic of the streaming canvas chart (StreamChart.tsx): axis ranges with round ticks, and
 * per-pixel-column decimation, kept apart from the drawing so it can be tested without a canvas.
 */

export interface Ticks {
  /** The axis range: the data's extent widened to whole steps. */
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
}

/** 1, 2 or 5 times a power of ten, the smallest at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw * (1 - 1e-9)) return m * power;
  return 10 * power;
}

/**
 * About `count` round ticks covering [lo, hi]; a flat or empty extent is widened so the line sits
 * mid-chart instead of on an edge (a constant c would otherwise give a zero-height axis).
 */
export function niceTicks(lo: number, hi: number, count = 4, integer = false): Ticks {
  let a = Number.isFinite(lo) ? lo : 0;
  let b = Number.isFinite(hi) ? hi : 1;
  if (a > b) [a, b] = [b, a];
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= pad;
    b += pad;
  }
  let step = niceStep((b - a) / Math.max(1, count));
  if (integer) step = Math.max(1, Math.round(step));
  const min = Math.floor(a / step + 1e-9) * step;
  const max = Math.ceil(b / step - 1e-9) * step;
  const values: number[] = [];
  // Multiplying rather than accumulating keeps 0.1 + 0.2-style drift out of the labels.
  for (let i = 0; min + i * step <= max + step * 1e-9; i++)
    values.push(Number((min + i * step).toPrecision(12)));
  return { min, max, values };
}

/** The finite extent of some values; null when there are none. */
export function extentOf(values: Iterable<number | null>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/** Fields of one column in the array `decimate` returns. */
export const BUCKET = { col: 0, first: 1, min: 2, max: 3, last: 4, broken: 5, size: 6 } as const;

export interface Decimated {
  /** `count` columns of BUCKET.size numbers each. */
  readonly data: Float64Array;
  readonly count: number;
}

/**
 * One bucket per pixel column of a plot `width` px wide spanning x ∈ [x0, x1]: the first, lowest,
 * highest and last value that falls there. Drawn first → min → max → last, the line keeps every
 * spike a column hides, with at most `width` columns whatever the trace's length. `broken` marks a
 * missing value (null, NaN) since the previous column, where the line must lift as recharts' does.
 * `out` is reused when it is large enough.
 */
export function decimate(
  length: number,
  xAt: (i: number) => number,
  yAt: (i: number) => number | null,
  x0: number,
  x1: number,
  width: number,
  out?: Float64Array,
): Decimated {
  const columns = Math.max(1, Math.floor(width));
  const need = columns * BUCKET.size;
  const data = out !== undefined && out.length >= need ? out : new Float64Array(need);
  const span = x1 - x0;
  let count = -1;
  let col = -1;
  let gap = false;
  for (let i = 0; i < length; i++) {
    const y = yAt(i);
    if (y === null || !Number.isFinite(y)) {
      gap = true;
      continue;
    }
    const c =
      span > 0
        ? Math.min(columns - 1, Math.max(0, Math.floor(((xAt(i) - x0) / span) * (columns - 1) + 0.5)))
        : 0;
    if (c !== col) {
      count++;
      col = c;
      const o = count * BUCKET.size;
      data[o + BUCKET.col] = c;
      data[o + BUCKET.first] = y;
      data[o + BUCKET.min] = y;
      data[o + BUCKET.max] = y;
      data[o + BUCKET.last] = y;
      data[o + BUCKET.broken] = gap && count > 0 ? 1 : 0;
    } else {
      const o = count * BUCKET.size;
      if (y < data[o + BUCKET.min]!) data[o + BUCKET.min] = y;
      if (y > data[o + BUCKET.max]!) data[o + BUCKET.max] = y;
      data[o + BUCKET.last] = y;
      if (gap) data[o + BUCKET.broken] = 1;
    }
    gap = false;
  }
  return { data, count: count + 1 };
}

/**
 * The extent of some decimated lines, from their columns' min and max: every finite value lands in
 * one column, so this is extentOf over the values themselves without walking them again.
 */
export function extentOfColumns(lines: readonly Decimated[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const { data, count } of lines)
    for (let o = 0; o < count * BUCKET.size; o += BUCKET.size) {
      if (data[o + BUCKET.min]! < min) min = data[o + BUCKET.min]!;
      if (data[o + BUCKET.max]! > max) max = data[o + BUCKET.max]!;
    }
  return min <= max ? { min, max } : null;
}

/** Maps a value of [d0, d1] to a pixel of [p0, p1] (p1 < p0 for a y axis that grows upwards). */
export function scale(d0: number, d1: number, p0: number, p1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (p1 - p0) / (d1 - d0);
  return (v) => p0 + (v - d0) * k;
}
