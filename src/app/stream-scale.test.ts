import { describe, expect, it } from 'vitest';
import { BUCKET, decimate, extentOf, extentOfColumns, niceStep, niceTicks, scale } from './stream-scale';

const column = (d: { data: Float64Array }, k: number) => {
  const o = k * BUCKET.size;
  return {
    col: d.data[o + BUCKET.col],
    first: d.data[o + BUCKET.first],
    min: d.data[o + BUCKET.min],
    max: d.data[o + BUCKET.max],
    last: d.data[o + BUCKET.last],
    broken: d.data[o + BUCKET.broken],
  };
};

describe('stream chart scaling', () => {
  it('picks 1-2-5 steps', () => {
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(1.5)).toBe(2);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(0.0003)).toBeCloseTo(0.0005);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(NaN)).toBe(1);
  });

  it('covers the extent with round ticks', () => {
    const t = niceTicks(0.013, 0.087, 4);
    expect(t.min).toBeLessThanOrEqual(0.013);
    expect(t.max).toBeGreaterThanOrEqual(0.087);
    expect(t.values).toEqual([0, 0.02, 0.04, 0.06, 0.08, 0.1]);
    expect(niceTicks(-3, 5, 4).values).toEqual([-4, -2, 0, 2, 4, 6]);
  });

  it('widens a flat or missing extent instead of dividing by zero', () => {
    const flat = niceTicks(0.001, 0.001);
    expect(flat.min).toBeLessThan(0.001);
    expect(flat.max).toBeGreaterThan(0.001);
    expect(niceTicks(0, 0).values).toContain(0);
    expect(niceTicks(NaN, NaN).values.length).toBeGreaterThan(1);
    expect(niceTicks(5, 1).min).toBeLessThanOrEqual(1);
  });

  it('uses whole steps on an integer axis', () => {
    const t = niceTicks(1, 3, 8, true);
    expect(t.values).toEqual([1, 2, 3]);
  });

  it('finds the finite extent', () => {
    expect(extentOf([3, null, NaN, -2, Infinity, 1])).toEqual({ min: -2, max: 3 });
    expect(extentOf([null, NaN])).toBeNull();
  });

  it('decimates to at most one bucket per pixel column and keeps spikes', () => {
    const n = 10_000;
    const ys = Array.from({ length: n }, (_, i) => (i === 4321 ? 100 : i === 7000 ? -50 : Math.sin(i / 100)));
    const d = decimate(
      n,
      (i) => i + 1,
      (i) => ys[i]!,
      1,
      n,
      300,
    );
    expect(d.count).toBeLessThanOrEqual(300);
    expect(d.count).toBe(300);
    let hi = -Infinity;
    let lo = Infinity;
    for (let k = 0; k < d.count; k++) {
      hi = Math.max(hi, column(d, k).max!);
      lo = Math.min(lo, column(d, k).min!);
    }
    expect(hi).toBe(100);
    expect(lo).toBe(-50);
    expect(column(d, 0)).toMatchObject({ col: 0, first: ys[0] });
    expect(column(d, d.count - 1)).toMatchObject({ col: 299, last: ys[n - 1] });
  });

  it('keeps every point of a short series and marks gaps', () => {
    const ys = [1, 2, null, 4, NaN, 6];
    const d = decimate(
      ys.length,
      (i) => i + 1,
      (i) => ys[i]!,
      1,
      6,
      600,
    );
    expect(d.count).toBe(4);
    expect([0, 1, 2, 3].map((k) => column(d, k).first)).toEqual([1, 2, 4, 6]);
    expect([0, 1, 2, 3].map((k) => column(d, k).broken)).toEqual([0, 0, 1, 1]);
  });

  it('reuses a buffer that is large enough, and handles a single point', () => {
    const buffer = new Float64Array(BUCKET.size * 100);
    const d = decimate(
      1,
      () => 1,
      () => 0.5,
      1,
      1,
      50,
      buffer,
    );
    expect(d.data).toBe(buffer);
    expect(d.count).toBe(1);
    expect(column(d, 0)).toMatchObject({ col: 0, first: 0.5, last: 0.5 });
    expect(
      decimate(
        0,
        () => 0,
        () => 0,
        0,
        1,
        10,
      ).count,
    ).toBe(0);
  });

  it("takes the lines' extent from their columns, as extentOf over every value", () => {
    const n = 5000;
    const a = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? null : Math.sin(i / 50) * (1 + i / n)));
    const b = Array.from({ length: n }, (_, i) => (i === 1234 ? -7 : i === 10 ? NaN : Math.cos(i / 70)));
    const lines = [a, b].map((ys) =>
      decimate(
        n,
        (i) => i + 1,
        (i) => ys[i]!,
        1,
        n,
        333,
      ),
    );
    expect(extentOfColumns(lines)).toEqual(extentOf([...a, ...b]));
    expect(
      extentOfColumns([
        decimate(
          3,
          (i) => i,
          () => null,
          0,
          2,
          10,
        ),
      ]),
    ).toBeNull();
    expect(extentOfColumns([])).toBeNull();
  });

  it('maps data to pixels, upside down for y', () => {
    const y = scale(0, 10, 100, 0);
    expect(y(0)).toBe(100);
    expect(y(10)).toBe(0);
    expect(y(5)).toBe(50);
    expect(scale(3, 3, 0, 10)(3)).toBe(0);
  });
});
