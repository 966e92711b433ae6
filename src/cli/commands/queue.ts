/**
 * `queue submit|work|status|collect`: a run's images as jobs on BullMQ (Redis), drained by any number
 * of `queue work` processes on any machines; `collect` prints what the one-process command prints.
 */
import { Queue } from 'bullmq';
import { KindedError } from '../../core/errors';
import type { SampleOutcome } from '../../core/attacks/evaluate';
import { UsageError, type FlagSpecs, type ParsedFlags } from '../args';
import { log, mnistTest, resolveModelPath, versions } from '../context';
import { identityFlags } from '../shard';
import { EVALUATE_COMMAND_FLAGS, evaluatePlan, evaluateReport } from './evaluate';
import { checkRunId, parseRedisUrl } from '../queue/redis-url';
import {
  connectionOf,
  connectOnce,
  JOB_ATTEMPTS,
  jobId,
  QUEUE_NAME,
  readRun,
  redisCall,
  runKey,
  type JobResult,
  type RunRecord,
} from '../queue/runs';
import { defaultThreads } from '../threads/parallel-copies';
import { workQueue } from '../queue/work';

const REDIS = {
  type: 'string' as const,
  default: 'redis://127.0.0.1:6379',
  help: 'the Redis server: redis://[user:password@]host[:port][/db], or rediss:// (TLS)',
};
const RUN_ID = {
  type: 'string' as const,
  help: 'the run: 1–64 letters, digits, - or _ (names its jobs and its record)',
};
const JSON_FLAG = { type: 'bool' as const, help: 'print one JSON object on stdout' };
const HELP = { type: 'bool' as const, help: 'this help' };

/** The commands whose images can be queued. */
const QUEUED = ['evaluate'] as const;

/** evaluate's flags but those that say how one process runs (a queued run's workers decide that). */
const EVALUATE_RUN_FLAGS: FlagSpecs = Object.fromEntries(
  Object.entries(EVALUATE_COMMAND_FLAGS).filter(([k]) => !['shard', 'out', 'threads'].includes(k)),
);

export const QUEUE_SUBMIT_FLAGS: FlagSpecs = { ...EVALUATE_RUN_FLAGS, redis: REDIS, 'run-id': RUN_ID };
export const QUEUE_STATUS_FLAGS: FlagSpecs = { redis: REDIS, 'run-id': RUN_ID, json: JSON_FLAG, help: HELP };
export const QUEUE_WORK_FLAGS: FlagSpecs = {
  redis: REDIS,
  concurrency: {
    type: 'int',
    default: defaultThreads(),
    min: 1,
    max: 64,
    help: 'jobs at once, each on its own worker thread and tfjs backend (default: the cores, at most 8)',
  },
  'exit-when-idle': { type: 'bool', help: 'exit when no job is waiting, delayed or running' },
  'lock-seconds': {
    type: 'int',
    default: 30,
    min: 2,
    max: 3600,
    help: "how long a job stays claimed by a worker that stops answering: a killed worker's job returns to the queue after this",
  },
  'redis-wait': {
    type: 'int',
    default: 300,
    min: 1,
    max: 86_400,
    help: 'seconds to wait for Redis when it goes away before giving up (the jobs left stay queued)',
  },
  json: JSON_FLAG,
  help: HELP,
};

function runIdOf(f: ParsedFlags): string {
  if (f['run-id'] === null) throw new UsageError('--run-id is needed (the run to submit, watch or collect)');
  return checkRunId(f['run-id'] as string);
}

export async function queueSubmit(f: ParsedFlags): Promise<Record<string, unknown>> {
  const command = f.command as string | null;
  if (command === null || !(QUEUED as readonly string[]).includes(command))
    throw new UsageError(
      `queue submit takes the command whose images become jobs: ${QUEUED.join('|')}${command === null ? '' : `, got '${command}'`} (reproduce and augment copies are not queued yet: use --threads or --shard)`,
    );
  const target = parseRedisUrl(f.redis as string);
  const runId = runIdOf(f);
  const { n } = evaluatePlan({ ...f, shard: null, out: null });
  const set = await mnistTest();
  if (n > set.count) throw new UsageError(`--n must be ≤ ${set.count}, got ${n}`);
  const model = resolveModelPath((f.model as string | null) ?? 'mnist-classifier').name;
  const record: RunRecord = {
    command,
    flags: identityFlags({ ...f, command: null }),
    images: n,
    versions: versions(),
    context: { model },
  };
  const client = await connectOnce(target);
  const queue = new Queue(QUEUE_NAME, { connection: connectionOf(target) });
  try {
    // A run id is claimed once; submitting the same run again only adds the jobs it lacks.
    const created = await redisCall(target, 'saving the run', () =>
      client.set(runKey(runId), JSON.stringify(record), 'NX'),
    );
    if (created === null) {
      const old = await readRun(client, runId);
      for (const key of ['command', 'flags', 'images'] as const)
        if (JSON.stringify(old?.[key]) !== JSON.stringify(record[key]))
          throw new UsageError(
            `run ${runId} already exists with other ${key} (${JSON.stringify(old?.[key])}); choose another --run-id`,
          );
    }
    await redisCall(target, 'adding the jobs', () =>
      queue.addBulk(
        Array.from({ length: n }, (_, image) => ({
          name: command,
          data: { runId, image },
          opts: {
            jobId: jobId(runId, image),
            attempts: JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: 2000 },
          },
        })),
      ),
    );
    log(`run ${runId}: ${n} jobs on ${target.shown} (queue ${QUEUE_NAME})`);
    return { runId, jobs: n };
  } finally {
    await queue.close();
    client.disconnect();
  }
}

