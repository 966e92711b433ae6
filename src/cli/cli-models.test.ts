/**
 * Model folders from users, through the real CLI: a manifest that points outside its folder, weights
 * of the wrong length, a malformed model.json and a model that does not fit the command are invalid
 * input: exit 2, one `error:` line, and with --json one {"error", "kind": "invalid-input"} object.
 */
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../core/backend';
import { saveLayersModel } from '../core/models/io';
import { tinyClassifier } from '../core/testing/tiny-classifier';
import { CLI_TEST_TIMEOUT_MS, cli, onlyJsonObject } from './testing/spawn-cli';

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS, hookTimeout: CLI_TEST_TIMEOUT_MS });

let dir: string;

/** A copy of the shipped conv autoencoder (35 KB), its manifest edited. */
function aeCopy(
  name: string,
  edit: (json: { weightsManifest: { paths: string[] }[] }) => void = () => {},
): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  copyFileSync('public/models/conv-ae/weights.bin', join(folder, 'weights.bin'));
  const json = JSON.parse(readFileSync('public/models/conv-ae/model.json', 'utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  edit(json);
  writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
  return folder;
}

beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'minmax-cli-models-'));
  // Exactly the bytes the manifest needs, outside the folder: only the path check can refuse it.
  writeFileSync(join(dir, 'outside-secret.bin'), new Uint8Array(35_396));
  aeCopy('traversal', (j) => {
    j.weightsManifest[0]!.paths = ['../outside-secret.bin'];
  });
  aeCopy('long');
  appendFileSync(join(dir, 'long', 'weights.bin'), new Uint8Array(4096));
  mkdirSync(join(dir, 'not-json'));
  writeFileSync(join(dir, 'not-json', 'model.json'), '{"modelTopology": {');
  await saveLayersModel(tinyClassifier(5, [32, 32, 3]), join(dir, 'rgb32'));
  const dense = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [784], units: 10 })],
  });
  await saveLayersModel(dense, join(dir, 'dense-classifier'));
  dense.dispose();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function expectInvalidInput(args: string[], message: RegExp): void {
  const r = cli([...args, '--json']);
  expect(r.code, r.stderr).toBe(2);
  const out = onlyJsonObject(r.stdout);
  expect(out.kind).toBe('invalid-input');
  expect(out.error).toMatch(message);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([
    `error: ${out.error as string}`,
  ]);
}

// uae on 1 iteration: a model that got past loading would run and exit 0.
const UAE = ['attack', '--method', 'uae', '--iters', '1', '--mine-steps', '1', '--backend', 'cpu', '--model'];

describe('model files from users', () => {
  it('a weight path that leaves the model folder is refused, not read', () => {
    expectInvalidInput(
      [...UAE, join(dir, 'traversal')],
      /weight path '\.\.\/outside-secret\.bin' climbs out with '\.\.'; weight files must lie in the model's folder/,
    );
  });

  it('weights 4 KB longer than the manifest needs are refused with both sizes', () => {
    expectInvalidInput(
      [...UAE, join(dir, 'long')],
      /long.model\.json: the manifest's 10 weights need 35,396 bytes, but its weight files hold 39,492 .*4,096 bytes too many/,
    );
    expectInvalidInput(
      ['model-info', '--backend', 'cpu', '--model', join(dir, 'long')],
      /4,096 bytes too many/,
    );
  });

  it('a model.json that is not JSON is invalid input', () => {
    expectInvalidInput([...UAE, join(dir, 'not-json')], /not-json.model\.json is not valid JSON/);
  });

  it('a model the attack cannot use is invalid input, with the reason', () => {
    const ATTACK = ['attack', '--iters', '1', '--critic', 'lite', '--backend', 'cpu', '--model'];
    expectInvalidInput(
      [...ATTACK, join(dir, 'rgb32')],
      /its input has shape \[null,32,32,3\]; MNIST images are 28×28×1/,
    );
    expectInvalidInput(
      [...ATTACK, join(dir, 'dense-classifier')],
      /classifier input must be \[batch, H, W, C\], got \[null,784\]/,
    );
    expectInvalidInput(
      [...ATTACK, 'conv-ae'],
      /classifier output must be \[batch, classes\], got \[null,28,28,1\]/,
    );
  });
});
