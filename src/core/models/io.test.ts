import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from '../kernels/register';
import { buildClassifier } from './classifier';
import { loadLayersModel, saveLayersModel } from './io';

let dir = '';

beforeAll(async () => {
  registerFastKernels();
  await tf.setBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'minmax-io-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('model folder IO', () => {
  it('saves model.json + weights.bin and loads the same model back', async () => {
    const model = buildClassifier(undefined, 5);
    await saveLayersModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    expect(json.weightsManifest.map((g) => g.paths)).toEqual([['weights.bin']]);
    expect((await readFile(join(dir, 'weights.bin'))).byteLength).toBe(312_202 * 4);

    for (const path of [dir, join(dir, 'model.json')]) {
      const loaded = await loadLayersModel(path);
      expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
      const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 9);
      const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      loaded.dispose();
    }
    model.dispose();
  });

  it('fails clearly when the folder holds no model', async () => {
    await expect(loadLayersModel(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