type JobState =
  'completed' | 'failed' | 'active' | 'waiting' | 'delayed' | 'prioritized' | 'waiting-children' | 'unknown';

async function runStates(f: ParsedFlags) {
  const target = parseRedisUrl(f.redis as string);
  const runId = runIdOf(f);
  const client = await connectOnce(target);
  const queue = new Queue(QUEUE_NAME, { connection: connectionOf(target) });
  try {
    const run = await redisCall(target, 'reading the run', () => readRun(client, runId));
    if (run === null)
      throw new KindedError('invalid-input', `no run ${runId} on ${target.shown} (queue submit makes one)`);
    const states = await redisCall(target, 'reading the jobs', () =>
      Promise.all(
        Array.from({ length: run.images }, (_, i) => queue.getJobState(jobId(runId, i)) as Promise<JobState>),
      ),
    );
    return {
      target,
      runId,
      run,
      states,
      queue,
      close: async () => {
        await queue.close();
        client.disconnect();
      },
    };
  } catch (e) {
    await queue.close();
    client.disconnect();
    throw e;
  }
}

export async function queueStatus(f: ParsedFlags): Promise<Record<string, unknown>> {
  const { states, close } = await runStates(f);
  await close();
  const count = (...s: JobState[]) => states.filter((x) => s.includes(x)).length;
  return {
    total: states.length,
    done: count('completed'),
    failed: count('failed'),
    active: count('active'),
    waiting: count('waiting', 'delayed', 'prioritized', 'waiting-children'),
    ...(count('unknown') > 0 ? { missing: count('unknown') } : {}),
  };
}

export async function queueCollect(f: ParsedFlags): Promise<Record<string, unknown>> {
  const { target, runId, run, states, queue, close } = await runStates(f);
  try {
    const notDone = states.flatMap((s, i) => (s === 'completed' ? [] : [`${i} (${s})`]));
    if (notDone.length > 0)
      throw new KindedError(
        'failure',
        `run ${runId}: ${notDone.length} of ${run.images} images are not done: ${notDone.slice(0, 8).join(', ')}${notDone.length > 8 ? ', …' : ''} (queue status shows the counts; failed jobs: see the workers' logs)`,
      );
    const results = await redisCall(target, 'reading the results', () =>
      Promise.all(
        Array.from(
          { length: run.images },
          async (_, i) => (await queue.getJob(jobId(runId, i)))?.returnvalue as JobResult | undefined,
        ),
      ),
    );
    const first = results[0];
    const ran = first?.versions ?? run.versions;
    for (const [i, r] of results.entries()) {
      if (r === undefined || typeof r.outcome !== 'object')
        throw new KindedError('invalid-input', `run ${runId}: image ${i} has no result in Redis`);
      if (r.versions.app !== ran.app || r.versions.tfjs !== ran.tfjs)
        throw new KindedError(
          'invalid-input',
          `run ${runId}: image ${i} ran on app ${r.versions.app} / tfjs ${r.versions.tfjs}, image 0 on ${ran.app} / ${ran.tfjs}: the results may not be comparable`,
        );
    }
    const { cfg } = evaluatePlan({ ...run.flags, shard: null, out: null });
    const outcomes = results.map((r) => r!.outcome as unknown as SampleOutcome);
    const seconds = results.reduce((s, r) => s + r!.seconds, 0);
    const model = typeof run.context.model === 'string' ? run.context.model : String(run.flags.model);
    return evaluateReport(cfg, model, outcomes, seconds, ran);
  } finally {
    await close();
  }
}

export async function queueWork(f: ParsedFlags): Promise<Record<string, unknown>> {
  const target = parseRedisUrl(f.redis as string);
  return workQueue(target, {
    concurrency: f.concurrency as number,
    exitWhenIdle: f['exit-when-idle'] === true,
    lockSeconds: f['lock-seconds'] as number,
    redisWaitSeconds: f['redis-wait'] as number,
  });
}
