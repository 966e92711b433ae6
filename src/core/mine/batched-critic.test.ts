/** The batched critic's hand-written gradients against autodiff of its own bounds. */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type HeadlessBackend } from '../backend';
import { Rng } from '../rng';
import { BatchedCritic } from './batched-critic';
import { criticLayout, type SampleShape } from './critic';

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

  it.each<[string, SampleShape, number]>([
    ['conv mode', { kind: 'maps', height: 12, width: 12 }, 6],
    ['vector mode', { kind: 'vectors', dim: 16 }, 20],
  ])('%s: gradients equal autodiff, bounds equal bounds()', async (_, sample, k) => {
    const rng = new Rng(3);
    const critic = new BatchedCritic(criticLayout('lite', sample), [0, 1, 2].map((i) => new Rng(i)), 1e-3);
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
