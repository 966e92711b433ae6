/** The real CLI in a child process, as other tools call it (for the contract tests). */
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ARGS = ['--import', 'tsx', 'src/cli/main.ts'];
/** A start of the CLI takes ~2 s here, but minutes when the machine is shared by many jobs. */
export const SPAWN_TIMEOUT_MS = 300_000;
/** For test files made of CLI runs: a few of those per test, on a machine that may be busy. */
export const CLI_TEST_TIMEOUT_MS = 900_000;

export function cli(args: readonly string[], stdio?: StdioOptions): CliRun {
  const r = spawnSync(process.execPath, [...ARGS, ...args], {
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
    stdio,
  });
  // A stream redirected elsewhere (stdio) comes back as null.
  return {
    code: r.status,
    stdout: (r.stdout as string | null) ?? '',
    stderr: (r.stderr as string | null) ?? '',
  };
}

/** Runs the CLI with its stdout pipe closed by the reader at once, as `| head -c0` would. */
export function cliWithClosedStdout(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: '', stderr });
    });
  });
}

/** With --json, stdout must be exactly one line holding one JSON object. */
export function onlyJsonObject(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n');
  if (lines.length !== 2 || lines[1] !== '')
    throw new Error(`stdout is not one line: ${JSON.stringify(stdout)}`);
  const value: unknown = JSON.parse(lines[0]!);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`stdout is not a JSON object: ${lines[0]}`);
  return value as Record<string, unknown>;
}
