/**
 * Colour scales for the canvases. A signed δ needs a diverging scale (white at zero), not the
 * "shift by 0.5" grey that makes noise look like brightness: blue below zero, red above.
 */
export type Rgb = readonly [number, number, number];

const NEG: Rgb = [33, 102, 172];
const MID: Rgb = [247, 247, 247];
const POS: Rgb = [178, 24, 43];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isNaN(v) ? 0 : Math.min(hi, Math.max(lo, v));
}

/** v in [−1, 1] (clamped) → blue … white … red. */
export function diverging(v: number): Rgb {
  const t = clamp(v, -1, 1);
  return t < 0 ? mix(MID, NEG, -t) : mix(MID, POS, t);
}

/** v in [0, 1] (clamped) → black … white, as MNIST digits are drawn (ink is white on black). */
export function grey(v: number): Rgb {
  const g = Math.round(clamp(v, 0, 1) * 255);
  return [g, g, g];
}

/** Largest |v|, or 1 for an all-zero array (so a zero map stays white rather than dividing by 0). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m > 0 ? m : 1;
}

/** Fills RGBA pixels from values through a scale; `scale` maps a value to the scale's domain first. */
export function paint(
  out: Uint8ClampedArray,
  values: ArrayLike<number>,
  scale: (v: number) => Rgb,
  transform: (v: number) => number = (v) => v,
): void {
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = scale(transform(values[i]!));
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = 255;
  }
}
