/**
 * The BullMQ job queue against a real Redis: three workers drain a run while one is killed with
 * SIGKILL mid-job, a SIGTERM hands the job in hand back, Redis going away stops a worker with a clear
 * error and the run goes on when it is back; every time, `queue collect` prints exactly what one
 * `evaluate` process prints (timing aside).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, CLI_TEST_TIMEOUT_MS, onlyJsonObject, SPAWN_TIMEOUT_MS } from './testing/spawn-cli';
import { freePort, startRedis, type RedisServer } from './testing/redis-server';

const FLAGS = [
  '--n',
  '4',
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
const dir = mkdtempSync(join(tmpdir(), 'minmax-queue-'));
let redis: RedisServer;
let single: Record<string, unknown>;

const results = (r: Record<string, unknown>) => {
  const { seconds, msPerIter, ...rest } = r;
  expect(typeof seconds).toBe('number');
  expect(typeof msPerIter).toBe('number');
  return rest;
};

interface Running {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** A `queue work` process, its output kept as it comes. */
function worker(...extra: string[]): Running {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'queue',
      'work',
      '--redis',
      redis.url,
      '--concurrency',
      '1',
      '--lock-seconds',
      '3',
      '--json',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return { child, stderr: () => err, stdout: () => out, exited };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + SPAWN_TIMEOUT_MS;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const queue = (...args: string[]) => cli(['queue', ...args, '--redis', redis.url, '--json']);
const status = (runId: string) => onlyJsonObject(queue('status', '--run-id', runId).stdout);

function collected(runId: string) {
  const r = queue('collect', '--run-id', runId);
  expect(r.code, r.stderr).toBe(0);
  return results(onlyJsonObject(r.stdout));
}

beforeAll(async () => {
  redis = await startRedis(dir);
  const r = cli(['evaluate', ...FLAGS, '--threads', '1', '--json']);
  expect(r.code, r.stderr).toBe(0);
  single = onlyJsonObject(r.stdout);
  expect(single.asr).toBeGreaterThan(0);
}, CLI_TEST_TIMEOUT_MS);

afterAll(() => {
  redis.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('queue submit / work / status / collect', () => {
  it(
    'three workers, one killed with SIGKILL mid-job: every image done once in the result, equal to one process',
    async () => {
      const sub = queue('submit', 'evaluate', ...FLAGS, '--run-id', 'killed');
      expect(sub.code, sub.stderr).toBe(0);
      expect(onlyJsonObject(sub.stdout)).toEqual({ runId: 'killed', jobs: 4 });
      expect(status('killed')).toEqual({ total: 4, done: 0, failed: 0, active: 0, waiting: 4 });
      const [victim, ...others] = [worker(), worker('--exit-when-idle'), worker('--exit-when-idle')];
      await until('a job started by the first worker', () => victim.stderr().includes('started'));
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBeNull();
      const codes = await Promise.all(others.map((w) => w.exited));
      expect(codes, others.map((w) => w.stderr()).join('\n')).toEqual([0, 0]);
      expect(status('killed')).toEqual({ total: 4, done: 4, failed: 0, active: 0, waiting: 0 });
      expect(collected('killed')).toEqual(results(single));
      // The survivors did the killed worker's job again (its lock ran out): their counts add up.
      const done = others.map((w) => onlyJsonObject(w.stdout()).done as number);
      expect(done.reduce((a, b) => a + b, 0) + (victim.stderr().match(/ done in /g)?.length ?? 0)).toBe(4);
      // Submitting the same run again adds nothing; the same id with other flags is refused.
      expect(onlyJsonObject(queue('submit', 'evaluate', ...FLAGS, '--run-id', 'killed').stdout)).toEqual({
        runId: 'killed',
        jobs: 4,
      });
      expect(status('killed').done).toBe(4);
      const other = queue('submit', 'evaluate', ...FLAGS, '--seed', '9', '--run-id', 'killed');
      expect(other.code).toBe(2);
      expect(onlyJsonObject(other.stdout).error).toMatch(/run killed already exists with other flags/);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'SIGTERM hands the job in hand back to the queue (not failed, not lost), and the run finishes later',
    async () => {
      expect(queue('submit', 'evaluate', ...FLAGS, '--run-id', 'stopped').code).toBe(0);
      const w = worker();
      await until('a job started', () => w.stderr().includes('started'));
      w.child.kill('SIGTERM');
      expect(await w.exited, w.stderr()).toBe(0);
      expect(w.stderr()).toContain('handed back to the queue');
      const report = onlyJsonObject(w.stdout());
      expect(report).toMatchObject({ returned: 1, failed: 0, stoppedBy: 'signal' });
      const s = status('stopped');
      expect(s).toMatchObject({ total: 4, failed: 0, active: 0 });
      expect(s.done as number).toBe(report.done);
      expect(s.waiting as number).toBe(4 - (report.done as number));
      const rest = worker('--exit-when-idle');
      expect(await rest.exited, rest.stderr()).toBe(0);
      expect(collected('stopped')).toEqual(results(single));
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'Redis going away: the worker stops with a clear error; with Redis back the run resumes and completes',
    async () => {
      expect(queue('submit', 'evaluate', ...FLAGS, '--run-id', 'outage').code).toBe(0);
      const w = worker('--redis-wait', '4');
      await until('a job started', () => w.stderr().includes('started'));
      await redis.stop(); // saved: the queue comes back with the server
      expect(await w.exited).toBe(1);
      expect(w.stderr()).toMatch(/lost Redis at redis:\/\/127\.0\.0\.1:\d+/);
      expect(onlyJsonObject(w.stdout()).error).toMatch(
        /unreachable for 4 s; the jobs not done stay in the queue/,
      );
      // Meanwhile the one-shot commands say where they could not go.
      const down = queue('status', '--run-id', 'outage');
      expect(down.code).toBe(1);
      expect(onlyJsonObject(down.stdout)).toMatchObject({
        kind: 'io',
        error: expect.stringMatching(/cannot reach Redis at/) as unknown,
      });
      await redis.start();
      const rest = worker('--exit-when-idle');
      expect(await rest.exited, rest.stderr()).toBe(0);
      expect(status('outage')).toMatchObject({ total: 4, done: 4, failed: 0 });
      expect(collected('outage')).toEqual(results(single));
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'bad URLs, run ids and commands are refused before anything runs; an unfinished run is not collected',
    async () => {
      for (const [args, message] of [
        [['queue', 'status', '--redis', 'http://127.0.0.1:6379', '--run-id', 'x'], /scheme is 'http'/],
        [['queue', 'status', '--redis', 'redis://127.0.0.1:99999', '--run-id', 'x'], /not a URL|port/],
        [
          ['queue', 'status', '--redis', 'redis://127.0.0.1:6379/x', '--run-id', 'x'],
          /database must be a number/,
        ],
        [['queue', 'status', '--redis', redis.url, '--run-id', 'a b'], /--run-id must be/],
        [['queue', 'status', '--redis', redis.url], /--run-id is needed/],
        [['queue', 'submit', 'reproduce', '--redis', redis.url, '--run-id', 'x'], /not queued yet/],
      ] as const) {
        const r = cli([...args, '--json']);
        expect(r.code, r.stderr).toBe(2);
        expect(onlyJsonObject(r.stdout).error).toMatch(message);
      }
      const closed = await freePort();
      const r = cli(['queue', 'status', '--redis', `redis://127.0.0.1:${closed}`, '--run-id', 'x', '--json']);
      expect(r.code).toBe(1);
      expect(onlyJsonObject(r.stdout).error).toMatch(
        new RegExp(`cannot reach Redis at redis://127.0.0.1:${closed}`),
      );
      expect(queue('submit', 'evaluate', ...FLAGS, '--run-id', 'waiting').code).toBe(0);
      const early = queue('collect', '--run-id', 'waiting');
      expect(early.code).toBe(1);
      expect(onlyJsonObject(early.stdout).error).toMatch(/4 of 4 images are not done: 0 \(waiting\)/);
      const none = queue('status', '--run-id', 'nosuch');
      expect(none.code).toBe(2);
      expect(onlyJsonObject(none.stdout).error).toMatch(/no run nosuch/);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
