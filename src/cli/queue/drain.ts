/**
 * One queue worker: takes a job, attacks its image, stores the result, takes the next. Stopped (SIGTERM),
 * it cancels the attack in hand and hands the job back to the queue (not failed, not an attempt); if
 * it is killed instead, the job's lock runs out and another worker takes the job again. A result is
 * stored once per job id, and every image's result is the same whoever computes it.
 */
import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { attackSample, sampleOutcome } from '../../core/attacks/evaluate';
import type { AttackMethod } from '../../core/attacks/options';
import { initBackend } from '../../core/backend';
import { toFloatBatch } from '../../core/data/dataset';
import { KindedError } from '../../core/errors';
import {
  disposeClassifier,
  wrapClassifier,
  type AttackedClassifier,
} from '../../core/models/attacked-classifier';
import { attackConfig, type AttackConfig } from '../attack-flags';
import { loadModel, mnistTest, versions } from '../context';
import type { RedisTarget } from './redis-url';
import { connectionOf, QUEUE_NAME, readRun, type JobData, type JobResult } from './runs';

export interface DrainOptions {
  exitWhenIdle: boolean;
  lockSeconds: number;
  redisWaitSeconds: number;
}

export type DrainEvent =
  | { type: 'start'; runId: string; image: number }
  | { type: 'done'; runId: string; image: number; seconds: number; success: boolean }
  | { type: 'failed'; runId: string; image: number; message: string; final: boolean }
  | { type: 'returned'; runId: string; image: number }
  | { type: 'redis'; up: boolean; message: string };

export interface DrainStats {
  done: number;
  failed: number;
  returned: number;
}

interface RunContext {
  cfg: AttackConfig;
  clf: AttackedClassifier;
  dispose: () => void;
}

const reason = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));
const macrotask = () => new Promise<void>((r) => setImmediate(r));

export async function drain(
  target: RedisTarget,
  opts: DrainOptions,
  stop: AbortSignal,
  onEvent: (e: DrainEvent) => void,
): Promise<DrainStats> {
  const stats: DrainStats = { done: 0, failed: 0, returned: 0 };
  const store = new Redis({ ...connectionOf(target), maxRetriesPerRequest: 1, enableOfflineQueue: false });
  store.on('error', () => undefined); // outages are seen by the probe below
  const contexts = new Map<string, Promise<RunContext>>();
  let backend: string | null = null;
  const disposeAll = () => {
    for (const c of contexts.values())
      c.then(
        (o) => {
          o.dispose();
        },
        () => undefined,
      );
    contexts.clear();
  };
  const load = async (runId: string): Promise<RunContext> => {
    const run = await readRun(store, runId);
    if (run === null)
      throw new KindedError('invalid-input', `job of run ${runId}, but the run's record is gone`);
    const cfg = attackConfig(run.flags);
    if (backend !== cfg.backend) {
      // A run on another backend: the models built on the old one go with it.
      disposeAll();
      await initBackend(cfg.backend);
      backend = cfg.backend;
    }
    const { model } = await loadModel(cfg.model);
    const clf = wrapClassifier(model);
    return {
      cfg,
      clf,
      dispose: () => {
        disposeClassifier(clf);
        model.dispose();
      },
    };
  };
  const contextOf = (runId: string): Promise<RunContext> => {
    const known = contexts.get(runId);
    if (known !== undefined) return known;
    const made = load(runId);
    made.catch(() => contexts.delete(runId));
    contexts.set(runId, made);
    return made;
  };

  /** The attack in hand's cancel, and what the watch below found (read after awaits, so in one object). */
  const live = {
    inHand: null as AbortController | null,
    downSince: null as number | null,
    failure: null as KindedError | null,
    idle: false,
  };
  const process = async (job: Job<JobData, JobResult>, token?: string): Promise<JobResult> => {
    const { runId, image } = job.data;
    const ctx = await contextOf(runId);
    const set = await mnistTest();
    const controller = new AbortController();
    live.inHand = controller;
    onEvent({ type: 'start', runId, image });
    const began = performance.now();
    let lastYield = began;
    try {
      const one = await attackSample(
        ctx.cfg.method as AttackMethod,
        ctx.clf,
        { x: toFloatBatch(set.images, [image]), label: set.labels[image]! },
        image,
        ctx.cfg.options,
        {
          fairMi: ctx.cfg.fairMi,
          signal: controller.signal,
          // The job's lock is renewed by a timer: an attack must let timers run.
          onIteration: async () => {
            if (performance.now() - lastYield < 200) return;
            lastYield = performance.now();
            await macrotask();
          },
        },
      );
      if (controller.signal.aborted) {
        await job.moveToWait(token);
        stats.returned++;
        onEvent({ type: 'returned', runId, image });
        throw new WaitingError();
      }
      const outcome = one.result ?? one.diverged;
      return {
        outcome: { ...sampleOutcome(outcome) },
        seconds: (performance.now() - began) / 1000,
        versions: versions(),
      };
    } finally {
      live.inHand = null;
    }
  };

  const worker = new Worker<JobData, JobResult>(QUEUE_NAME, process, {
    connection: connectionOf(target),
    concurrency: 1,
    lockDuration: opts.lockSeconds * 1000,
    stalledInterval: opts.lockSeconds * 1000,
    maxStalledCount: 5,
  });
  worker.on('completed', (job, r) => {
    stats.done++;
    onEvent({
      type: 'done',
      runId: job.data.runId,
      image: job.data.image,
      seconds: r.seconds,
      success: r.outcome.success === true,
    });
  });
  worker.on('failed', (job, e) => {
    if (job === undefined) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) stats.failed++;
    onEvent({ type: 'failed', runId: job.data.runId, image: job.data.image, message: reason(e), final });
  });
  worker.on('error', () => undefined); // connection errors: the probe reports outages once

  const queue = new Queue(QUEUE_NAME, { connection: connectionOf(target) });
  queue.on('error', () => undefined);
  // Every second: is Redis there (and for how long has it not been), and is there work left?
  const watch = setInterval(() => {
    void (async () => {
      try {
        await store.ping();
        if (live.downSince !== null)
          onEvent({ type: 'redis', up: true, message: `Redis at ${target.shown} is back` });
        live.downSince = null;
        if (opts.exitWhenIdle && live.inHand === null) {
          const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
          live.idle = Object.values(c).every((v) => v === 0);
        }
      } catch (e) {
        if (live.downSince === null) {
          live.downSince = Date.now();
          onEvent({
            type: 'redis',
            up: false,
            message: `lost Redis at ${target.shown} (${reason(e)}); waiting up to ${opts.redisWaitSeconds} s for it`,
          });
        } else if (Date.now() - live.downSince > opts.redisWaitSeconds * 1000) {
          live.failure = new KindedError(
            'io',
            `Redis at ${target.shown} was unreachable for ${opts.redisWaitSeconds} s; the jobs not done stay in the queue: start workers again when it is back`,
          );
        }
      }
    })();
  }, 1000);
  try {
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (stop.aborted || live.idle || live.failure !== null) {
          clearInterval(check);
          resolve();
        }
      }, 100);
    });
    live.inHand?.abort();
    if (live.failure !== null) {
      await worker.close(true);
      throw live.failure;
    }
    await worker.close();
    return stats;
  } finally {
    clearInterval(watch);
    await queue.close().catch(() => undefined);
    store.disconnect();
    disposeAll();
  }
}
