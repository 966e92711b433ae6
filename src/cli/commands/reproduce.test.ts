/**
 * `reproduce` through a real process: the listing, one tiny run (documented override flags) and its
 * files, every bad input with exit 2 and one JSON error object, --scale paper refused without a
 * terminal or --yes, and Ctrl-C: exit 130, the partial state kept, --resume finishing it with the
 * rows of an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, cli, onlyJsonObject, type CliRun } from '../testing/spawn-cli';

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS, hookTimeout: CLI_TEST_TIMEOUT_MS });

const TINY = [
  '--n',
  '2',
  '--iters',
  '10',
  '--search-steps',
  '1',
  '--fair-mi-steps',
  '5',
  '--fair-mi-restarts',
  '1',
];
const tmp = () => mkdtempSync(join(tmpdir(), 'reproduce-'));

function expectUsage(r: CliRun, message: RegExp, kind = 'usage'): void {
  expect(r.code, r.stderr).toBe(2);
  const out = onlyJsonObject(r.stdout);
  expect(out.kind).toBe(kind);
  expect(out.error).toMatch(message);
  expect(r.stderr).toContain(`error: ${out.error as string}`);
}

describe('reproduce --list', () => {
  it('names the four experiments with title, slide and scales', () => {
    const r = cli(['reproduce', '--list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = onlyJsonObject(r.stdout) as { experiments: Record<string, unknown>[] };
    expect(out.experiments.map((e) => e.name)).toEqual([
      'asr-mi',
      'mi-distribution',
      'minmax-vs-pgd',
      'reconstruction',
    ]);
    for (const e of out.experiments) {
      expect(Object.keys(e)).toEqual(['name', 'title', 'slide', 'scales']);
      expect(e.scales).toEqual(['quick', 'standard', 'paper']);
    }
    expect(out.experiments[0]!.title).toBe('Mutual Information and Attack Success Rate');
  });
});

describe('reproduce NAME', () => {
  it('runs, prints the contract object and writes the record, the table and the figure', () => {
    const out = tmp();
    const r = cli([
      'reproduce',
      'asr-mi',
      '--scale',
      'quick',
      ...TINY,
      '--out',
      out,
      '--seed',
      '2',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const o = onlyJsonObject(r.stdout);
    for (const k of ['name', 'scale', 'seconds', 'settings', 'rows', 'paper', 'files'])
      expect(o).toHaveProperty(k);
    expect(o).toMatchObject({ name: 'asr-mi', scale: 'quick', seed: 2, backend: 'wasm' });
    expect(o.versions).toMatchObject({ tfjs: expect.any(String) as unknown, node: process.versions.node });
    const files = o.files as string[];
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      'asr-mi-quick.json',
      'asr-mi-quick.md',
      'asr-mi-bars.svg',
    ]);
    const record = JSON.parse(readFileSync(files[0]!, 'utf8')) as Record<string, unknown>;
    expect(record.rows).toEqual(o.rows);
    expect(record).toMatchObject({ seed: 2, backend: 'wasm', complete: true });
    expect(readFileSync(files[1]!, 'utf8')).toContain('51.29');
    expect(readFileSync(files[2]!, 'utf8')).toMatch(/^<svg xmlns/);
    expect(existsSync(join(out, 'partial.json'))).toBe(false);
    expect(r.stderr).toMatch(/\[1\/4\] sample 1\/2 \(test image 0, label 7\) penalty: .*elapsed/);
    expect(r.stderr).toMatch(/expected about \d+ s on this machine/);

    // The next experiment takes the units this one made (same settings and seed) and runs only PGD.
    const next = cli([
      'reproduce',
      'mi-distribution',
      ...TINY,
      '--out',
      tmp(),
      '--seed',
      '2',
      '--reuse',
      out,
      '--json',
    ]);
    expect(next.code, next.stderr).toBe(0);
    const label = `${out.split('/').pop()!}/asr-mi-quick.json`;
    expect(onlyJsonObject(next.stdout).reuse).toEqual([{ label, units: 4 }]);
    expect(next.stderr).toContain(`--reuse ${label}: 4 units taken`);
    expect(next.stderr).toMatch(/\[5\/6\] sample 1\/2 \(test image 0, label 7\) pgd/);
    expect(next.stderr).not.toMatch(/\] sample \d\/2 \(test image \d, label \d\) (penalty|minmax)/);
    const rows = (o: Record<string, unknown>) =>
      (o.rows as Record<string, unknown>[]).map((x) => [x.method, x.asr, x.miFairMean]);
    expect(rows(onlyJsonObject(next.stdout)).slice(0, 2)).toEqual(rows(o));
  });

  it.each([
    [
      ['reproduce', 'asr-nope', '--json'],
      /^unknown experiment 'asr-nope' \(asr-mi, mi-distribution, minmax-vs-pgd, reconstruction/,
    ],
    [
      ['reproduce', 'asr-mi', '--scale', 'huge', '--json'],
      /^--scale must be one of quick\|standard\|paper, got 'huge'$/,
    ],
    [['reproduce', '--json'], /^name an experiment/],
    [
      ['reproduce', 'asr-mi', '--out', '/proc/version/x', '--json'],
      /^--out \/proc\/version\/x cannot be written/,
    ],
    [['reproduce', 'asr-mi', '--train', '10', '--json'], /asr-mi has no setting 'train'/],
    [['reproduce', 'reconstruction', '--aes', 'dense,cnn', '--json'], /--aes: unknown autoencoder 'cnn'/],
    [['reproduce', 'asr-mi', '--n', '0', '--json'], /--n must be ≥ 1, got 0/],
    [
      ['reproduce', 'asr-mi', '--reuse', '/nonexistent/run', '--json'],
      /^--reuse \/nonexistent\/run: no such file/,
    ],
    [
      ['reproduce', 'asr-mi', '--reuse', '/tmp', '--json'],
      /^--reuse \/tmp: the folder holds no partial result/,
    ],
    [
      ['reproduce', 'reconstruction', '--reuse', '/tmp', '--json'],
      /^--reuse is for the supervised experiments/,
    ],
  ])('%j: exit 2 with one JSON error', (args, message) => {
    expectUsage(cli(args), message);
  });

  it('refuses a corrupt partial file, a resume with nothing to resume, and other settings', () => {
    const out = tmp();
    expectUsage(
      cli(['reproduce', 'asr-mi', '--out', out, '--resume', '--json']),
      /no partial result to resume/,
    );
    writeFileSync(join(out, 'partial.json'), '{"format": "minmax-lab/reproduce-state@1", "units": 3');
    expectUsage(
      cli(['reproduce', 'asr-mi', '--out', out, '--resume', '--json']),
      /is not a partial result/,
      'invalid-input',
    );
    // Without --resume an existing partial run is never overwritten silently.
    expectUsage(
      cli(['reproduce', 'asr-mi', '--out', out, '--json']),
      /holds a partial run: --resume continues it/,
    );
    writeFileSync(
      join(out, 'partial.json'),
      JSON.stringify({
        format: 'minmax-lab/reproduce-state@1',
        name: 'asr-mi',
        scale: 'quick',
        seed: 1,
        settings: {},
        units: [],
        seconds: 0,
      }),
    );
    expectUsage(
      cli(['reproduce', 'asr-mi', '--scale', 'standard', '--out', out, '--resume', '--json']),
      /made with --scale quick, not standard/,
    );
  });

  it('--scale paper states its time and, with no terminal and no --yes, refuses', () => {
    const r = cli(
      ['reproduce', 'asr-mi', '--scale', 'paper', '--out', tmp(), '--json'],
      ['ignore', 'pipe', 'pipe'],
    );
    expectUsage(r, /--scale paper runs the authors' sizes: about \d+ days on this machine .*pass --yes/);
  });
});

/** Spawns the CLI, sends SIGINT once `when` matches stderr, and collects the run. */
function interrupted(args: readonly string[], when: RegExp): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!sent && when.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('Ctrl-C and --resume', () => {
  it('stops at a sample boundary, exits 130 saying how to resume, and --resume gives the uninterrupted rows', async () => {
    const out = tmp();
    const args = ['reproduce', 'minmax-vs-pgd', ...TINY, '--out', out, '--json'];
    const stopped = await interrupted(args, /\[1\/4\]/);
    expect(stopped.code, stopped.stderr).toBe(130);
    const err = onlyJsonObject(stopped.stdout);
    expect(err.kind).toBe('cancelled');
    expect(err.resume).toMatch(/reproduce minmax-vs-pgd .*--resume$/);
    expect(stopped.stderr).toMatch(/stopping: the unit in flight is dropped, the finished ones are saved/);
    const partial = JSON.parse(readFileSync(join(out, 'partial.json'), 'utf8')) as { units: unknown[] };
    expect(partial.units.length).toBeGreaterThanOrEqual(1);
    expect(partial.units.length).toBeLessThan(4);

    const resumed = cli([...args, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming after ${partial.units.length} finished units`));
    const whole = cli(['reproduce', 'minmax-vs-pgd', ...TINY, '--out', tmp(), '--json']);
    expect(whole.code, whole.stderr).toBe(0);
    expect(JSON.stringify(onlyJsonObject(resumed.stdout).rows)).toBe(
      JSON.stringify(onlyJsonObject(whole.stdout).rows),
    );
    expect(existsSync(join(out, 'partial.json'))).toBe(false);
  });
});
