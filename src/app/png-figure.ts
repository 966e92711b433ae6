/**
 * The exported PNGs as pixels, composed without the DOM: each image pixel becomes a block of
 * scale × scale identical pixels (nearest neighbour; no resampling, so edges stay one pixel sharp),
 * and δ comes with its colour bar, tick marks and the positions of the tick labels (the one part
 * the canvas draws, as text). Export.tsx puts these pixels on a canvas as they are.
 */
import { diverging, grey, type Rgb } from './colormap';

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row, opaque. */
  readonly rgba: Uint8ClampedArray;
}

export interface FigureLabel {
  readonly text: string;
  /** Left edge and vertical centre, in figure pixels. */
  readonly x: number;
  readonly y: number;
}

export interface Figure extends Raster {
  readonly labels: readonly FigureLabel[];
}

/** Upscale factor of the exported images: a 28×28 digit becomes 280×280. */
export const PNG_SCALE = 10;
/** The colour bar beside δ: its width, the gap before it (the SVG figure draws the same bar). */
export const BAR_GAP = 16;
export const BAR_WIDTH = 20;
/** The ticks and the room for their labels. */
const TICK = 5;
const LABEL_GAP = 4;
const LABEL_ROOM = 56;
/** White above and below, so the top and bottom tick labels are not cut in half. */
const PAD = 10;
const FRAME: Rgb = [74, 74, 74];

function blank(width: number, height: number): Uint8ClampedArray {
  return new Uint8ClampedArray(width * height * 4).fill(255);
}

function put(r: { width: number; rgba: Uint8ClampedArray }, x: number, y: number, c: Rgb): void {
  const o = 4 * (y * r.width + x);
  r.rgba[o] = c[0];
  r.rgba[o + 1] = c[1];
  r.rgba[o + 2] = c[2];
  r.rgba[o + 3] = 255;
}

/** Draws a size×size image, value by value through `colour`, as scale×scale blocks at (left, top). */
function blit(
  into: { width: number; rgba: Uint8ClampedArray },
  values: ArrayLike<number>,
  size: number,
  scale: number,
  colour: (v: number) => Rgb,
  left: number,
  top: number,
): void {
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      const c = colour(values[i * size + j]!);
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) put(into, left + j * scale + dx, top + i * scale + dy, c);
    }
}

/** A size×size image of values in [0, 1] (x′), grey, upscaled by nearest neighbour. */
export function greyRaster(values: ArrayLike<number>, size: number, scale = PNG_SCALE): Raster {
  const side = size * scale;
  const out = { width: side, height: side, rgba: blank(side, side) };
  blit(out, values, size, scale, grey, 0, 0);
  return out;
}

/**
 * δ on the diverging scale (white 0; ±1/amplification at full blue and red, as on the page), then
 * its colour bar from +range (top) to −range (bottom), framed, with ticks at both ends and at 0.
 */
export function deltaFigure(
  delta: ArrayLike<number>,
  size: number,
  amplification: number,
  scale = PNG_SCALE,
): Figure {
  const side = size * scale;
  const barX = side + BAR_GAP;
  const width = barX + BAR_WIDTH + TICK + LABEL_GAP + LABEL_ROOM;
  const height = side + 2 * PAD;
  const out = { width, height, rgba: blank(width, height) };
  blit(out, delta, size, scale, (v) => diverging(v * amplification), 0, PAD);
  // The bar: one row per pixel, its value at the row's centre; the frame makes its white middle visible.
  for (let y = 0; y < side; y++) {
    const c = diverging(1 - (2 * (y + 0.5)) / side);
    for (let x = 0; x < BAR_WIDTH; x++) put(out, barX + x, PAD + y, c);
  }
  for (let x = -1; x <= BAR_WIDTH; x++) {
    put(out, barX + x, PAD - 1, FRAME);
    put(out, barX + x, PAD + side, FRAME);
  }
  for (let y = PAD - 1; y <= PAD + side; y++) {
    put(out, barX - 1, y, FRAME);
    put(out, barX + BAR_WIDTH, y, FRAME);
  }
  const range = 1 / amplification;
  const text = range.toFixed(range >= 0.1 ? 2 : 3);
  const ticks = [
    { y: PAD, text: `+${text}` },
    { y: PAD + Math.floor(side / 2), text: '0' },
    { y: PAD + side - 1, text: `−${text}` },
  ];
  for (const t of ticks) for (let x = 0; x < TICK; x++) put(out, barX + BAR_WIDTH + 1 + x, t.y, FRAME);
  const labelX = barX + BAR_WIDTH + 1 + TICK + LABEL_GAP;
  return { ...out, labels: ticks.map((t) => ({ text: t.text, x: labelX, y: t.y })) };
}

/** The label colour and font, for the canvas that writes them. */
export const LABEL_STYLE = { fill: 'rgb(26, 26, 26)', font: '13px sans-serif' } as const;
