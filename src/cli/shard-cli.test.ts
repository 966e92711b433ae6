/**
 * Sharded and threaded `evaluate` through real processes: threads, and the shards merged, equal the
 * one-thread, single-process run (timing aside); a shard killed mid-run resumes without redoing or
 * losing an image; the shipped Kubernetes and Slurm files run their shards here, locally, with the
 * index their engine would set.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, CLI_TEST_TIMEOUT_MS, onlyJsonObject, SPAWN_TIMEOUT_MS } from './testing/spawn-cli';

/** Small enough for a test, long enough that the images succeed (first successes at 9–14). */
const FLAGS = [
  '--n',
  '3',
  '--iters',
  '20',
  '--critic',
  'lite',
  '--seed',
  '3',
  '--fair-mi-steps',
  '5',
  '--fair-mi-restarts',
  '1',
];
const dir = mkdtempSync(join(tmpdir(), 'minmax-shard-cli-'));
let single: Record<string, unknown>;

/** The report without its timing fields (they differ between any two runs). */
const results = (r: Record<string, unknown>) => {
  const { seconds, msPerIter, ...rest } = r;
  expect(typeof seconds).toBe('number');
  expect(typeof msPerIter).toBe('number');
  return rest;
};

function merge(...files: string[]) {
  return cli(['merge', ...files, '--json']);
}

