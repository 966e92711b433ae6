/**
 * The shipped autoencoders reconstruct the MNIST test set within a bound (mean per-pixel squared
 * error on all 10,000 images). Bounds sit a little above what training measured (info.json), well
 * below the ~0.1 of an autoencoder that outputs the mean image.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { toFloatBatch } from '../data/dataset';
import { loadMnist } from '../data/mnist-node';
import { AUTOENCODER_NAMES, type AutoencoderKind } from './autoencoders';
import { loadLayersModel } from './io';
import { reconstructionMse } from './train-autoencoder';

const BOUNDS: Record<AutoencoderKind, number> = {
  sparse: 0.0055,
  dense: 0.019,
  conv: 0.0045,
  adversarial: 0.07,
};

let test: Float32Array;

beforeAll(async () => {
  await initBackend('wasm');
  const set = await loadMnist('test');
  test = toFloatBatch(set.images, Array.from({ length: set.count }, (_, i) => i));
});

describe.each(Object.entries(BOUNDS) as [AutoencoderKind, number][])('shipped %s autoencoder', (kind, bound) => {
  it(`reconstructs the 10,000 test images with mean squared error ≤ ${bound}, as info.json says`, async () => {
    const dir = `public/models/${AUTOENCODER_NAMES[kind]}`;
    const model = await loadLayersModel(dir);
    const error = await reconstructionMse({ kind, model }, test, 10000);
    model.dispose();
    expect(error).toBeLessThanOrEqual(bound);
    const info = JSON.parse(readFileSync(`${dir}/info.json`, 'utf8')) as { testReconError: number; kind: string };
    expect(info.kind).toBe(kind);
    expect(error).toBeCloseTo(info.testReconError, 4);
  });
});
