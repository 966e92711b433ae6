import { describe, expect, it } from 'vitest';
import { diverging } from './colormap';
import { deltaFigure, greyRaster, PNG_SCALE } from './png-figure';

const SIZE = 28;

function pixel(r: { width: number; rgba: Uint8ClampedArray }, x: number, y: number): number[] {
  const o = 4 * (y * r.width + x);
  return Array.from(r.rgba.subarray(o, o + 4));
}

/** δ = −0.125 left of column 14, +0.125 from it on (exact in float32): one vertical edge. */
const halves = Float32Array.from({ length: SIZE * SIZE }, (_, i) => (i % SIZE < 14 ? -0.125 : 0.125));

describe('the exported PNG pixels', () => {
  it('upscale x′ by nearest neighbour: whole blocks, the edge one pixel sharp', () => {
    const x = Float32Array.from({ length: SIZE * SIZE }, (_, i) => (i % SIZE < 14 ? 0 : 1));
    const r = greyRaster(x, SIZE);
    expect([r.width, r.height]).toEqual([SIZE * PNG_SCALE, SIZE * PNG_SCALE]);
    for (const y of [0, 57, 279]) {
      expect(pixel(r, 139, y)).toEqual([0, 0, 0, 255]);
      expect(pixel(r, 140, y)).toEqual([255, 255, 255, 255]);
    }
    // No grey anywhere: a smoothed upscale would blend the two sides along the edge.
    const greys = new Set<number>();
    for (let i = 0; i < r.rgba.length; i += 4) greys.add(r.rgba[i]!);
    expect([...greys].sort((a, b) => a - b)).toEqual([0, 255]);
  });

  it('a single pixel becomes one block of PNG_SCALE × PNG_SCALE', () => {
    const x = new Float32Array(SIZE * SIZE);
    x[5 * SIZE + 7] = 0.5;
    const r = greyRaster(x, SIZE);
    let lit = 0;
    for (let y = 0; y < r.height; y++)
      for (let xx = 0; xx < r.width; xx++)
        if (pixel(r, xx, y)[0] !== 0) {
          lit++;
          expect(Math.floor(xx / PNG_SCALE)).toBe(7);
          expect(Math.floor(y / PNG_SCALE)).toBe(5);
          expect(pixel(r, xx, y)).toEqual([128, 128, 128, 255]);
        }
    expect(lit).toBe(PNG_SCALE * PNG_SCALE);
  });

  it('δ keeps its edge sharp on the diverging scale, as amplified on the page', () => {
    const f = deltaFigure(halves, SIZE, 4);
    const top = 10; // the figure's white margin above the image
    const blue = [...diverging(-0.5), 255];
    const red = [...diverging(0.5), 255];
    for (const y of [top, top + 140, top + 279]) {
      expect(pixel(f, 0, y)).toEqual(blue);
      expect(pixel(f, 139, y)).toEqual(blue);
      expect(pixel(f, 140, y)).toEqual(red);
      expect(pixel(f, 279, y)).toEqual(red);
    }
  });

  it('δ carries its colour bar: red +range at the top, white 0 in the middle, blue −range at the bottom', () => {
    const f = deltaFigure(halves, SIZE, 4);
    // Find the bar: the first column right of the image whose middle pixel is not white.
    const side = SIZE * PNG_SCALE;
    const top = 10;
    let barX = -1;
    for (let x = side; x < f.width && barX < 0; x++) {
      const p = pixel(f, x, top + 1);
      if (p[0] !== 255 || p[1] !== 255 || p[2] !== 255) barX = x + 1; // past the frame's left edge
    }
    expect(barX).toBeGreaterThan(side);
    const mid = barX + 5;
    const near = (a: number[], b: readonly number[]) =>
      a.slice(0, 3).every((v, i) => Math.abs(v - b[i]!) <= 3);
    expect(near(pixel(f, mid, top), diverging(1))).toBe(true);
    expect(near(pixel(f, mid, top + side - 1), diverging(-1))).toBe(true);
    expect(near(pixel(f, mid, top + side / 2), diverging(0))).toBe(true);
    // From red through white to blue: red minus blue falls all the way down.
    let last = Infinity;
    for (let y = top; y < top + side; y++) {
      const p = pixel(f, mid, y);
      const d = p[0]! - p[2]!;
      expect(d).toBeLessThanOrEqual(last);
      last = d;
    }
    // Its scale: ±1/amplification at the ends, 0 in the middle, beside the ticks.
    expect(f.labels.map((l) => l.text)).toEqual(['+0.25', '0', '−0.25']);
    expect(f.labels.map((l) => l.y)).toEqual([top, top + side / 2, top + side - 1]);
    for (const l of f.labels) expect(l.x).toBeGreaterThan(barX + 20);
    expect(deltaFigure(halves, SIZE, 50).labels[0]!.text).toBe('+0.020');
  });
});
