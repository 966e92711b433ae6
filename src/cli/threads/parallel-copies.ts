/**
 * The augmentation experiment's attacked copies spread over Node worker threads, one tfjs backend
 * each: a MINE-UAE is a long chain of small kernels on one core, so on a multi-core machine threads
 * are the cheapest speed-up. Batches go to whichever thread is free; since every image draws from its
 * own generator, the copies are identical to a single-threaded run.
 */
import { Worker } from 'node:worker_threads';
import type { HeadlessBackend } from '../../core/backend';
import type { CopyAttacker, CopyBatchResult } from '../../core/experiments/attack-copies';
import type { CopiesWorkerData, FromWorker, ToWorker } from './copies-protocol';

export function parallelCopies(threads: number, backend: HeadlessBackend): CopyAttacker {
  return async (req) => {
    const n = req.images.length / req.pixels;
    const starts: number[] = [];
    for (let s = 0; s < n; s += req.generateBatch) starts.push(s);
    const weights = await Promise.all(
      req.parts.model.getWeights().map(async (w) => ({ shape: w.shape, values: (await w.data()) as Float32Array })),
    );
    const workerData: Omit<CopiesWorkerData, 'entry'> = { backend, kind: req.parts.kind, weights, method: req.method, attack: req.attack };
    const copies = new Float32Array(req.images.length);
    const result: CopyBatchResult = { copies, successes: 0, cancelled: false };
    const fraction = new Map<number, number>();
    let finished = 0;
    let next = 0;
    const workers: Worker[] = [];

    const countOf = (start: number) => Math.min(req.generateBatch, n - start);
    const done = () => finished + [...fraction.entries()].reduce((a, [s, f]) => a + f * countOf(s), 0);

    try {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const fail = (e: Error) => {
          if (settled) return;
          settled = true;
          reject(e);
        };
        const abort = () => {
          if (settled) return;
          settled = true;
          result.cancelled = true;
          resolve();
        };
        if (req.signal?.aborted) {
          abort();
          return;
        }
        req.signal?.addEventListener('abort', abort, { once: true });
        let busy = 0;
        const feed = (w: Worker) => {
          if (settled) return;
          if (next >= starts.length) {
            w.postMessage({ type: 'close' } satisfies ToWorker);
            if (busy === 0) {
              settled = true;
              resolve();
            }
            return;
          }
          const start = starts[next++]!;
          const count = countOf(start);
          busy += 1;
          const images = req.images.slice(start * req.pixels, (start + count) * req.pixels);
          const ids = Array.from({ length: count }, (_, i) => start + i);
          w.postMessage({ type: 'batch', start, ids, images } satisfies ToWorker, [images.buffer]);
        };
        const count = Math.max(1, Math.min(threads, starts.length));
        for (let i = 0; i < count; i++) {
          const w = new Worker(new URL('./boot.mjs', import.meta.url), {
            workerData: { ...workerData, entry: new URL('./copies-worker.ts', import.meta.url).href },
          });
          workers.push(w);
          w.on('message', (m: FromWorker) => {
            if (m.type === 'ready') feed(w);
            else if (m.type === 'progress') {
              fraction.set(m.start, m.fraction);
              void req.onProgress(done());
            } else if (m.type === 'done') {
              busy -= 1;
              fraction.delete(m.start);
              copies.set(m.copies, m.start * req.pixels);
              result.successes += m.successes;
              finished += countOf(m.start);
              void req.onProgress(done());
              feed(w);
            } else {
              fail(new Error(`a copy-making thread failed: ${m.message}`));
            }
          });
          w.on('error', (e) => { fail(new Error(`a copy-making thread failed: ${e.message}`)); });
          w.on('exit', (code) => {
            if (code !== 0) fail(new Error(`a copy-making thread exited with code ${code}`));
          });
        }
      });
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return result;
  };
}
