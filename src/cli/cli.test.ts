/**
 * The CLI's contract, end to end through a real process: with --json, stdout is exactly one JSON
 * object with the documented fields; logs go to stderr; bad input exits 2 with a message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'minmax-cli-'));
  // A classifier "trained elsewhere": different layer names, the engine must find its first conv.
  await saveLayersModel(tinyClassifier(5), join(dir, 'model'));
  writeFileSync(join(dir, 'broken.json'), '{"not": "a model"}');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('uae CLI', () => {
  it('attack --json prints exactly one JSON object with the contract fields, for any conv classifier', () => {
    const r = cli(
      'attack',
      '--model',
      join(dir, 'model'),
      '--index',
      '7',
      '--iters',
      '5',
      '--critic',
      'lite',
      '--eps',
      '0.3',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    for (const key of [
      'method',
      'dataset',
      'index',
      'label',
      'predicted',
      'success',
      'firstSuccessIter',
      'miBest',
      'linf',
      'l2',
      'itersRun',
      'msPerIter',
      'backend',
      'critic',
      'seed',
    ]) {
      expect(out, key).toHaveProperty(key);
    }
    expect(out.index).toBe(7);
    expect(out.label).toBe(9); // t10k image 7 is a 9
    expect(out.itersRun).toBe(5);
    expect(out.linf as number).toBeLessThanOrEqual(0.3 + 1e-6);
    expect(r.stderr).toContain('backend:');
  });

  it('attack and evaluate add the fair MI of each success, measured as the flags say', () => {
    const fair = ['--fair-mi-steps', '20', '--fair-mi-restarts', '2'];
    const a = cli('attack', '--index', '0', '--iters', '40', '--critic', 'lite', ...fair, '--json');
    expect(a.code, a.stderr).toBe(0);
    const out = JSON.parse(a.stdout) as { success: boolean; miFair: Record<string, number> };
    expect(out.success).toBe(true);
    expect(out.miFair).toMatchObject({ steps: 20, restarts: 2, lr: 3e-4 });
    expect(Number.isFinite(out.miFair.mean) && out.miFair.std! >= 0).toBe(true);
    const off = cli(
      'attack',
      '--index',
      '0',
      '--iters',
      '40',
      '--critic',
      'lite',
      '--fair-mi-restarts',
      '0',
      '--json',
    );
    expect((JSON.parse(off.stdout) as { miFair: unknown }).miFair).toBeNull();
    const e = cli('evaluate', '--n', '2', '--iters', '40', '--critic', 'lite', ...fair, '--json');
    expect(e.code, e.stderr).toBe(0);
    const sum = JSON.parse(e.stdout) as Record<string, unknown>;
    expect(sum).toMatchObject({ nMiFair: 2, fairMi: { steps: 20, restarts: 2, lr: 3e-4 } });
    for (const key of ['miMean', 'miStd', 'miFairMean', 'miFairStd'])
      expect(typeof sum[key], key).toBe('number');
    const bad = cli('attack', '--fair-mi-lr', '1', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/--fair-mi-lr must be ≤ 0.01/);
  }, 240_000);

  it('invalid input exits 2 with a message, and on stdout nothing or (--json) one error object', () => {
    for (const args of [
      ['attack', '--eps', '2', '--json'],
      ['attack', '--index', '10000', '--model', join(dir, 'model'), '--json'],
      ['attack', '--bogus', '1'],
      ['evaluate', '--method', 'fgsm'],
      ['evaluate', '--method', 'uae'],
      ['attack', '--method', 'uae', '--model', join(dir, 'model'), '--json'],
      ['augment', '--methods', 'mine-uae,fgsm', '--json'],
      ['augment', '--ae', 'vae', '--json'],
      ['attack', '--model', join(dir, 'nowhere'), '--json'],
      ['frobnicate'],
    ]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      if (args.includes('--json'))
        expect((JSON.parse(r.stdout) as { kind: string }).kind, args.join(' ')).toMatch(
          /^(usage|invalid-input)$/,
        );
      else expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/error: /);
    }
  });

  it('a file that is not a model is invalid input: exit 2 and a clear message', () => {
    const r = cli('attack', '--model', join(dir, 'broken.json'), '--iters', '1', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: .*broken\.json is not a tfjs layers model: it has no "modelTopology"/);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'invalid-input' });
  });

  it('attack --method uae on a shipped autoencoder adds the reconstruction errors', () => {
    const r = cli(
      'attack',
      '--method',
      'uae',
      '--model',
      'dense-ae',
      '--index',
      '0',
      '--iters',
      '3',
      '--mine-steps',
      '2',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number | boolean | string | null>;
    for (const key of [
      'success',
      'firstSuccessIter',
      'miBest',
      'linf',
      'l2',
      'f',
      'reconClean',
      'reconAdv',
      'itersRun',
    ])
      expect(out, key).toHaveProperty(key);
    expect(out.method).toBe('mine-uae');
    expect(out.itersRun).toBe(3);
    expect(out.mineSteps).toBe(2);
    // The authors' δ0 and, in random-projection mode, their critic (core's UAE_DEFAULTS, uaeCritic).
    expect(out.deltaInit).toBe('glorot');
    expect(out.critic).toBe('paper');
    expect(out.alpha).toBe(0.1);
    expect(out.f as number).toBeCloseTo((out.reconAdv as number) - (out.reconClean as number), 3);
    expect(r.stderr).toContain('random-projection MINE');
  });

  it('augment --json prints the experiment table', () => {
    const r = cli(
      'augment',
      '--ae',
      'dense',
      '--train',
      '10',
      '--epochs',
      '1',
      '--test',
      '50',
      '--methods',
      'ga:0.01',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ae: string;
      train: number;
      epochs: number;
      original: number;
      results: { method: string; reconError: number; relChange: number; asr: number }[];
      seconds: number;
    };
    expect(out).toMatchObject({ ae: 'dense', train: 10, epochs: 1 });
    expect(out.original).toBeGreaterThan(0);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]!.method).toBe('ga:0.01');
    expect(out.results[0]!.relChange).toBeCloseTo(
      (out.original - out.results[0]!.reconError) / out.original,
      10,
    );
    expect(out.seconds).toBeGreaterThan(0);
  });
});
