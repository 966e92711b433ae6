/**
 * Attack strength on the SHIPPED classifier, as attack libraries test it (docs/ALGORITHM.md §9): at the
 * authors' ε = 1.0 nearly every correctly classified image falls; a targeted attack reaches its
 * target; κ > 0 leaves a margin of at least κ; PGD is strong at small ε.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { loadMnist, type Mnist } from '../data/mnist-node';
import { toFloatBatch } from '../data/dataset';
import { wrapClassifier, type AttackedClassifier } from '../models/attacked-classifier';
import { loadLayersModel } from '../models/io';
import { runAttack } from './attack';
import { evaluate } from './evaluate';
import { resolveOptions } from './options';

let clf: AttackedClassifier;
let test: Mnist;
const sample = (i: number) => ({ x: toFloatBatch(test.images, [i]), label: test.labels[i]! });

beforeAll(async () => {
  await initBackend('wasm');
  clf = wrapClassifier(await loadLayersModel('public/models/mnist-classifier'));
  test = await loadMnist('test');
});

describe('attack strength on the shipped MNIST classifier', () => {
  it('MinMax (lite critic), ε = 1.0: every correctly classified image of the first 10 succeeds', async () => {
    const samples = Array.from({ length: 10 }, (_, i) => sample(i));
    const { summary, results } = await evaluate(
      'minmax',
      clf,
      samples,
      resolveOptions({ critic: 'lite', eps: 1, iters: 100 }),
    );
    expect(summary.nCorrect).toBeGreaterThanOrEqual(9);
    expect(summary.asrCorrectOnly).toBe(1);
    for (const r of results.filter((r) => r.success)) {
      // What is returned is adversarial, and I* is the best estimate booked on a success.
      expect(r.predictedAdv).not.toBe(r.label);
      expect(r.f).toBeLessThanOrEqual(0);
      expect(Number.isFinite(r.miBest)).toBe(true);
      expect(r.linf).toBeLessThanOrEqual(1);
    }
  });

  it('MinMax with the paper critic succeeds on test image 0 within 40 iterations', async () => {
    const r = await runAttack(
      'minmax',
      clf,
      sample(0),
      resolveOptions({ critic: 'paper', eps: 1, iters: 40 }),
    );
    expect(r.success).toBe(true);
    expect(r.firstSuccessIter).toBeLessThanOrEqual(40);
    expect(r.predictedAdv).not.toBe(r.label);
  });

  it('a targeted attack reaches its target', async () => {
    const s = sample(0); // a 7
    const r = await runAttack(
      'minmax',
      clf,
      s,
      resolveOptions({ critic: 'lite', eps: 1, iters: 300, target: 3 }),
    );
    expect(s.label).toBe(7);
    expect(r.success).toBe(true);
    expect(r.predictedAdv).toBe(3);
  });

  it('κ > 0 leaves a margin of at least κ', async () => {
    const kappa = 2;
    const r = await runAttack(
      'minmax',
      clf,
      sample(1),
      resolveOptions({ critic: 'lite', eps: 1, iters: 300, kappa }),
    );
    expect(r.success).toBe(true);
    // f = Z_label − max_other + κ ≤ 0  ⇔  the wrong class leads by at least κ.
    expect(r.f).toBeLessThanOrEqual(0);
    expect(r.predictedAdv).not.toBe(r.label);
  });

  it('PGD (100 sign steps of 0.01, random start) is strong at ε = 0.2', async () => {
    const samples = Array.from({ length: 10 }, (_, i) => sample(i));
    const opts = resolveOptions({ critic: 'lite', eps: 0.2, iters: 100, pgdStep: 0.01 });
    const { summary } = await evaluate('pgd', clf, samples, { ...opts, iters: 100 });
    expect(summary.asr).toBeGreaterThanOrEqual(0.6);
  });
});
