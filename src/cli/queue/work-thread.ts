/** One of `queue work --concurrency N`'s threads: a queue worker on its own tfjs backend. */
import { parentPort, workerData } from 'node:worker_threads';
import { drain, type DrainOptions, type DrainStats, type DrainEvent } from './drain';
import type { RedisTarget } from './redis-url';

export type FromWorkThread =
  | { type: 'event'; event: DrainEvent }
  | { type: 'finished'; stats: DrainStats }
  | { type: 'failed'; message: string; kind: string };

const port = parentPort!;
const { target, opts } = workerData as { target: RedisTarget; opts: DrainOptions };
const stop = new AbortController();
// The only message a work thread is sent: stop.
port.on('message', () => {
  stop.abort();
});
const send = (m: FromWorkThread) => {
  port.postMessage(m);
};
drain(target, opts, stop.signal, (event) => {
  send({ type: 'event', event });
}).then(
  (stats) => {
    send({ type: 'finished', stats });
    port.close();
  },
  (e: unknown) => {
    const kind =
      typeof e === 'object' && e !== null && 'kind' in e ? String((e as { kind: unknown }).kind) : 'failure';
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e), kind });
    port.close();
  },
);
