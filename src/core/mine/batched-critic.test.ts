/** The batched critic's hand-written gradients against autodiff of its own bounds; its bias correction. */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type HeadlessBackend } from '../backend';
import { Rng } from '../rng';
import { BatchedCritic } from './batched-critic';
import { BOUND_NAMES, DEFAULT_BOUND, type BoundName } from './bound-names';
import { criticLayout, type SampleShape } from './critic';
import { MineEstimator } from './estimator';

const B = 3;

function permutation(k: number, rng: Rng): tf.Tensor1D {
  const flat = new Int32Array(B * k);
  for (let b = 0; b < B; b++) {
    const p = rng.permutation(k);
    for (let i = 0; i < k; i++) flat[b * k + i] = b * k + p[i]!;
  }
  return tf.tensor1d(flat, 'int32');
}

async function maxRelError(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let scale = 0;
  let err = 0;
  for (let i = 0; i < x.length; i++) {
    scale = Math.max(scale, Math.abs(y[i]!));
    err = Math.max(err, Math.abs(x[i]! - y[i]!));
  }
  return err / Math.max(scale, 1e-12);
}

describe.each<HeadlessBackend>(['cpu', 'wasm'])('BatchedCritic on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });
  afterAll(async () => {
    await initBackend('cpu');
  });

  it.each<[string, BoundName, SampleShape, number]>(
    BOUND_NAMES.flatMap((bound): [string, BoundName, SampleShape, number][] => [
      ['conv mode', bound, { kind: 'maps', height: 12, width: 12 }, 6],
      ['vector mode', bound, { kind: 'vectors', dim: 16 }, 20],
    ]),
  )('%s, bound %s: gradients equal autodiff, bounds equal bounds()', async (_, bound, sample, k) => {
    const rng = new Rng(3);
    const critic = new BatchedCritic(
      criticLayout('lite', sample),
      [0, 1, 2].map((i) => new Rng(i)),
      1e-3,
      { ...DEFAULT_BOUND, bound, smileTau: 0.05 },
    );
    const shape = sample.kind === 'maps' ? [B * k, sample.height, sample.width, 1] : [B, k, sample.dim];
    const size = shape.reduce((a, b) => a * b, 1);
    const zx = tf.tensor(rng.fillNormal(new Float32Array(size), 0, 1), shape);
    const zy = tf.tensor(rng.fillNormal(new Float32Array(size), 0, 1), shape);
    const perm = permutation(k, rng);
    // A few steps first, so that biases are non-zero and every term of the gradient is exercised.
    const px = critic.prepare(zx);
    const py = critic.prepare(zy);
    for (let i = 0; i < 3; i++) critic.trainStep(px, py, k, perm).dispose();
    const { bounds, grads } = critic.gradients(px, py, k, perm);
    const reference = critic.bounds(zx, zy, k, perm);
    const auto = critic.autodiffGradients(zx, zy, k, perm);
    expect(grads.map((g) => g.shape)).toEqual(auto.map((g) => g.shape));
    expect(await maxRelError(bounds, reference)).toBeLessThan(1e-5);
    for (let i = 0; i < grads.length; i++) expect(await maxRelError(grads[i]!, auto[i]!)).toBeLessThan(1e-4);
    tf.dispose([bounds, reference, zx, zy, px.cols, py.cols, perm, ...grads, ...auto]);
    critic.dispose();
  });
});

describe('BatchedCritic under each bound', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each<[string, BoundName, SampleShape, number]>(
    BOUND_NAMES.filter((b) => b !== 'dv').flatMap((bound): [string, BoundName, SampleShape, number][] => [
      ['conv mode', bound, { kind: 'maps', height: 12, width: 12 }, 6],
      ['vector mode', bound, { kind: 'vectors', dim: 16 }, 20],
    ]),
  )(
    "%s, bound %s: a batch of one trains as MineEstimator's critic does, apart from DV's",
    async (_, bound, sample, k) => {
      const layout = criticLayout('lite', sample);
      const data = new Rng(8);
      const one = sample.kind === 'maps' ? [k, sample.height, sample.width, 1] : [k, sample.dim];
      const size = one.reduce((a, b) => a * b, 1);
      const x = tf.tensor(data.fillNormal(new Float32Array(size), 0, 1), one);
      // y depends on x, so that the critic has something to learn and T grows over the steps.
      const y = tf.tidy(() => tf.add(x, tf.tensor(data.fillNormal(new Float32Array(size), 0, 0.3), one)));
      const batched = (t: tf.Tensor) => (sample.kind === 'maps' ? t : tf.reshape(t, [1, ...one]));
      const choice = { ...DEFAULT_BOUND, bound, smileTau: 0.05 };
      const estimator = new MineEstimator(layout, new Rng(7), { lr: 1e-2, ...choice });
      const rng = new Rng(7);
      const critic = new BatchedCritic(layout, [rng], 1e-2, choice);
      const plain = new BatchedCritic(layout, [new Rng(7)], 1e-2);
      const px = critic.prepare(batched(x));
      const py = critic.prepare(batched(y));
      const diffs: number[] = [];
      for (let step = 0; step < 8; step++) {
        // The estimator draws its shuffle from its generator after the 'init' fork, as the UAE's do.
        const perm = tf.tensor1d(rng.permutation(k), 'int32');
        const read = async (t: tf.Tensor) => {
          const v = (await t.data())[0]!;
          t.dispose();
          return v;
        };
        const a = await read(estimator.trainStep(x, y));
        const b = await read(critic.trainStep(px, py, k, perm));
        const c = await read(plain.trainStep(px, py, k, perm));
        perm.dispose();
        expect(b).toBeCloseTo(a, 4);
        diffs.push(Math.abs(c - a));
      }
      // DV's estimates part from this bound's: the test can tell the bounds apart.
      expect(Math.max(...diffs)).toBeGreaterThan(1e-3);
      tf.dispose([x, y, px.cols, py.cols]);
      estimator.dispose();
      critic.dispose();
      plain.dispose();
    },
  );
});

it('refuses InfoNCE on more pairs than fit, before computing any', async () => {
  await initBackend('wasm');
  const sample: SampleShape = { kind: 'vectors', dim: 4 };
  const rngs = [0, 1, 2, 3, 4].map((i) => new Rng(i));
  const critic = new BatchedCritic(criticLayout('lite', sample), rngs, 1e-3, {
    ...DEFAULT_BOUND,
    bound: 'infonce',
  });
  const z = tf.zeros([5, 500, 4]);
  const perm = tf.range(0, 5 * 500, 1, 'int32') as tf.Tensor1D;
  const before = tf.memory().numTensors;
  expect(() => critic.bounds(z, z, 500, perm)).toThrow(/1,250,000 pairs a step.*\(4 at most\)/);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([z, perm]);
  critic.dispose();
});
