/**
 * `queue work`: N queue workers (one per thread, each its own tfjs backend), a progress line per
 * event, and a clean stop on SIGTERM or Ctrl-C: every job in hand goes back to the queue.
 */
import { Worker as Thread } from 'node:worker_threads';
import { KindedError } from '../../core/errors';
import { log } from '../context';
import { drain, type DrainEvent, type DrainOptions, type DrainStats } from './drain';
import type { RedisTarget } from './redis-url';
import { connectOnce } from './runs';
import type { FromWorkThread } from './work-thread';

export async function workQueue(
  target: RedisTarget,
  opts: DrainOptions & { concurrency: number },
): Promise<Record<string, unknown>> {
  // A wrong address is said at once, not after the first retries.
  (await connectOnce(target)).disconnect();
  const started = performance.now();
  const total: DrainStats = { done: 0, failed: 0, returned: 0 };
  let running = 0;
  const say = (e: DrainEvent) => {
    if (e.type === 'redis') {
      log(`queue: ${e.message}`);
      return;
    }
    if (e.type === 'start') running++;
    else running--;
    if (e.type === 'done') total.done++;
    if (e.type === 'failed' && e.final) total.failed++;
    if (e.type === 'returned') total.returned++;
    const what =
      e.type === 'start'
        ? 'started'
        : e.type === 'done'
          ? `done in ${e.seconds.toFixed(1)} s (${e.success ? 'success' : 'no success'})`
          : e.type === 'returned'
            ? 'handed back to the queue'
            : `failed${e.final ? '' : ', to be retried'}: ${e.message}`;
    log(
      `queue: run ${e.runId} image ${e.image} ${what} · here: ${total.done} done, ${total.failed} failed, ${running} running`,
    );
  };
  const stop = new AbortController();
  const onSignal = (name: string) => () => {
    if (stop.signal.aborted) return;
    log(`queue: ${name}: handing the jobs in hand back to the queue, then stopping`);
    stop.abort();
  };
  const onTerm = onSignal('SIGTERM');
  const onInt = onSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  log(
    `queue: working on ${target.shown} with ${opts.concurrency} job${opts.concurrency === 1 ? '' : 's'} at once${opts.exitWhenIdle ? ', until the queue is idle' : ''}`,
  );
  try {
    if (opts.concurrency === 1) await drain(target, opts, stop.signal, say);
    else
      await Promise.all(
        Array.from(
          { length: opts.concurrency },
          () =>
            new Promise<void>((resolve, reject) => {
              const t = new Thread(new URL('../threads/boot.mjs', import.meta.url), {
                workerData: { target, opts, entry: new URL('./work-thread.ts', import.meta.url).href },
              });
              stop.signal.addEventListener(
                'abort',
                () => {
                  t.postMessage({ type: 'stop' });
                },
                { once: true },
              );
              t.on('message', (m: FromWorkThread) => {
                if (m.type === 'event') say(m.event);
                else if (m.type === 'finished') resolve();
                else {
                  stop.abort(); // one thread's failure (e.g. Redis gone too long) stops them all
                  reject(new KindedError(m.kind === 'io' ? 'io' : 'failure', m.message));
                }
              });
              t.on('error', (e) => {
                stop.abort();
                reject(new Error(`a queue worker thread failed: ${e.message}`));
              });
              t.on('exit', () => {
                resolve();
              });
            }),
        ),
      );
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  }
  return {
    done: total.done,
    failed: total.failed,
    returned: total.returned,
    stoppedBy: stop.signal.aborted ? 'signal' : 'idle',
    seconds: (performance.now() - started) / 1000,
  };
}
