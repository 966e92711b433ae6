import {
  appendFile,
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KindedError } from '../errors';
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
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
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
    await expect(loadLayersModel(join(dir, 'missing'))).rejects.toThrow(/no model at .*missing.model\.json/);
  });
});

interface Manifest {
  modelTopology: { config: { layers: { class_name: string }[] } };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
}

/** A copy of the shipped conv autoencoder (35 KB) in its own folder, its model.json edited. */
async function badCopy(name: string, edit: (json: Manifest) => void = () => {}): Promise<string> {
  const folder = join(dir, 'bad', name);
  await mkdir(folder, { recursive: true });
  await copyFile('public/models/conv-ae/weights.bin', join(folder, 'weights.bin'));
  const json = JSON.parse(await readFile('public/models/conv-ae/model.json', 'utf8')) as Manifest;
  edit(json);
  await writeFile(join(folder, 'model.json'), JSON.stringify(json));
  return folder;
}

/** The load's error, which must be an invalid-input KindedError. */
async function refusal(folder: string): Promise<string> {
  const e: unknown = await loadLayersModel(folder).then(
    (m) => {
      m.dispose();
      return null;
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KindedError);
  expect((e as KindedError).kind).toBe('invalid-input');
  return (e as KindedError).message;
}

describe('model folders from users', () => {
  const weightPaths = (paths: string[]) => (j: Manifest) => {
    j.weightsManifest[0]!.paths = paths;
  };

  it('loads an unedited copy (the oracle for the refusals below)', async () => {
    const model = await loadLayersModel(await badCopy('sound'));
    expect(model.countParams()).toBe(35_396 / 4);
    model.dispose();
  });

  it('refuses weight paths that leave the folder, before reading them', async () => {
    await writeFile(join(dir, 'bad', 'outside-secret.bin'), new Uint8Array(35_396));
    // Exactly the right size outside the folder: only the path check can refuse it.
    expect(await refusal(await badCopy('dotdot', weightPaths(['../outside-secret.bin'])))).toMatch(
      /weight path '\.\.\/outside-secret\.bin' climbs out with '\.\.'; weight files must lie in the model's folder/,
    );
    expect(await refusal(await badCopy('deep', weightPaths(['../../../../etc/passwd'])))).toMatch(
      /climbs out/,
    );
    expect(await refusal(await badCopy('inner', weightPaths(['sub/../../outside-secret.bin'])))).toMatch(
      /climbs out/,
    );
    expect(
      await refusal(await badCopy('absolute', weightPaths([join(dir, 'bad', 'outside-secret.bin')]))),
    ).toMatch(/is absolute/);
    expect(await refusal(await badCopy('url', weightPaths(['file:///etc/passwd'])))).toMatch(/is a URL/);
    expect(await refusal(await badCopy('http', weightPaths(['https://example.com/w.bin'])))).toMatch(
      /is a URL/,
    );
  });

  it('refuses a link that leads out of the folder, and reads one that stays inside', async () => {
    const out = await badCopy('link-out', weightPaths(['w.bin']));
    await symlink(join(dir, 'bad', 'outside-secret.bin'), join(out, 'w.bin'));
    expect(await refusal(out)).toMatch(
      /weight path 'w\.bin' is a link to .*outside-secret\.bin, outside the folder/,
    );

    const inside = await badCopy('link-in', weightPaths(['w.bin']));
    await symlink(join(inside, 'weights.bin'), join(inside, 'w.bin'));
    const model = await loadLayersModel(inside);
    model.dispose();
  });

  it('refuses weight files longer or shorter than the manifest needs, naming both sizes', async () => {
    const long = await badCopy('long');
    await appendFile(join(long, 'weights.bin'), new Uint8Array(4096));
    expect(await refusal(long)).toMatch(
      /the manifest's 10 weights need 35,396 bytes, but its weight files hold 39,492 \(weights\.bin 39,492\): 4,096 bytes too many/,
    );
    const short = await badCopy('short');
    await truncate(join(short, 'weights.bin'), 35_392);
    expect(await refusal(short)).toMatch(/need 35,396 bytes, but .* hold 35,392 .*: 4 bytes short/);
    const missing = await badCopy('missing', weightPaths(['nothing.bin']));
    expect(await refusal(missing)).toMatch(/weight file 'nothing\.bin' cannot be read \(ENOENT\)/);
  });

  it('refuses malformed model.json files with what is wrong', async () => {
    const badJson = await badCopy('bad-json');
    await writeFile(join(badJson, 'model.json'), '{"modelTopology": ');
    expect(await refusal(badJson)).toMatch(/model\.json is not valid JSON/);
    const noTopology = await badCopy('no-topology', (j) => {
      delete (j as Partial<Manifest>).modelTopology;
    });
    expect(await refusal(noTopology)).toMatch(/is not a tfjs layers model: it has no "modelTopology"/);
    const noManifest = await badCopy('no-manifest', (j) => {
      delete (j as Partial<Manifest>).weightsManifest;
    });
    expect(await refusal(noManifest)).toMatch(/it has no "weightsManifest" list/);
    const badShape = await badCopy('bad-shape', (j) => {
      j.weightsManifest[0]!.weights[1]!.shape = [-16];
    });
    expect(await refusal(badShape)).toMatch(/weight 'conv1\/bias' has shape \[-16\], not a list of sizes/);
  });

  it('refuses a topology tfjs cannot build or a weight shape that does not fit its layer', async () => {
    const layer = await badCopy('unknown-layer', (j) => {
      j.modelTopology.config.layers[0]!.class_name = 'FancyConv';
    });
    expect(await refusal(layer)).toMatch(
      /tfjs cannot build it: .*layer class tfjs-layers does not have \(FancyConv\)/,
    );
    // 16 values either way, so the byte count is right and only the layer can tell.
    const shape = await badCopy('wrong-shape', (j) => {
      j.weightsManifest[0]!.weights[1]!.shape = [4, 4];
    });
    expect(await refusal(shape)).toMatch(
      /weight 'conv1\/bias' has shape \[4,4\] in the manifest, but its layer needs \[16\]/,
    );
  });
});
