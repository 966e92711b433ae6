import { describe, expect, it } from 'vitest';
import { checkUpload, toMnist } from './to-mnist';

function rgba(w: number, h: number, ink: (x: number, y: number) => boolean, dark = true): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const on = ink(x, y);
      const v = dark ? (on ? 0 : 255) : on ? 255 : 0;
      out.set([v, v, v, 255], 4 * (y * w + x));
    }
  }
  return out;
}

function centre(p: Float32Array): [number, number] {
  let m = 0;
  let cx = 0;
  let cy = 0;
  p.forEach((v, i) => {
    m += v;
    cx += v * (i % 28);
    cy += v * Math.floor(i / 28);
  });
  return [cx / m, cy / m];
}

describe('toMnist', () => {
  it('turns dark ink on white paper into a centred white digit on black', () => {
    // A vertical bar in the top-left corner of a 100×60 picture.
    const r = toMnist(
      rgba(100, 60, (x, y) => x >= 5 && x < 15 && y >= 2 && y < 40),
      100,
      60,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.pixels.length).toBe(784);
    const [cx, cy] = centre(r.pixels);
    expect(Math.abs(cx - 13.5)).toBeLessThan(1.5);
    expect(Math.abs(cy - 13.5)).toBeLessThan(1.5);
    expect(r.pixels[0]).toBe(0);
    expect(Math.max(...r.pixels)).toBeGreaterThan(0.9);
  });

  it('keeps light ink on black as it is', () => {
    const r = toMnist(
      rgba(28, 28, (x, y) => x > 10 && x < 18 && y > 4 && y < 24, false),
      28,
      28,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.pixels[14 * 28 + 14]).toBeGreaterThan(0.9);
  });

  it('refuses blank and empty pictures', () => {
    expect(
      toMnist(
        rgba(20, 20, () => false),
        20,
        20,
      ).ok,
    ).toBe(false);
    expect(toMnist(new Uint8ClampedArray(0), 0, 0).ok).toBe(false);
    expect(toMnist(new Uint8ClampedArray(12), 2, 2).ok).toBe(false);
  });

  it('checks uploads before decoding', () => {
    expect(checkUpload({ name: 'a.txt', type: 'text/plain', size: 10 })).toMatch(/not an image/);
    expect(checkUpload({ name: 'a.png', type: 'image/png', size: 0 })).toMatch(/empty/);
    expect(checkUpload({ name: 'a.png', type: 'image/png', size: 50e6 })).toMatch(/larger than/);
    expect(checkUpload({ name: 'a.png', type: 'image/png', size: 5000 })).toBeNull();
  });
});
