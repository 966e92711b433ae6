/**
 * Per-image work spread over Node worker threads, one tfjs backend each: the next image goes to
 * whichever thread is free. Every image draws from its own generator (seed + index), so the results
 * are those of one thread; only their order of arrival differs, and callers place them by index.
 */
import { Worker } from 'node:worker_threads';

export type ToImageWorker = { type: 'image'; index: number } | { type: 'close' };
export type FromImageWorker<R> =
  { type: 'ready' } | { type: 'done'; index: number; result: R } | { type: 'failed'; message: string };

/**
 * Runs `images` on `threads` threads of `entry` (a module under src/, started through boot.mjs with
 * `data` as its workerData); `onResult` hears each image as it ends. A thread's failure stops the
 * pool and rejects with its message. Each result is what the entry sent (the caller knows its type).
 */
export async function runImagePool(
  threads: number,
  entry: URL,
  data: Record<string, unknown>,
  images: readonly number[],
  onResult: (index: number, result: unknown) => void,
): Promise<void> {
  let next = 0;
  let stopped = false;
  const workers: Worker[] = [];
  const run = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const give = () => {
        if (stopped || next >= images.length) {
          worker.postMessage({ type: 'close' } satisfies ToImageWorker);
          resolve();
          return;
        }
        worker.postMessage({ type: 'image', index: images[next++]! } satisfies ToImageWorker);
      };
      worker.on('message', (m: FromImageWorker<unknown>) => {
        if (m.type === 'failed') reject(new Error(`a worker thread failed: ${m.message}`));
        else {
          if (m.type === 'done') onResult(m.index, m.result);
          give();
        }
      });
      worker.on('error', (e) => {
        reject(new Error(`a worker thread failed: ${e.message}`));
      });
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`a worker thread exited with code ${code}`));
      });
    });
  const count = Math.max(1, Math.min(threads, images.length));
  try {
    await Promise.all(
      Array.from({ length: count }, () => {
        const w = new Worker(new URL('./boot.mjs', import.meta.url), {
          workerData: { ...data, entry: entry.href },
        });
        workers.push(w);
        return run(w);
      }),
    );
  } finally {
    stopped = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
