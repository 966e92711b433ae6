/**
 * The fair MI: the known MI of correlated Gaussians found from below; the figure is the mean (never the maximum) of seeded restarts; same seed,
 * same figure; a success's fair MI lands in evaluate's summary, failures' do not.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { loadMnist, type Mnist } from '../data/mnist-node';
import { toFloatBatch } from '../data/dataset';
import { wrapClassifier, type AttackedClassifier } from '../models/attacked-classifier';
import { loadLayersModel } from '../models/io';
import { evaluate, summarize, type SampleOutcome } from '../attacks/evaluate';
import { classifierFairMi } from '../attacks/fair-mi-of';
import { resolveOptions } from '../attacks/options';
import { fairMi, FAIR_MI_DEFAULTS, type FairMi, type MiSamples } from './fair-mi';

let clf: AttackedClassifier;
let test: Mnist;
const image = (i: number) => toFloatBatch(test.images, [i]);
const quick = { ...FAIR_MI_DEFAULTS, steps: 120, restarts: 2 };
const opts = resolveOptions({ critic: 'lite', seed: 5 });

beforeAll(async () => {
  await initBackend('wasm');
  clf = wrapClassifier(await loadLayersModel('public/models/mnist-classifier'));
  test = await loadMnist('test');
});

describe('fair MI', () => {
  it('finds the known MI of correlated Gaussians from below, 0 for independent ones, as a mean of restarts', async () => {
    // K = 256 fresh pairs per step of d = 4 independent coordinates with correlation ρ: I = −2 ln(1 − ρ²).
    const gaussians = (rho: number): MiSamples => ({
      sampleShape: { kind: 'vectors', dim: 4 },
      samples: (_x, _y, rng) => {
        const a = new Float32Array(256 * 4);
        const b = new Float32Array(256 * 4);
        for (let i = 0; i < a.length; i++) {
          a[i] = rng.normal();
          b[i] = rho * a[i]! + Math.sqrt(1 - rho * rho) * rng.normal();
        }
        return { x: tf.tensor2d(a, [256, 4]), y: tf.tensor2d(b, [256, 4]) };
      },
    });
    const none = tf.zeros([1, 1, 1, 1]) as tf.Tensor4D;
    const settings = { ...FAIR_MI_DEFAULTS, steps: 400, restarts: 2, lr: 1e-3 };
    const dependent = await fairMi(gaussians(0.8), none, none, 'lite', settings, 3);
    const independent = await fairMi(gaussians(0), none, none, 'lite', settings, 3);
    none.dispose();
    const truth = -2 * Math.log(1 - 0.64); // 2.04 nats
    expect(dependent.mean).toBeGreaterThan(0.5 * truth);
    expect(dependent.mean).toBeLessThan(1.1 * truth);
    expect(Math.abs(independent.mean)).toBeLessThan(0.1);
    for (const f of [dependent, independent]) {
      expect(f.estimates).toHaveLength(2);
      expect(f.mean).toBeCloseTo((f.estimates[0]! + f.estimates[1]!) / 2, 10);
      expect(f.std).toBeCloseTo(Math.abs(f.estimates[0]! - f.estimates[1]!) / 2, 10);
      expect(f).toMatchObject({ steps: 400, restarts: 2, lr: 1e-3 });
    }
  }, 120_000);

  it('is deterministic in its seed, and restarts differ', async () => {
    const sample = { x: image(2), label: test.labels[2]! };
    const a = await classifierFairMi(clf, sample, image(2), opts, { ...quick, steps: 40 });
    const b = await classifierFairMi(clf, sample, image(2), opts, { ...quick, steps: 40 });
    const c = await classifierFairMi(clf, sample, image(2), { ...opts, seed: 6 }, { ...quick, steps: 40 });
    expect(b.estimates).toEqual(a.estimates);
    expect(c.estimates).not.toEqual(a.estimates);
    expect(a.estimates[0]).not.toBe(a.estimates[1]);
  }, 120_000);

  it('refuses settings without a restart or a step', async () => {
    const x = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
    const target = { sampleShape: { kind: 'vectors', dim: 4 } as const, samples: () => ({ x, y: x }) };
    await expect(fairMi(target, x, x, 'lite', { ...quick, restarts: 0 }, 1)).rejects.toThrow(/≥ 1 restart/);
    x.dispose();
  });
});

describe("evaluate's fair MI", () => {
  it('measures each success with its own seed and averages over successes only', async () => {
    const samples = [0, 1].map((i) => ({ x: image(i), label: test.labels[i]! }));
    const o = resolveOptions({ critic: 'lite', iters: 60, seed: 9 });
    const { summary, results } = await evaluate('minmax', clf, samples, o, {
      fairMi: { ...quick, steps: 30 },
    });
    expect(results.every((r) => r.success)).toBe(true);
    const direct = await classifierFairMi(
      clf,
      samples[1]!,
      results[1]!.adversarial,
      { ...o, seed: 10 },
      {
        ...quick,
        steps: 30,
      },
    );
    expect(results[1]!.miFair!.estimates).toEqual(direct.estimates);
    const means = results.map((r) => r.miFair!.mean);
    expect(summary.miFairMean).toBeCloseTo((means[0]! + means[1]!) / 2, 10);
    expect(summary.nMiFair).toBe(2);
  }, 180_000);

  it('leaves failures out of the fair-MI mean', () => {
    const fair = (mean: number): FairMi => ({
      mean,
      std: 0,
      steps: 1,
      restarts: 1,
      lr: 1e-4,
      estimates: [mean],
    });
    const base = {
      label: 1,
      predictedClean: 1,
      failureReason: null,
      miBest: 1,
      firstSuccessIter: 1,
      itersRun: 1,
      msPerIter: 1,
    };
    const outcomes: SampleOutcome[] = [
      { ...base, success: true, miFair: fair(1) },
      { ...base, success: true, miFair: fair(3) },
      { ...base, success: false, failureReason: 'f stayed > 0', miFair: fair(100) },
    ];
    const s = summarize('minmax', outcomes);
    expect(s.miFairMean).toBe(2);
    expect(s.miFairStd).toBe(1);
    expect(s.nMiFair).toBe(2);
  });
});
