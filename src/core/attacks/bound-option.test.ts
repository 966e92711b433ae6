/**
 * The critic's bound as an attack option: under every bound, MinMax and the batched MINE-UAE keep
 * their invariants (‖x′ − x‖∞ ≤ ε, x′ in [0, 1], finite I, no tensor left behind), and the bound is
 * really the one used (InfoNCE never reports more than log K; the others part from DV's trace).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { BOUND_NAMES } from '../mine/bound-names';
import { wrapClassifier, type AttackedClassifier } from '../models/attacked-classifier';
import { Rng } from '../rng';
import { tinyConvAutoencoder } from '../testing/tiny-autoencoders';
import { barImage, tinyClassifier } from '../testing/tiny-classifier';
import { runAttack } from './attack';
import { wrapAutoencoder, type AttackedAutoencoder } from './autoencoder-target';
import { resolveOptions, type AttackOptions } from './options';
import type { IterationRecord } from './trace';
import { attackUaeBatch, type UaeBatchProgress } from './uae';

let clf: AttackedClassifier;
let ae: AttackedAutoencoder;
const x = barImage();
const EPS = 0.05;
/** The tiny classifier's first convolution has 8 channels: K = 8 MINE samples. */
const K = 8;

beforeAll(async () => {
  await initBackend('wasm');
  clf = wrapClassifier(tinyClassifier());
  ae = wrapAutoencoder(tinyConvAutoencoder());
});

const options = (bound: AttackOptions['bound'], over: Partial<AttackOptions> = {}) =>
  resolveOptions({
    critic: 'lite',
    iters: 12,
    eps: EPS,
    alpha: 0.05,
    mineLr: 1e-3,
    traceDeltaEvery: 1,
    seed: 3,
    bound,
    smileTau: 0.5,
    ...over,
  });

async function minmaxTrace(opts: AttackOptions): Promise<IterationRecord[]> {
  const recs: IterationRecord[] = [];
  await runAttack('minmax', clf, { x, label: 3 }, opts, { onIteration: (r) => void recs.push(r) });
  return recs;
}

describe('MinMax under each bound', () => {
  let dvTrace: number[] = [];
  beforeAll(async () => {
    dvTrace = (await minmaxTrace(options('dv'))).map((r) => r.mi);
  });

  it.each(BOUND_NAMES)(
    '%s: every iterate in the ε-ball and in [0, 1], I finite, tensors freed',
    async (bound) => {
      const before = tf.memory().numTensors;
      const recs = await minmaxTrace(options(bound));
      expect(tf.memory().numTensors).toBe(before);
      expect(recs).toHaveLength(12);
      for (const r of recs) {
        expect(Number.isFinite(r.mi)).toBe(true);
        expect(r.linf).toBeLessThanOrEqual(EPS + 1e-6);
        r.delta!.forEach((d, i) => {
          expect(x[i]! + d).toBeGreaterThanOrEqual(-1e-6);
          expect(x[i]! + d).toBeLessThanOrEqual(1 + 1e-6);
          expect(Math.abs(d)).toBeLessThanOrEqual(EPS + 1e-6);
        });
        if (bound === 'infonce') expect(r.mi).toBeLessThanOrEqual(Math.log(K) + 1e-5);
      }
      const mi = recs.map((r) => r.mi);
      if (bound === 'dv') expect(mi).toEqual(dvTrace);
      // MINE's estimate is DV's value, but its gradients move θ and δ elsewhere after the first step.
      else expect(Math.max(...mi.map((v, i) => Math.abs(v - dvTrace[i]!)))).toBeGreaterThan(1e-4);
    },
  );
});

describe('batched MINE-UAE under each bound', () => {
  const n = 2;
  const images = new Rng(11).fillUniform(new Float32Array(n * 784), 0.1, 0.9);

  it.each(BOUND_NAMES)(
    '%s: every returned x′ in the ε-ball and in [0, 1], I finite, tensors freed',
    async (bound) => {
      const before = tf.memory().numTensors;
      const seen: UaeBatchProgress[] = [];
      const r = await attackUaeBatch(
        ae,
        images,
        [0, 1],
        options(bound, { iters: 4, mineSteps: 2, eps: 0.3, traceDeltaEvery: 0, deltaInit: 'uniform' }),
        { onIteration: (p) => void seen.push(p) },
      );
      expect(tf.memory().numTensors).toBe(before);
      for (const p of seen) for (const v of p.mi) expect(Number.isFinite(v)).toBe(true);
      r.items.forEach((item, b) => {
        const clean = images.subarray(b * 784, (b + 1) * 784);
        item.adversarial.forEach((v, i) => {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
          expect(Math.abs(v - clean[i]!)).toBeLessThanOrEqual(0.3 + 1e-6);
        });
      });
    },
  );
});