beforeAll(() => {
  const r = cli(['evaluate', ...FLAGS, '--threads', '1', '--json']);
  expect(r.code, r.stderr).toBe(0);
  single = onlyJsonObject(r.stdout);
  expect(single.asr).toBeGreaterThan(0); // successes, so MI statistics are compared too
}, CLI_TEST_TIMEOUT_MS);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('evaluate --threads', () => {
  it(
    'two worker threads give what one thread gives',
    () => {
      const r = cli(['evaluate', ...FLAGS, '--threads', '2', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('2 worker threads');
      expect(results(onlyJsonObject(r.stdout))).toEqual(results(single));
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe('evaluate --shard k/n and merge', () => {
  it(
    'two shards merged print what one process prints',
    () => {
      const files = [0, 1].map((k) => join(dir, `two-${k}.jsonl`));
      for (const [k, out] of files.entries()) {
        const r = cli(['evaluate', ...FLAGS, '--shard', `${k}/2`, '--out', out, '--json']);
        expect(r.code, r.stderr).toBe(0);
        expect(onlyJsonObject(r.stdout)).toMatchObject({
          shard: `${k}/2`,
          images: k === 0 ? 2 : 1,
          resumed: 0,
        });
      }
      const m = merge(files[1]!, files[0]!);
      expect(m.code, m.stderr).toBe(0);
      expect(results(onlyJsonObject(m.stdout))).toEqual(results(single));
      const missing = merge(files[0]!);
      expect(missing.code).toBe(2);
      expect(onlyJsonObject(missing.stdout).error).toMatch(/shard files missing: 1\/2/);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'a shard killed with SIGKILL mid-run resumes where it stopped; every image once',
    async () => {
      const out = join(dir, 'killed.jsonl');
      const args = [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'evaluate',
        ...FLAGS,
        '--shard',
        '0/1',
        '--out',
        out,
      ];
      const child = spawn(process.execPath, args, { stdio: 'ignore' });
      const lines = () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').length - 1 : 0);
      const deadline = Date.now() + SPAWN_TIMEOUT_MS;
      while (lines() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const kept = lines() - 1;
      expect(kept).toBeGreaterThanOrEqual(1);
      appendFileSync(out, '{"image": 2, "outco'); // as if killed in the middle of a write
      const again = cli(['evaluate', ...FLAGS, '--shard', '0/1', '--out', out, '--json']);
      expect(again.code, again.stderr).toBe(0);
      const report = onlyJsonObject(again.stdout);
      expect(report.resumed).toBe(kept);
      expect(report.attacked).toBe(3 - kept);
      const m = merge(out);
      expect(m.code, m.stderr).toBe(0);
      expect(results(onlyJsonObject(m.stdout))).toEqual(results(single));
      // Started with other flags, the shard refuses the file instead of mixing two runs into it.
      const other = cli(['evaluate', ...FLAGS, '--seed', '4', '--shard', '0/1', '--out', out, '--json']);
      expect(other.code).toBe(2);
      expect(onlyJsonObject(other.stdout).error).toMatch(/holds another run's shard \(its flags differ/);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'refuses a shard without a file, a file without a shard, and k ≥ n',
    () => {
      for (const [extra, message] of [
        [['--shard', '0/2'], /--shard needs --out/],
        [['--out', join(dir, 'x.jsonl')], /give --shard k\/n too/],
        [['--shard', '2/2', '--out', join(dir, 'y.jsonl')], /counts from 0/],
      ] as const) {
        const r = cli(['evaluate', ...FLAGS, ...extra, '--json']);
        expect(r.code).toBe(2);
        expect(onlyJsonObject(r.stdout).error).toMatch(message);
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

/** The value of an env entry `- name: NAME` / `value: "…"` in the manifest. */
function manifestEnv(text: string, name: string): string {
  const m = new RegExp(`- name: ${name}\\n\\s+value: "([^"]*)"`).exec(text);
  if (m === null) throw new Error(`no ${name} in the manifest`);
  return m[1]!;
}

/** Runs a shard the way its engine would start it, with this test's small flags. */
function runAs(command: readonly string[], env: Record<string, string>) {
  const r = spawnSync(command[0]!, command.slice(1), {
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
    env: { ...process.env, ...env, FLAGS: [...FLAGS, '--json'].join(' '), RESULTS: dir },
  });
  expect(r.status, r.stderr).toBe(0);
}

describe('the shipped batch-engine files, run locally', () => {
  it(
    'the Kubernetes Indexed Job: its command with JOB_COMPLETION_INDEX 0..n−1, merged',
    () => {
      const text = readFileSync('deploy/kubernetes/evaluate-indexed-job.yaml', 'utf8');
      expect(text).toMatch(/completionMode: Indexed/);
      const count = manifestEnv(text, 'SHARD_COUNT');
      expect(text).toMatch(new RegExp(`completions: ${count}\\n`));
      const command = JSON.parse(/command: (\[.*\])/.exec(text)![1]!) as string[];
      expect(manifestEnv(text, 'COMMAND')).toBe('evaluate');
      // The manifest's own wiring, at two shards so the test stays short.
      for (const k of [0, 1])
        runAs(command, {
          JOB_COMPLETION_INDEX: String(k),
          SHARD_COUNT: '2',
          COMMAND: manifestEnv(text, 'COMMAND'),
        });
      const m = merge(join(dir, 'evaluate-0-of-2.jsonl'), join(dir, 'evaluate-1-of-2.jsonl'));
      expect(m.code, m.stderr).toBe(0);
      expect(results(onlyJsonObject(m.stdout))).toEqual(results(single));
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'the Slurm array script: SLURM_ARRAY_TASK_ID from the array start, merged',
    () => {
      const text = readFileSync('deploy/slurm/evaluate-array.sh', 'utf8');
      const [, lo, hi] = /#SBATCH --array=(\d+)-(\d+)/.exec(text)!;
      expect(text).toContain(`SHARD_COUNT=\${SHARD_COUNT:-${Number(hi) - Number(lo) + 1}}`);
      rmSync(join(dir, 'evaluate-0-of-2.jsonl'));
      rmSync(join(dir, 'evaluate-1-of-2.jsonl'));
      // An array numbered from 5, as a user may write --array=5-6: the index counts from its start.
      for (const id of [5, 6])
        runAs(['bash', 'deploy/slurm/evaluate-array.sh'], {
          SLURM_ARRAY_TASK_ID: String(id),
          SLURM_ARRAY_TASK_MIN: '5',
          SHARD_COUNT: '2',
        });
      const m = merge(join(dir, 'evaluate-0-of-2.jsonl'), join(dir, 'evaluate-1-of-2.jsonl'));
      expect(m.code, m.stderr).toBe(0);
      expect(results(onlyJsonObject(m.stdout))).toEqual(results(single));
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
