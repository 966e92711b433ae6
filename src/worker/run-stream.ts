/**
 * The streaming side of a run: every iteration's scalars in batches, throttled image frames, and the
 * pause/step gate the loop waits at. Shared by every attack the Run view drives (run.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkRecord } from '../core/attacks/checks';
import type { PhaseListener } from '../core/attacks/phases';
import type { IterationRecord } from '../core/attacks/trace';
import type { ImageView, StepPart, WorkerToUi } from './protocol';
import type { RunControl } from './run-control';
import { ScalarBatch } from './scalar-batch';
import { yieldToEvents } from './yield';

/** Scalars go out ~10 times a second, images at most that often: enough for the eye, cheap to post. */
const BATCH_MS = 100;
const FRAME_MS = 100;

export type Post = (message: WorkerToUi, transfer?: Transferable[]) => void;

/** The buffers of a view, handed over with the message that carries it. */
export function buffersOf(view: ImageView): Transferable[] {
  const buffers: Transferable[] = [view.probs.buffer, view.maps.buffer];
  if (view.recon !== undefined) buffers.push(view.recon.buffer);
  return buffers;
}

/** Views, of x′ = x + δ, that a run's frames carry. */
export type FrameView = (
  t: number,
  delta: Float32Array,
) => Promise<{ view: ImageView; permutation: Int32Array }>;

export interface RunStream {
  /** Posts the scalars collected since the last batch. */
  readonly flush: () => void;
  /** Checks a record, adds it to the batch and posts what is due; `urgent`: paused, post at once. */
  readonly onRecord: (rec: IterationRecord, urgent: boolean) => Promise<void>;
  /** The next unit of work (null once cancelled); tells the UI when the loop is about to wait. */
  readonly gate: () => Promise<StepPart | null>;
  /**
   * Hears where the loop stands in Algorithm 1. Paused, every phase is posted as it happens (a Step
   * walks through its lines); running, the latest whole step's phases go out with each batch, and
   * the last step's at the end, so a finished or paused view shows a complete step.
   */
  readonly onPhase: PhaseListener;
}

export function runStream(
  runId: number,
  control: RunControl,
  post: Post,
  frameView: FrameView,
  needsMi: boolean,
  itersPerStep: number,
): RunStream {
  const batch = new ScalarBatch();
  let lastBatch = performance.now();
  let lastFrame = -Infinity;

  // The phases of the step in progress, and of the last whole step not yet posted.
  let stepPhases: WorkerToUi[] = [];
  let unposted: WorkerToUi[] = [];
  const postPhases = (): void => {
    for (const m of unposted) post(m);
    unposted = [];
  };

  const flush = (): void => {
    postPhases();
    if (batch.size === 0) return;
    const { records, deltas } = batch.take();
    post({ type: 'iterations', runId, records, deltas, numTensors: tf.memory().numTensors }, [deltas.buffer]);
    lastBatch = performance.now();
  };

  const frame = async (t: number, delta: Float32Array): Promise<void> => {
    const { view, permutation } = await frameView(t, delta);
    post({ type: 'frame', runId, t, view, permutation }, [...buffersOf(view), permutation.buffer]);
    lastFrame = performance.now();
  };

  const onRecord = async (rec: IterationRecord, urgent: boolean): Promise<void> => {
    // The core runs check the records they make; checked again at the boundary, every record the UI
    // gets is finite whatever stepped the run (a wrapped run too), and a bad one fails as a divergence.
    checkRecord(rec, needsMi, itersPerStep);
    if (stepPhases.length > 0) {
      if (!urgent) unposted = stepPhases;
      stepPhases = [];
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

  const onPhase: PhaseListener = (event) => {
    const message: WorkerToUi = { type: 'phase', runId, ...event };
    if (control.state === 'paused') post(message);
    else stepPhases.push(message);
  };

  let paused = control.state === 'paused';
  // Flushes before a pause, so that a paused view is complete.
  const gate = async (): Promise<StepPart | null> => {
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
  return { flush, onRecord, gate, onPhase };
}
