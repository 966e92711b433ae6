/**
 * The augmentation experiment's attacked copies spread over Node worker threads, one tfjs backend
 * each: a MINE-UAE is a long chain of small kernels on one core, so on a multi-core machine threads
 * are the cheapest speed-up. Batches go to whichever thread is free; since every image draws from its
 * own generator, the copies are identical to a single-threaded run.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HeadlessBackend } from '../../core/backend';
import { batchRanges, type CopyAttacker, type CopyBatchResult } from '../../core/experiments/attack-copies';
import type { CopiesWorkerData, FromWorker, ToWorker } from './copies-protocol';

/** Threads when none are asked for: the cores, at most 8. */
export function defaultThreads(): number {
  return Math.min(8, availableParallelism());
}

type Done = Extract<FromWorker, { type: 'done' }>;

/**
 * One copy-making thread, one request at a time: `ready` settles when it has built its autoencoder,
 * `attack` when it has made a batch's copies; both reject once the thread fails.
 */
function startThread(
  data: Omit<CopiesWorkerData, 'entry'>,
  onProgress: (start: number, fraction: number) => void,
) {
  const worker = new Worker(new URL('./boot.mjs', import.meta.url), {
    workerData: { ...data, entry: new URL('./copies-worker.ts', import.meta.url).href },
  });
  let fail!: (e: Error) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined); // seen by whoever awaits the thread next
  let reply: ((m: FromWorker) => void) | null = null;
  /** The thread's next 'ready' or 'done'. */
  const next = () =>
    Promise.race([
      new Promise<FromWorker>((resolve) => {
        reply = resolve;
      }),
      failed,
    ]);
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'progress') onProgress(m.start, m.fraction);
    else if (m.type === 'failed') fail(new Error(`a copy-making thread failed: ${m.message}`));
    else reply?.(m);
  });
  worker.on('error', (e) => {
    fail(new Error(`a copy-making thread failed: ${e.message}`));
  });
  worker.on('exit', (code) => {
    if (code !== 0) fail(new Error(`a copy-making thread exited with code ${code}`));
  });
  return {
    worker,
    ready: next(),
    attack: async (start: number, ids: number[], images: Float32Array<ArrayBuffer>): Promise<Done> => {
      const done = next();
      worker.postMessage({ type: 'batch', start, ids, images } satisfies ToWorker, [images.buffer]);
      return (await done) as Done;
    },
    close: () => {
      worker.postMessage({ type: 'close' } satisfies ToWorker);
    },
  };
}

export function parallelCopies(threads: number, backend: HeadlessBackend): CopyAttacker {
  return async (req) => {
    const n = req.images.length / req.pixels;
    const batches = batchRanges(n, req.generateBatch);
    const weights = await Promise.all(
      req.parts.model
        .getWeights()
        .map(async (w) => ({ shape: w.shape, values: (await w.data()) as Float32Array })),
    );
    const data: Omit<CopiesWorkerData, 'entry'> = {
      backend,
      kind: req.parts.kind,
      weights,
      method: req.method,
      attack: req.attack,
    };
    const copies = new Float32Array(req.images.length);
    const result: CopyBatchResult = { copies, successes: 0, cancelled: false };
    if (req.signal?.aborted) return { ...result, cancelled: true };

    /** Fraction done of each batch in flight, by start. */
    const fraction = new Map<number, number>();
    let finished = 0;
    let next = 0;
    let stopped = false;
    const countOf = (start: number) => batches[start / req.generateBatch]!.count;
    const report = () => {
      if (stopped) return;
      void req.onProgress(finished + [...fraction.entries()].reduce((a, [s, f]) => a + f * countOf(s), 0));
    };
    const onProgress = (start: number, f: number) => {
      fraction.set(start, f);
      report();
    };

    let onAbort: () => void = () => undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
    });
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const threadsStarted = Array.from({ length: Math.max(1, Math.min(threads, batches.length)) }, () =>
      startThread(data, onProgress),
    );
    // Each thread takes the next batch nobody has taken until none is left.
    const loop = async (t: ReturnType<typeof startThread>) => {
      await t.ready;
      while (!stopped && next < batches.length) {
        const { start, count } = batches[next++]!;
        const images = req.images.slice(start * req.pixels, (start + count) * req.pixels);
        const m = await t.attack(
          start,
          Array.from({ length: count }, (_, i) => start + i),
          images,
        );
        fraction.delete(start);
        copies.set(m.copies, start * req.pixels);
        result.successes += m.successes;
        finished += count;
        report();
      }
      t.close();
    };
    try {
      await Promise.race([
        Promise.all(threadsStarted.map(loop)),
        aborted.then(() => {
          result.cancelled = true;
        }),
      ]);
    } finally {
      stopped = true;
      req.signal?.removeEventListener('abort', onAbort);
      await Promise.all(threadsStarted.map((t) => t.worker.terminate()));
    }
    return result;
  };
}
