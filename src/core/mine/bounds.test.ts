import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { Rng } from '../rng';
import { BOUND_NAMES, infoNce, infoNceCeiling, MovingAverage, nwj, smile } from './bounds';
import { dvBound } from './dv';
import { checkBitTable, estimateKnownMi, samplers, trueMi } from './known-mi';

beforeAll(async () => {
  await initBackend('wasm');
});

const value = (t: tf.Scalar) => {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

describe('the bounds on fixed critic values', () => {
  const joint = [1.5, 0.5, 2, 1];
  const marg = [0.2, -1, 3, 0.4];
  it('NWJ is E_P[T] − e⁻¹ E_Q[e^T], never above DV for the same T', () => {
    const expected = 1.25 - marg.reduce((a, t) => a + Math.exp(t), 0) / 4 / Math.E;
    const n = value(nwj(tf.tensor1d(joint), tf.tensor1d(marg)));
    expect(n).toBeCloseTo(expected, 5);
    expect(n).toBeLessThanOrEqual(value(dvBound(tf.tensor1d(joint), tf.tensor1d(marg))) + 1e-6);
  });
  it('SMILE is DV with the marginal T clipped to [−τ, τ]', () => {
    const clipped = marg.map((t) => Math.min(1, Math.max(-1, t)));
    const lse = Math.log(clipped.reduce((a, t) => a + Math.exp(t), 0) / 4);
    expect(value(smile(tf.tensor1d(joint), tf.tensor1d(marg), 1))).toBeCloseTo(1.25 - lse, 5);
    expect(() => smile(tf.tensor1d(joint), tf.tensor1d(marg), 0)).toThrow(/τ must be > 0/);
  });
  it('InfoNCE never exceeds log N, even for a critic that separates the pairs perfectly', () => {
    const n = 6;
    const scores = tf.tidy(() => tf.mul(tf.eye(n), 50)) as tf.Tensor2D;
    const diag = tf.fill([n], 50);
    const v = value(infoNce(diag, scores));
    expect(v).toBeLessThanOrEqual(infoNceCeiling(n) + 1e-6);
    expect(v).toBeCloseTo(Math.log(n), 4);
    scores.dispose();
    diag.dispose();
  });
  it("MINE's moving average divides out its start at 0", () => {
    const m = new MovingAverage(0.1);
    expect(m.update(4)).toBeCloseTo(4, 10);
    expect(m.update(4)).toBeCloseTo(4, 10);
    expect(m.update(2)).toBeCloseTo((0.81 * 0.1 * 4 + 0.9 * 0.1 * 4 + 0.1 * 2) / (1 - 0.9 ** 3), 10);
  });
});

describe('the 2×2 tables', () => {
  it('exact MI: X = Y is ln 2 (1 bit), independent bits 0, a skewed table its sum', () => {
    expect(trueMi.table([0.5, 0, 0, 0.5])).toBeCloseTo(Math.log(2), 10);
    expect(trueMi.table([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(0, 10);
    expect(trueMi.table([0.1, 0.2, 0.3, 0.4])).toBeCloseTo(
      0.1 * Math.log(0.1 / (0.3 * 0.4)) +
        0.2 * Math.log(0.2 / (0.3 * 0.6)) +
        0.3 * Math.log(0.3 / (0.7 * 0.4)) +
        0.4 * Math.log(0.4 / (0.7 * 0.6)),
      10,
    );
    // Unnormalised entries are normalised first.
    expect(trueMi.table([2, 0, 0, 2])).toBeCloseTo(Math.log(2), 10);
  });
  it('refuses negative, non-finite and all-zero tables, naming the cell', () => {
    expect(() => checkBitTable([0.5, -0.1, 0, 0.5])).toThrow(/P\(X=0, Y=1\) must not be negative/);
    expect(() => checkBitTable([0.5, NaN, 0, 0.5])).toThrow(/P\(X=0, Y=1\) must be a finite number/);
    expect(() => checkBitTable([0, 0, 0, 0])).toThrow(/at least one positive entry/);
  });
  it('samples the table it is given', () => {
    const { x, y } = samplers.table([0.1, 0.2, 0.3, 0.4])(100_000, new Rng(3));
    const count = [0, 0, 0, 0];
    for (let i = 0; i < x.length; i++) count[(x[i]! > 0 ? 2 : 0) + (y[i]! > 0 ? 1 : 0)]! += 1;
    [0.1, 0.2, 0.3, 0.4].forEach((p, k) => {
      expect(count[k]! / x.length).toBeCloseTo(p, 2);
    });
  });
  it('Gaussian closed form in d dimensions', () => {
    expect(trueMi.gaussian(0.5, 3)).toBeCloseTo(3 * 0.1438, 3);
    expect(samplers.gaussian(0.5, 3).dim).toBe(3);
  });
});

/**
 * Every bound trained on the known cases (seed 1, wasm, 300 Adam steps at lr 3e-3; InfoNCE on a
 * batch of 32, as its N² pairs cost the most). Tolerances in nats: 0.03 for ρ = 0.5 and the bit
 * tables, 0.06 for ρ = 0.9 (the lower bounds approach it from below, NWJ the slowest).
 */
describe.each(BOUND_NAMES)('%s recovers known mutual information', (bound) => {
  const batch = bound === 'infonce' ? 32 : 256;
  it.each([
    { name: 'Gaussian ρ = 0.5', sampler: samplers.gaussian(0.5), truth: 0.1438, tol: 0.03 },
    { name: 'Gaussian ρ = 0.9', sampler: samplers.gaussian(0.9), truth: 0.8304, tol: 0.06 },
    { name: 'X = Y fair bit', sampler: samplers.table([0.5, 0, 0, 0.5]), truth: Math.log(2), tol: 0.03 },
    { name: 'independent bits', sampler: samplers.table([0.25, 0.25, 0.25, 0.25]), truth: 0, tol: 0.03 },
  ])('$name → $truth nats', async ({ sampler, truth, tol }) => {
    const { estimate } = await estimateKnownMi(sampler, {
      steps: 300,
      batch,
      lr: 3e-3,
      averageLast: 100,
      bound,
    });
    expect(Math.abs(estimate - truth)).toBeLessThan(tol);
  });
});

describe('InfoNCE saturates at log N', () => {
  it('ρ = 0.999 (3.1 nats) with N = 8 reads at most log 8 = 2.08, and near it', async () => {
    const truth = trueMi.gaussian(0.999);
    expect(truth).toBeGreaterThan(3);
    const { estimate, trace } = await estimateKnownMi(samplers.gaussian(0.999), {
      steps: 300,
      batch: 8,
      lr: 3e-3,
      averageLast: 100,
      bound: 'infonce',
    });
    expect(Math.max(...trace)).toBeLessThanOrEqual(infoNceCeiling(8) + 1e-5);
    expect(estimate).toBeGreaterThan(infoNceCeiling(8) - 0.3);
  });
});

describe('cancel and progress', () => {
  it('reports every step and stops when aborted', async () => {
    const abort = new AbortController();
    const seen: number[] = [];
    const { trace } = await estimateKnownMi(
      samplers.gaussian(0.5),
      { steps: 100, batch: 32 },
      {
        signal: abort.signal,
        onStep: (step) => {
          seen.push(step);
          if (step === 5) abort.abort();
        },
      },
    );
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(trace).toHaveLength(5);
  });
});
