/**
 * The CLI's error contract through a real process: one `error: …` line on stderr for every failure,
 * and with --json exactly one {"error", "kind", …} object on stdout, whatever failed (the flags, the
 * command name, the stdout itself); exit 2 for the caller's mistakes, 1 for the rest. Also the rules
 * for typed numbers and repeated flags, and the layout of --help.
 */
import { closeSync, openSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, cli, cliWithClosedStdout, onlyJsonObject } from './testing/spawn-cli';

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS, hookTimeout: CLI_TEST_TIMEOUT_MS });

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error: '));
/** Any attack that got past its flags would fail here, fast, on a model that is not there. */
const NO_MODEL = ['--model', '/nonexistent/minmax-lab-model'];

describe('errors with --json', () => {
  it.each([
    [['attack', '--eps', '5', '--json'], /^--eps must be ≤ 1, got 5$/],
    [['attack', '--bogus', '1', '--json'], /^unknown flag --bogus/],
    [['attack', '--eps', '--json'], /^--eps needs a value$/],
    [
      ['frobnicate', '--json'],
      /^unknown command 'frobnicate' \(commands: attack, augment, evaluate, merge, mine-check, model-info, queue submit/,
    ],
    [['--json'], /^no command given/],
  ])('%j: exit 2, one JSON object of kind usage, the same message on stderr', (args, message) => {
    const r = cli(args);
    expect(r.code, r.stderr).toBe(2);
    const out = onlyJsonObject(r.stdout);
    expect(out).toEqual({ error: expect.stringMatching(message) as unknown, kind: 'usage' });
    expect(errorLines(r.stderr)).toEqual([`error: ${out.error as string}`]);
  });

  it('without --json a failure prints its one line on stderr and nothing on stdout', () => {
    for (const args of [['frobnicate'], ['attack', '--eps', '5']]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(errorLines(r.stderr)).toHaveLength(1);
    }
  });
});

describe('typed numbers', () => {
  it.each([
    [['--eps', '0x1'], "--eps '0x1' is not a decimal number"],
    [['--eps=0x1'], "--eps '0x1' is not a decimal number"],
    [['--eps', '1e-400'], "--eps '1e-400' is too small to represent (it would read as 0)"],
    [['--eps', 'Infinity'], "--eps 'Infinity' is not a decimal number"],
    [['--index', '0x7'], "--index '0x7' is not a decimal number"],
    [['--eps', ''], "--eps '' is empty"],
  ])('attack %j exits 2 with the reason', (flags, reason) => {
    const r = cli(['attack', ...flags, ...NO_MODEL, '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(onlyJsonObject(r.stdout).error).toContain(reason);
    expect(r.stderr).toContain(`error: ${reason}`);
  });

  it('takes plain decimals with exponents', () => {
    const r = cli([
      'mine-check',
      '--rho',
      '-5e-1',
      '--steps',
      '2e0',
      '--lr',
      '.001',
      '--backend',
      'cpu',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJsonObject(r.stdout)).toMatchObject({ rho: -0.5, steps: 2 });
  });
});

describe('a flag given twice', () => {
  it('takes its last value and says so on stderr; stdout stays one JSON object', () => {
    const r = cli([
      'mine-check',
      '--rho',
      '0.5',
      '--rho',
      '0.3',
      '--steps',
      '3',
      '--backend',
      'cpu',
      '--json',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJsonObject(r.stdout)).toMatchObject({ rho: 0.3, steps: 3 });
    expect(r.stderr).toContain('warning: --rho given 2 times; using the last value, 0.3\n');
    expect(r.stderr).toContain('warning: --json given 2 times\n');
  });

  it('still checks every value it was given', () => {
    for (const eps of [
      ['5', '0.3'],
      ['0.3', '5'],
    ]) {
      const r = cli(['attack', '--eps', eps[0]!, '--eps', eps[1]!, ...NO_MODEL, '--json']);
      expect(r.code).toBe(2);
      expect(onlyJsonObject(r.stdout).error).toBe('--eps must be ≤ 1, got 5');
    }
  });
});

describe('a stdout that cannot be written', () => {
  // Short and one line: never the wasm module's minified source, which an uncaught error dumps.
  const expectOneLineIoError = (stderr: string, cause: RegExp) => {
    expect(stderr.length, stderr.slice(0, 2000)).toBeLessThan(1000);
    const lines = errorLines(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: cannot write to stdout: /);
    expect(lines[0]).toMatch(cause);
  };

  it('full (>/dev/full) on wasm: exit 1 and one error line', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = cli(['mine-check', '--steps', '3', '--backend', 'wasm', '--json'], ['ignore', full, 'pipe']);
      expect(r.code, r.stderr.slice(0, 2000)).toBe(1);
      expectOneLineIoError(r.stderr, /ENOSPC/);
      const help = cli(['attack', '--help'], ['ignore', full, 'pipe']);
      expect(help.code).toBe(1);
      expectOneLineIoError(help.stderr, /ENOSPC/);
    } finally {
      closeSync(full);
    }
  });

  it('closed by its reader (| head -c0) on wasm: exit 1 and one error line', async () => {
    const r = await cliWithClosedStdout(['mine-check', '--steps', '3', '--backend', 'wasm', '--json']);
    expect(r.code, r.stderr.slice(0, 2000)).toBe(1);
    expectOneLineIoError(r.stderr, /EPIPE/);
  });
});

describe('--help', () => {
  const commands = () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    for (const line of top.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    return [...top.stdout.matchAll(/^ {2}([a-z-]+(?: [a-z]+)?) {2,}\S/gm)].map((m) => m[1]!);
  };

  it('lists every flag on its own line, its description indented below, within 100 columns', () => {
    const names = commands();
    expect(names).toEqual([
      'attack',
      'augment',
      'evaluate',
      'merge',
      'mine-check',
      'model-info',
      'queue submit',
      'queue work',
      'queue status',
      'queue collect',
      'reproduce',
    ]);
    for (const name of names) {
      const r = cli([...name.split(' '), '--help']);
      expect(r.code, name).toBe(0);
      const lines = r.stdout.split('\n');
      for (const line of lines) expect(line.length, `${name}: ${line}`).toBeLessThanOrEqual(100);
      const flags = lines.slice(lines.indexOf('flags:') + 1, lines.indexOf('', lines.indexOf('flags:')));
      expect(flags.length, name).toBeGreaterThan(3);
      let described = true;
      for (const line of flags) {
        if (line.startsWith('  --')) {
          expect(described, `${name}: the flag before '${line}' has no description`).toBe(true);
          // The flag and at most one value spec (no spaces in it): nothing runs into it.
          expect(line, name).toMatch(/^ {2}--[a-z0-9-]+( \S+)?$/);
          described = false;
        } else {
          expect(line, name).toMatch(/^ {6}\S/);
          described = true;
        }
      }
      expect(described, name).toBe(true);
      expect(flags, name).toContain('  --json');
    }
  });

  it('keeps the long value lists apart from their descriptions', () => {
    const lines = cli(['attack', '--help']).stdout.split('\n');
    expect(lines).toContain('  --method minmax|penalty|pgd|mine-uae|l2-uae');
    expect(lines).toContain('  --delta-init zeros|uniform|glorot');
    const eps = lines.indexOf('  --eps <number>');
    const next = lines.findIndex((l, i) => i > eps && l.startsWith('  --'));
    const described = lines.slice(eps + 1, next);
    expect(described.every((l) => / {6}\S/.test(l))).toBe(true);
    expect(described.join(' ').replace(/\s+/g, ' ')).toMatch(/^ L∞ budget ε .*From 0 to 1; default 1\.$/);
  });
});
