/** The error report of src/cli/output.ts, in a real process (the fixture stands in for a command). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, SPAWN_TIMEOUT_MS } from './testing/spawn-cli';

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT_MS });

function run(mode: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/testing/failing-run.ts', mode], {
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI error report', () => {
  it("puts a KindedError's details in the JSON object, after error and kind, which they cannot replace", () => {
    const r = run('details');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('{"error":"f is NaN at iteration 12","kind":"diverged","iteration":12}\n');
    expect(r.stderr).toBe('error: f is NaN at iteration 12\n');
  });

  it('reports an uncaught error on wasm in one line (exit 1), not with the wasm module source', () => {
    const r = run('uncaught');
    expect(r.code, r.stderr.slice(0, 2000)).toBe(1);
    expect(r.stdout).toBe('{"error":"boom at a line tfjs would add","kind":"failure"}\n');
    expect(r.stderr).toBe('error: boom at a line tfjs would add\n');
  });
});
