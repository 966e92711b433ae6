import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { bankProjectionSamples, cosine, randomProjectionSamples, standardizeRows } from './random-projection';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Pearson correlation of two equally long arrays. */
function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('random-projection MINE samples', () => {
  const rng = new Rng(5);
  const d = 60;
  const xv = rng.fillUniform(new Float32Array(d), 0, 1);
  const xav = xv.map((v, i) => (i % 3 === 0 ? 1 - v : v));
  const x = tf.tensor2d(xv, [1, d]);
  const xa = tf.tensor2d(xav, [1, d]);

  it('standardised rows have mean 0 and std 1', () => {
    const s = standardizeRows(tf.tensor2d([1, 2, 3, 4, 10, 10, 13, 7], [2, 4]));
    const { mean, variance } = tf.moments(s, 1);
    for (const m of mean.dataSync()) expect(Math.abs(m)).toBeLessThan(1e-6);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 5);
  });

  it('matches explicit Gaussian projections in distribution: same per-coordinate correlation', () => {
    // Explicit: K projection matrices [d, 128] with N(0, 1/128) entries, as the authors draw them.
    const k = 400;
    const explicitX: number[] = [];
    const explicitY: number[] = [];
    const r = new Rng(6);
    for (let s = 0; s < k; s++) {
      const m = r.fillNormal(new Float32Array(d * 128), 0, 1 / Math.sqrt(128));
      const px = tf.matMul(x, tf.tensor2d(m, [d, 128]));
      const py = tf.matMul(xa, tf.tensor2d(m, [d, 128]));
      explicitX.push(...standardizeRows(px as tf.Tensor2D).dataSync());
      explicitY.push(...standardizeRows(py as tf.Tensor2D).dataSync());
    }
    const fast = randomProjectionSamples(x, xa, new Rng(7), k, 128);
    const want = cosine(x, xa).dataSync()[0]!;
    const cExplicit = corr(explicitX, explicitY);
    const cFast = corr(fast.x.dataSync(), fast.y.dataSync());
    // Each estimate is over 51,200 pairs: its standard error is ≈ (1 − ρ²)/√n < 0.005.
    expect(Math.abs(cExplicit - want)).toBeLessThan(0.02);
    expect(Math.abs(cFast - want)).toBeLessThan(0.02);
    expect(fast.x.shape).toEqual([k, 128]);
  });

  it('is differentiable in x′ and reproducible from the seed', () => {
    const g = tf.grad((v: tf.Tensor) =>
      tf.sum(tf.mul(randomProjectionSamples(x, v, new Rng(8), 50, 128).y, 0.01)),
    )(xa);
    const gv = g.dataSync();
    expect(gv.some((v) => v !== 0)).toBe(true);
    expect(gv.every((v) => Number.isFinite(v))).toBe(true);
    const a = randomProjectionSamples(x, xa, new Rng(9), 10, 16).y.dataSync();
    const b = randomProjectionSamples(x, xa, new Rng(9), 10, 16).y.dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('bankProjectionSamples', () => {
  it("takes image b's rows from the bank, standardised, and mixes y by cos(x, x′)", async () => {
    const dim = 8;
    const k = 3;
    const bank = new Rng(2).fillNormal(new Float32Array(20 * dim), 0, 1);
    const x = tf.tensor4d(new Rng(3).fillUniform(new Float32Array(2 * 16), 0, 1), [2, 4, 4, 1]);
    // Image 0 against itself (ρ → 1: y is its z1), image 1 against an orthogonal-ish input.
    const xAdv = tf.concat([tf.slice(x, [0, 0, 0, 0], [1, 4, 4, 1]), tf.fill([1, 4, 4, 1], 0.5)]);
    const rows = Int32Array.from([0, 5, 7, 1, 2, 3, 19, 4, 11, 12, 13, 14]);
    const s = bankProjectionSamples(bank, dim, x, xAdv, rows, k);
    expect(s.x.shape).toEqual([2, k, dim]);
    const [sx, sy] = await Promise.all([s.x.data(), s.y.data()]);
    const standardised = async (r: number) =>
      standardizeRows(tf.tensor2d(bank.slice(r * dim, (r + 1) * dim), [1, dim])).data();
    for (const [img, j, row] of [
      [0, 0, 0],
      [0, 2, 7],
      [1, 0, 19],
      [1, 2, 11],
    ] as const) {
      const want = await standardised(row);
      const got = sx.slice((img * k + j) * dim, (img * k + j + 1) * dim);
      for (let d = 0; d < dim; d++) expect(got[d]).toBeCloseTo(want[d]!, 4);
    }
    // ρ ≈ 1 for image 0: y equals x.
    for (let i = 0; i < k * dim; i++) expect(sy[i]).toBeCloseTo(sx[i]!, 2);
    // Image 1 mixes in its own z2 rows: y is not x.
    expect(corr(sx.slice(k * dim), sy.slice(k * dim))).toBeLessThan(0.999);
    expect(() => bankProjectionSamples(bank, dim, x, xAdv, rows.slice(1), k)).toThrow(/bank rows/);
    tf.dispose([x, xAdv, s.x, s.y]);
  });
});
