/** The illustrated random projections: the engine's distribution, the engine's sizes, and sound arithmetic. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import {
  correlation,
  cosine,
  firstDirection,
  project,
  projectionMatrix,
  projectionPairs,
  PROJECTION_DIM,
  PROJECTION_SAMPLES,
  standardize,
} from './projection-images';
import { randomProjectionSamples, RP_DIM, RP_SAMPLES } from './random-projection';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const PIXELS = 784;
const rng = new Rng(11);
// A digit-like image (a bright bar on a dark field) and a perturbed copy.
const x = Float32Array.from({ length: PIXELS }, (_, i) => (i % 28 > 10 && i % 28 < 16 ? 0.9 : 0.02));
const xAdv = x.map((v) => Math.min(1, Math.max(0, v + 0.6 * (rng.uniform() - 0.5))));

describe('projection images', () => {
  it('uses the engine sizes: 500 samples of 128 values', () => {
    expect(PROJECTION_SAMPLES).toBe(RP_SAMPLES);
    expect(PROJECTION_DIM).toBe(RP_DIM);
  });

  it('draws R_k with entries of mean 0 and variance 1/128, a function of (seed, k) alone', () => {
    const m = projectionMatrix(3, 7, PIXELS);
    expect(m.length).toBe(PIXELS * PROJECTION_DIM);
    let mean = 0;
    for (const v of m) mean += v;
    mean /= m.length;
    let variance = 0;
    for (const v of m) variance += (v - mean) ** 2;
    variance /= m.length;
    // 100,352 draws: the variance's standard error is 0.45 % of it, its mean's 3e-4.
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(variance * PROJECTION_DIM).toBeGreaterThan(0.98);
    expect(variance * PROJECTION_DIM).toBeLessThan(1.02);
    // Every row (one pixel's weights over the 128 outputs) has that variance too, on average.
    let rowVar = 0;
    for (let i = 0; i < PIXELS; i++) {
      const row = m.subarray(i * PROJECTION_DIM, (i + 1) * PROJECTION_DIM);
      let s = 0;
      for (const v of row) s += v * v;
      rowVar += s / PROJECTION_DIM / PIXELS;
    }
    expect(rowVar * PROJECTION_DIM).toBeCloseTo(1, 1);
    expect(projectionMatrix(3, 7, PIXELS)).toEqual(m);
    expect(projectionMatrix(3, 8, PIXELS)).not.toEqual(m);
    expect(projectionMatrix(4, 7, PIXELS)).not.toEqual(m);
    expect(firstDirection(m)[5]).toBe(m[5 * PROJECTION_DIM]);
  });

  it('projects x as tfjs does: R_kᵀx by the loop equals x·R_k by matMul', async () => {
    const m = projectionMatrix(1, 0, PIXELS);
    const mine = project(m, x);
    const product = tf.matMul(tf.tensor2d(x, [1, PIXELS]), tf.tensor2d(m, [PIXELS, PROJECTION_DIM]));
    const theirs = await product.data();
    product.dispose();
    for (let j = 0; j < PROJECTION_DIM; j++) expect(mine[j]).toBeCloseTo(theirs[j]!, 4);
    // A projection is linear: R_kᵀ(x + x′) = R_kᵀx + R_kᵀx′.
    const sum = project(
      m,
      x.map((v, i) => v + xAdv[i]!),
    );
    const parts = project(m, xAdv);
    for (let j = 0; j < PROJECTION_DIM; j++) expect(sum[j]).toBeCloseTo(mine[j]! + parts[j]!, 4);
  });

  it('standardises like the engine (mean 0, population std 1) and measures correlation', () => {
    const s = standardize([1, 2, 3, 4]);
    expect([...s].map((v) => +v.toFixed(4))).toEqual([-1.3416, -0.4472, 0.4472, 1.3416]);
    expect(standardize([2, 2, 2])).toEqual(new Float32Array(3));
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 6);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 6);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 6);
  });

  it("its joint pairs correlate by cos(x, x′), as the engine's draws do; marginal pairs by 0", async () => {
    const ks = Array.from({ length: 40 }, (_, k) => k);
    const pairs = projectionPairs(9, x, xAdv, ks, (k) => (k + 20) % 40);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const rho = cosine(x, xAdv);
    expect(rho).toBeGreaterThan(0.6);
    expect(rho).toBeLessThan(0.95);
    // 40 samples of 128 values: the correlations' mean has a standard error of ~0.01 here.
    expect(mean(pairs.map((p) => p.jointR))).toBeCloseTo(rho, 1);
    expect(Math.abs(mean(pairs.map((p) => p.marginalR)))).toBeLessThan(0.05);
    // The engine's samples, drawn in distribution from ρ alone, show the same joint correlation.
    const s = randomProjectionSamples(
      tf.tensor2d(x, [1, PIXELS]),
      tf.tensor2d(xAdv, [1, PIXELS]),
      new Rng(2),
      40,
    );
    const [sx, sy] = await Promise.all([s.x.data(), s.y.data()]);
    tf.dispose([s.x, s.y]);
    const engine = ks.map((k) =>
      correlation(sx.subarray(k * RP_DIM, (k + 1) * RP_DIM), sy.subarray(k * RP_DIM, (k + 1) * RP_DIM)),
    );
    expect(mean(engine)).toBeCloseTo(rho, 1);
    expect(Math.abs(mean(engine) - mean(pairs.map((p) => p.jointR)))).toBeLessThan(0.05);
    // A partner of itself is the joint pair.
    const self = projectionPairs(9, x, xAdv, [3], (k) => k)[0]!;
    expect(self.marginal).toEqual(self.y);
  });
});
