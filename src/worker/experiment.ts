/**
 * The augmentation experiment in the worker: loads the shipped MNIST train and test files, runs the
 * core's runAugmentation under an AbortSignal, and streams its progress (throttled) to the UI.
 */
import type { ImageSet } from '../core/data/dataset';
import { parsePacked } from '../core/data/packed';
import { parseMethods, runAugmentation, type AugmentResult } from '../core/experiments/augmentation';
import type { ExperimentConfig, ExperimentPhase, ExperimentResult, WorkerToUi } from './protocol';
import { IMAGE_PIXELS } from './protocol';
import { yieldToEvents } from './yield';

type Post = (message: WorkerToUi, transfer?: Transferable[]) => void;

/** Progress goes out at most this often within one phase (a phase change always goes out). */
const PROGRESS_MS = 150;

function dataUrl(file: string): string {
  return new URL(`${import.meta.env.BASE_URL}data/${file}`, self.location.origin).href;
}

const files = new Map<string, Promise<ImageSet>>();

/** A shipped MNIST file (public/data), fetched once per worker; the Paper view's jobs read it too. */
export function loadPackedFile(file: 'mnist-train.bin' | 'mnist-test.bin'): Promise<ImageSet> {
  let loading = files.get(file);
  if (loading === undefined) {
    loading = fetch(dataUrl(file)).then(async (response) => {
      if (!response.ok) throw new Error(`data/${file} did not load (HTTP ${response.status})`);
      return parsePacked(await response.arrayBuffer());
    });
    loading.catch(() => files.delete(file));
    files.set(file, loading);
  }
  return loading;
}

/** The first `count` images as floats in [0, 1]. */
function firstImages(bytes: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count * IMAGE_PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

/** The core's result as the protocol's plain record (attack options flattened to scalars). */
export function toExperimentResult(r: AugmentResult, cfg: ExperimentConfig): ExperimentResult {
  const attack: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(r.attack as unknown as Record<string, unknown>)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attack[k] = v;
  }
  return {
    ae: cfg.ae,
    train: r.train,
    epochs: r.epochs,
    seed: r.seed,
    backend: r.backend,
    testCount: r.testCount,
    original: r.original,
    originalTrainSeconds: r.originalTrainSeconds,
    results: r.results.map((m) => ({ ...m })),
    seconds: r.seconds,
    cancelled: r.cancelled,
    attack,
  };
}

export async function executeExperiment(
  experimentId: number,
  cfg: ExperimentConfig,
  signal: AbortSignal,
  post: Post,
): Promise<void> {
  let lastPhase = '';
  let lastPost = -Infinity;
  const progress = async (
    phase: ExperimentPhase,
    method: string | null,
    done: number,
    total: number,
    message: string,
  ): Promise<void> => {
    const key = `${phase}:${method ?? ''}`;
    const now = performance.now();
    if (key !== lastPhase || done >= total || now - lastPost >= PROGRESS_MS) {
      post({ type: 'experiment-progress', experimentId, phase, method, done, total, message });
      lastPhase = key;
      lastPost = now;
    }
    // Lets a cancel in between batches and attack iterations.
    await yieldToEvents();
  };

  await progress('load', null, 0, 2, 'loading the MNIST training and test images');
  const [train, test] = await Promise.all([
    loadPackedFile('mnist-train.bin'),
    loadPackedFile('mnist-test.bin'),
  ]);
  if (cfg.train > train.count)
    throw new RangeError(`the shipped training file holds ${train.count} images; asked for ${cfg.train}`);
  if (cfg.testCount > test.count)
    throw new RangeError(`the shipped test file holds ${test.count} images; asked for ${cfg.testCount}`);
  await progress('load', null, 2, 2, `loaded ${train.count} training and ${test.count} test images`);

  const result = await runAugmentation(
    {
      kind: cfg.ae,
      train: cfg.train,
      epochs: cfg.epochs,
      seed: cfg.seed,
      methods: parseMethods(cfg.methods.join(',')),
      attack: { iters: cfg.iters, mineSteps: cfg.mineSteps, seed: cfg.seed },
      testCount: cfg.testCount,
    },
    {
      trainImages: firstImages(train.images, cfg.train),
      trainCount: cfg.train,
      testImages: firstImages(test.images, cfg.testCount),
      testCount: cfg.testCount,
    },
    {
      signal,
      onProgress: (p) => progress(p.phase, p.method, p.done, p.total, p.message),
    },
  );
  post({ type: 'experiment-done', experimentId, result: toExperimentResult(result, cfg) });
}
