/**
 * The job queue's layout in Redis: one BullMQ queue for every run, one job per image (id
 * `<run>.<image>`, data {runId, image}), and a record per run (`minmax-lab:run:<id>`) holding what
 * a shard file's header holds: the command, its flags, the image count and the submitter's versions.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { KindedError } from '../../core/errors';
import type { ParsedFlags } from '../args';
import type { RedisTarget } from './redis-url';

export const QUEUE_NAME = 'minmax-lab';
/** Attempts per job: a job that throws is retried with a growing delay, then counted as failed. */
export const JOB_ATTEMPTS = 3;

export interface RunRecord {
  command: string;
  flags: ParsedFlags;
  images: number;
  versions: Record<string, string>;
  context: Record<string, unknown>;
}

export interface JobData {
  runId: string;
  image: number;
}

export interface JobResult {
  outcome: Record<string, unknown>;
  seconds: number;
  versions: Record<string, string>;
}

export const runKey = (runId: string) => `minmax-lab:run:${runId}`;
export const jobId = (runId: string, image: number) => `${runId}.${image}`;

/** ioredis options for BullMQ (which needs maxRetriesPerRequest null on its blocking connections). */
export function connectionOf(t: RedisTarget): RedisOptions {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    ...(t.username === undefined ? {} : { username: t.username }),
    ...(t.password === undefined ? {} : { password: t.password }),
    ...(t.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

const reason = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));

/**
 * A client for one-shot commands (submit, status, collect): it fails at once, with the address, when
 * Redis cannot be reached, instead of retrying forever as a worker's connection does.
 */
export async function connectOnce(t: RedisTarget): Promise<Redis> {
  const client = new Redis({
    ...connectionOf(t),
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // reported through connect() below
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    client.disconnect();
    throw new KindedError('io', `cannot reach Redis at ${t.shown}: ${reason(e)}`);
  }
  return client;
}

/** A Redis command that fails because Redis went away says so, with the address. */
export async function redisCall<T>(t: RedisTarget, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof KindedError) throw e;
    throw new KindedError('io', `lost Redis at ${t.shown} while ${what}: ${reason(e)}`);
  }
}

export async function readRun(client: Redis, runId: string): Promise<RunRecord | null> {
  const text = await client.get(runKey(runId));
  if (text === null) return null;
  try {
    return JSON.parse(text) as RunRecord;
  } catch {
    throw new KindedError('invalid-input', `the record of run ${runId} in Redis is not JSON`);
  }
}
