import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { loadMnist } from '../data/mnist-node';
import { toFloatBatch } from '../data/dataset';
import { buildAutoencoder } from './autoencoders';
import { AUTOENCODERS } from '../vocabulary';
import { reconstructionMse, trainAutoencoder } from './train-autoencoder';

let images: Float32Array;
const count = 300;

beforeAll(async () => {
  await initBackend('wasm');
  const train = await loadMnist('train');
  images = toFloatBatch(
    train.images,
    Array.from({ length: count }, (_, i) => i),
  );
});

describe.each(AUTOENCODERS)('training the %s autoencoder on wasm', (kind) => {
  it('lowers the reconstruction error, frees its tensors, and is reproducible from its seed', async () => {
    const parts = buildAutoencoder(kind, 1);
    const before = await reconstructionMse(parts, images, count);
    const tensors = tf.memory().numTensors;
    const { epochLosses } = await trainAutoencoder(parts, images, count, {
      epochs: 2,
      batchSize: 50,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await reconstructionMse(parts, images, count);
    expect(after).toBeLessThan(before);
    expect(epochLosses).toHaveLength(2);
    const again = buildAutoencoder(kind, 1);
    const second = await trainAutoencoder(again, images, count, { epochs: 2, batchSize: 50, seed: 1 });
    expect(second.epochLosses).toEqual(epochLosses);
    parts.model.dispose();
    again.model.dispose();
  });
});
