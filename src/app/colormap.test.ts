import { describe, expect, it } from 'vitest';
import { diverging, grey, maxAbs, paint } from './colormap';

describe('colour maps', () => {
  it('diverging: white at 0, blue below, red above, saturating beyond ±1', () => {
    expect(diverging(0)).toEqual([247, 247, 247]);
    expect(diverging(-1)).toEqual([33, 102, 172]);
    expect(diverging(1)).toEqual([178, 24, 43]);
    expect(diverging(-5)).toEqual(diverging(-1));
    expect(diverging(7)).toEqual(diverging(1));
    const [r, , b] = diverging(0.5);
    expect(r).toBeGreaterThan(b);
    const [r2, , b2] = diverging(-0.5);
    expect(b2).toBeGreaterThan(r2);
  });

  it('diverging is symmetric in intensity and monotone away from 0', () => {
    let prev = 247;
    for (const v of [0.1, 0.3, 0.6, 0.9]) {
      const g = diverging(v)[1];
      expect(g).toBeLessThan(prev);
      prev = g;
    }
  });

  it('grey maps [0, 1] to black … white and treats NaN as 0', () => {
    expect(grey(0)).toEqual([0, 0, 0]);
    expect(grey(1)).toEqual([255, 255, 255]);
    expect(grey(2)).toEqual([255, 255, 255]);
    expect(grey(NaN)).toEqual([0, 0, 0]);
    expect(diverging(NaN)).toEqual([247, 247, 247]);
  });

  it('maxAbs never returns 0', () => {
    expect(maxAbs([0, 0])).toBe(1);
    expect(maxAbs([-0.3, 0.2])).toBeCloseTo(0.3);
  });

  it('paint writes opaque RGBA through the transform', () => {
    const out = new Uint8ClampedArray(8);
    paint(out, [0.25, 1], grey, (v) => v * 2);
    expect(Array.from(out)).toEqual([128, 128, 128, 255, 255, 255, 255, 255]);
  });
});
