import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { estimateKnownMi, samplers, trueMi } from './known-mi';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('MINE recovers known mutual information (docs/ALGORITHM.md §9)', () => {
  it('closed forms', () => {
    expect(trueMi.gaussian(0.5)).toBeCloseTo(0.1438, 4);
    expect(trueMi.gaussian(0.9)).toBeCloseTo(0.8304, 4);
    expect(trueMi.bsc(0.1)).toBeCloseTo(0.3681, 4);
    expect(trueMi.bsc(0)).toBeCloseTo(0.6931, 4);
  });
  it.each([
    { name: 'Gaussian ρ = 0.9', sampler: samplers.gaussian(0.9), truth: 0.8304, tol: 0.06 },
    { name: 'Gaussian ρ = 0.5', sampler: samplers.gaussian(0.5), truth: 0.1438, tol: 0.03 },
    { name: 'Gaussian ρ = 0', sampler: samplers.gaussian(0), truth: 0, tol: 0.03 },
    { name: 'X = Y fair bit (1 bit)', sampler: samplers.bsc(0), truth: Math.log(2), tol: 0.05 },
    { name: 'binary symmetric channel, flip 0.1', sampler: samplers.bsc(0.1), truth: 0.3681, tol: 0.04 },
    { name: 'independent fair bits', sampler: samplers.bsc(0.5), truth: 0, tol: 0.03 },
  ])('$name → $truth nats', async ({ sampler, truth, tol }) => {
    const { estimate } = await estimateKnownMi(sampler, { steps: 2000, averageLast: 300 });
    expect(Math.abs(estimate - truth)).toBeLessThan(tol);
  });
});
