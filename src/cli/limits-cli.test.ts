/**
 * The CLI side of "corrupt results are never successes", through a real process: the issue's
 * measured flags exit 2 (out of the limits table's range), a failed attack says why, evaluate
 * counts failures by kind, and a model with a NaN weight is refused (exit 2) instead of attacked
 * or scored.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../core/backend';
import { saveLayersModel } from '../core/models/io';
import { tinyClassifier } from '../core/testing/tiny-classifier';

let dir: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
}

beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'minmax-limits-cli-'));
  await saveLayersModel(tinyClassifier(5), join(dir, 'model'));
  // The same classifier "trained elsewhere" with one weight gone NaN.
  const bad = tinyClassifier(5);
  const dense = bad.layers[3]!;
  const [w, b] = dense.getWeights();
  const values = w!.dataSync().slice();
  values[11] = NaN;
  dense.setWeights([tf.tensor(values, w!.shape), b!]);
  await saveLayersModel(bad, join(dir, 'nan-model'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('out-of-range flags exit 2 with the limit', () => {
  it.each([
    ['--alpha', '1e300', '--alpha must be ≤ 10000'],
    ['--c0', '1e308', '--c0 must be ≤ 1000000'],
    ['--mine-lr', '1e30', '--mine-lr must be ≤ 0.01'],
    ['--mine-lr', '10', '--mine-lr must be ≤ 0.01'],
    ['--kappa', '1e308', '--kappa must be ≤ 1000'],
    ['--search-steps', '50', '--search-steps must be ≤ 20'],
  ])('attack %s %s', (flag, value, message) => {
    const r = cli('attack', '--model', join(dir, 'model'), flag, value, '--json');
    expect(r.code, r.all).toBe(2);
    expect(r.all).toContain(message);
  });

  it('evaluate --alpha 1e300 and mine-check --lr 1e30 too', () => {
    const e = cli('evaluate', '--n', '5', '--alpha', '1e300', '--json');
    expect(e.code, e.all).toBe(2);
    expect(e.all).toContain('--alpha must be ≤ 10000');
    const m = cli('mine-check', '--lr', '1e30', '--json');
    expect(m.code, m.all).toBe(2);
    expect(m.all).toContain('--lr must be ≤ 0.1');
  });

  it('--help gives each limit and why', () => {
    const r = cli('attack', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('initial c; max: c weighs f⁺ in the float32 δ gradient');
  });
});

describe('failures carry their reason', () => {
  // κ = 1000 asks a margin no attack reaches: every run fails with f > 0.
  const unreachable = (command: string, ...flags: string[]) => {
    const r = cli(
      command,
      '--model',
      join(dir, 'model'),
      ...flags,
      '--kappa',
      '1000',
      '--critic',
      'lite',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    return { r, out: JSON.parse(r.stdout) as Record<string, unknown> };
  };

  it('attack: failureReason says where f came closest', () => {
    const { out } = unreachable('attack', '--iters', '3');
    expect(out.success).toBe(false);
    expect(out.failureReason).toMatch(
      /^f stayed > 0 for all 3 iterations \(smallest f \S+ at iteration [123]\)$/,
    );
  });

  it('evaluate counts failures by kind and divergences', () => {
    const { r, out } = unreachable('evaluate', '--n', '2', '--iters', '2');
    expect(out).toMatchObject({ n: 2, asr: 0, nDiverged: 0, failures: { 'no-success': 2 } });
    expect(r.stderr).toContain('failed: f stayed > 0 for all 2 iterations');
  });
});

describe('a model with a NaN weight is refused (exit 2)', () => {
  it.each([
    ['model-info', []],
    ['attack', ['--iters', '2', '--critic', 'lite']],
    ['evaluate', ['--n', '2', '--iters', '2', '--critic', 'lite']],
  ])('%s', (command, extra) => {
    const r = cli(command, '--model', join(dir, 'nan-model'), ...extra, '--json');
    expect(r.code, r.all).toBe(2);
    expect(r.all).toMatch(
      /gives non-finite outputs \(\d+ of \d+ values NaN or ±Infinity on \d+ probe images\)/,
    );
    expect(r.all).not.toContain('testAccuracy');
  });
});
