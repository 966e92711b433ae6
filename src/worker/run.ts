/**
 * One attack run inside the worker: resolves the settings, streams every iteration's scalars in
 * batches and throttled image frames, obeys pause/step/cancel, and ends with `done` or an error.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runAttack } from '../core/attacks/attack';
import { MinMaxRun } from '../core/attacks/minmax';
import { resolveOptions, type AttackOptions } from '../core/attacks/options';
import type { AttackResult, IterationRecord } from '../core/attacks/trace';
import type { AttackedClassifier } from '../core/models/attacked-classifier';
import { addDelta, imageView } from './image-view';
import type { BackendName, RunMessage, RunSummary, WorkerToUi } from './protocol';
import type { RunControl } from './run-control';
import { ScalarBatch } from './scalar-batch';
import { yieldToEvents } from './yield';

/** Scalars go out ~10 times a second, images at most that often: enough for the eye, cheap to post. */
const BATCH_MS = 100;
const FRAME_MS = 100;

export type Post = (message: WorkerToUi, transfer?: Transferable[]) => void;

/** A non-finite value from the engine: on a healthy backend f and (for MinMax) I are always finite. */
export class NonFiniteError extends Error {}

export function settingsToOptions(msg: RunMessage): AttackOptions {
  const { method, ...rest } = msg.settings;
  // δ of every iteration feeds the timeline; only MinMax exposes it per iteration.
  return resolveOptions({ ...rest, traceDeltaEvery: method === 'minmax' ? 1 : 0 });
}

function summary(r: AttackResult): RunSummary {
  return {
    success: r.success,
    cancelled: r.cancelled,
    firstSuccessIter: r.firstSuccessIter,
    miBest: r.miBest,
    predictedClean: r.predictedClean,
    predictedAdv: r.predictedAdv,
    linf: r.linf,
    l2: r.l2,
    f: r.f,
    itersRun: r.itersRun,
    msPerIter: r.msPerIter,
  };
}

export async function executeRun(
  msg: RunMessage,
  opts: AttackOptions,
  control: RunControl,
  clf: AttackedClassifier,
  backend: BackendName,
  post: Post,
): Promise<void> {
  const { runId, image } = msg;
  const method = msg.settings.method;
  const clean = await imageView(clf, image.pixels);
  const predictedClean = clean.probs.indexOf(Math.max(...clean.probs));
  const options: Record<string, string | number | boolean | null> = { method, ...opts };
  post({ type: 'run-started', runId, backend, predictedClean, clean, options }, [
    clean.probs.buffer,
    clean.maps.buffer,
  ]);
  post({ type: 'run-state', runId, state: control.state });

  const batch = new ScalarBatch();
  let lastBatch = performance.now();
  let lastFrame = -Infinity;
  let minmax: MinMaxRun | null = null;

  const flush = (): void => {
    if (batch.size === 0) return;
    const { records, deltas } = batch.take();
    post({ type: 'iterations', runId, records, deltas, numTensors: tf.memory().numTensors }, [deltas.buffer]);
    lastBatch = performance.now();
  };

  const frame = async (t: number, delta: Float32Array): Promise<void> => {
    const view = await imageView(clf, addDelta(image.pixels, delta));
    const permutation = Int32Array.from(minmax?.estimator.permutation ?? []);
    post({ type: 'frame', runId, t, view, permutation }, [
      view.probs.buffer,
      view.maps.buffer,
      permutation.buffer,
    ]);
    lastFrame = performance.now();
  };

  const onRecord = async (rec: IterationRecord, urgent: boolean): Promise<void> => {
    if (!Number.isFinite(rec.f) || (method !== 'pgd' && !Number.isFinite(rec.mi))) {
      throw new NonFiniteError(
        `iteration ${rec.t} produced a non-finite value (f = ${rec.f}, I = ${rec.mi})`,
      );
    }
    // The frame needs δ before the batch transfers it away.
    const delta = rec.delta === undefined ? undefined : rec.delta.slice();
    batch.add(rec);
    const now = performance.now();
    const frameDue = delta !== undefined && (urgent || now - lastFrame >= FRAME_MS);
    // A frame always follows the batch that holds its iteration, so the UI can tie the two together.
    if (frameDue || urgent || now - lastBatch >= BATCH_MS) flush();
    if (frameDue) await frame(rec.t, delta);
  };

  let paused = control.state === 'paused';
  /** Tells the UI when the loop is about to wait, and flushes so that a paused view is complete. */
  const gate = async () => {
    await yieldToEvents();
    if (control.state === 'paused' && !paused) {
      paused = true;
      flush();
      post({ type: 'run-state', runId, state: 'paused' });
    }
    const part = await control.next();
    if (part !== null && control.state === 'running' && paused) {
      paused = false;
      post({ type: 'run-state', runId, state: 'running' });
    }
    return part;
  };

  let result: AttackResult;
  if (method === 'minmax') {
    minmax = await MinMaxRun.create(clf, { x: image.pixels, label: image.label }, opts);
    try {
      while (!minmax.done) {
        const part = await gate();
        if (part === null) break;
        const rec = await minmax.step(part);
        await onRecord(rec, control.state === 'paused');
      }
      flush();
      result = await minmax.result(control.isCancelled);
    } finally {
      minmax.dispose();
    }
  } else {
    const abort = new AbortController();
    if (control.state === 'paused' && (await gate()) === null) abort.abort();
    result = await runAttack(method, clf, { x: image.pixels, label: image.label }, opts, {
      signal: abort.signal,
      onIteration: async (rec) => {
        await onRecord(rec, control.state === 'paused');
        if ((await gate()) === null) abort.abort();
      },
    });
    flush();
  }

  const adversarial = await imageView(clf, result.adversarial);
  const delta = Float32Array.from(result.delta);
  post({ type: 'done', runId, summary: summary(result), delta, adversarial, backend }, [
    delta.buffer,
    adversarial.probs.buffer,
    adversarial.maps.buffer,
  ]);
}
