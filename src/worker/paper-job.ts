/**
 * The Paper view's job in the worker: one `reproduce` experiment of the core, on the engine's
 * backend, with the shipped MNIST files and a fresh copy of the shipped classifier. Progress goes out
 * throttled (a finished unit always goes out); the record and its figures go out at the end, also
 * when cancelled (then partial, with the state a resume continues from).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {
  renderFiguresOf,
  renderMarkdownOf,
  renderTableOf,
  runReproduction,
} from '../core/experiments/reproduce';
import type { ReproduceEnv, ReproduceState } from '../core/experiments/reproduce/types';
import { classifierUrl } from './classifier';
import { loadPackedFile } from './experiment';
import type { BackendName } from './protocol';
import type { EvidenceToUi } from './protocol-evidence';
import type { PaperStartMessage, PaperToUi } from './protocol-paper';

/** Inner progress (a phase of an autoencoder's unit) goes out at most this often. */
const PROGRESS_MS = 150;

export type PaperPost = (message: EvidenceToUi | PaperToUi) => void;

/** The host the core's experiments need, in the worker. */
export function workerEnv(backend: BackendName): ReproduceEnv {
  return {
    backend,
    testSet: () => loadPackedFile('mnist-test.bin'),
    trainSet: () => loadPackedFile('mnist-train.bin'),
    loadClassifier: () => tfl.loadLayersModel(classifierUrl()),
  };
}

export async function executePaper(
  msg: PaperStartMessage,
  backend: BackendName,
  signal: AbortSignal,
  post: PaperPost,
): Promise<void> {
  const started = performance.now();
  const { jobId } = msg;
  let last = -Infinity;
  let lastDone = -1;
  let latest: ReproduceState | null = msg.resume;
  const record = await runReproduction(
    msg.name,
    msg.scale,
    workerEnv(backend),
    { seed: msg.seed, ...(msg.resume === null ? {} : { resume: msg.resume }) },
    {
      signal,
      onProgress: (progress) => {
        const now = performance.now();
        if (progress.done === lastDone && now - last < PROGRESS_MS) return;
        last = now;
        lastDone = progress.done;
        post({ type: 'paper-progress', jobId, progress });
      },
      onState: (s) => {
        latest = s;
      },
    },
  );
  post({
    type: 'paper-result',
    jobId,
    record,
    figures: renderFiguresOf(record),
    table: renderTableOf(record),
    markdown: renderMarkdownOf(record),
    state: record.complete ? null : latest,
  });
  post({
    type: 'job-done',
    jobId,
    cancelled: !record.complete,
    seconds: (performance.now() - started) / 1000,
    backend,
  });
}
