/**
 * One attack run inside the worker: resolves the settings, streams every iteration's scalars in
 * batches and throttled image frames, obeys pause/step/cancel, and ends with `done` or an error.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MinMaxRun } from '../core/attacks/minmax';
import { PenaltyRun } from '../core/attacks/penalty';
import { PgdRun } from '../core/attacks/pgd';
import { resolveOptions, type AttackOptions } from '../core/attacks/options';
import type { ResumeState, ResumeTracker } from '../core/attacks/resume';
import type { AttackResult, IterationRecord } from '../core/attacks/trace';
import { assertFiniteAutoencoder, type AttackedAutoencoder } from '../core/attacks/autoencoder-target';
import { checkRecord } from '../core/attacks/checks';
import { L2UaeRun } from '../core/attacks/l2-uae';
import { UaeRun, UAE_DEFAULTS } from '../core/attacks/uae';
import { assertFiniteClassifier, type AttackedClassifier } from '../core/models/attacked-classifier';
import { reconstructionView } from './autoencoder';
import { addDelta, imageView } from './image-view';
import type {
  BackendName,
  FaultSpec,
  ImageView,
  RunMessage,
  RunSummary,
  StepPart,
  WorkerToUi,
} from './protocol';
import type { RunControl } from './run-control';
import { ScalarBatch } from './scalar-batch';
import { yieldToEvents } from './yield';
import { globalIteration } from '../core/attacks/schedule';

/** Scalars go out ~10 times a second, images at most that often: enough for the eye, cheap to post. */
const BATCH_MS = 100;
const FRAME_MS = 100;

export type Post = (message: WorkerToUi, transfer?: Transferable[]) => void;

/** What a run carries across a backend fallback (see engine.worker.ts). */
export interface RunContinuation {
  /** Continue from this state (the failed backend's last good iteration) instead of afresh. */
  readonly from: ResumeState | null;
  /** Folds every record the run accepted, so that a failure can continue from the last. */
  readonly tracker: ResumeTracker | null;
  /** Test hook: this backend fails at an iteration (null on a healthy one). */
  readonly fault: FaultSpec | null;
}

const FRESH: RunContinuation = { from: null, tracker: null, fault: null };

/**
 * The injected fault, through the paths a real failure takes: a non-finite f and I that the engine's
 * iteration check rejects, or a kernel this backend does not register (tfjs throws, as for a missing kernel).
 */
function injectFault(fault: FaultSpec | null, rec: IterationRecord, itersPerStep: number): IterationRecord {
  // Counted over all of a penalty search's steps, as the trace counts them.
  if (
    fault === null ||
    globalIteration(rec.searchStep, itersPerStep, rec.t) !== fault.at ||
    rec.part === 'critic'
  )
    return rec;
  if (fault.kind === 'kernel') tf.engine().runKernel('InjectedFault', {}, {});
  return { ...rec, f: NaN, mi: NaN };
}

/** Posts what the stream still holds after a failure; the failure itself is what matters. */
function flushAfterFailure(flush: () => void): void {
  try {
    flush();
  } catch {
    // A lost backend may not even report its memory; the records are then lost with it.
  }
}

/** Iterations a state stands after, counted over all search steps (the trace's own order). */
export function iterationsDone(s: ResumeState, opts: AttackOptions): number {
  return globalIteration(s.search?.step ?? 0, opts.iters, s.t);
}

/** Every attack the app runs, stepped alike. */
interface SteppedRun<R> {
  readonly done: boolean;
  /** The MINE critic of the moment (its shuffle is shown); PGD and L2-UAE have none. */
  readonly estimator: { readonly permutation: Int32Array | null } | null;
  step(part: StepPart): Promise<IterationRecord>;
  result(cancelled: boolean): Promise<R>;
  dispose(): void;
}

type SupervisedRun = SteppedRun<AttackResult>;

/**
 * Steps a run through the pause/step gate to its end or a cancel, streaming every record and folding
 * it into the tracker, and disposes it. `twoPlayers`: a step may move one player only.
 */
async function drive<R>(
  run: SteppedRun<R>,
  twoPlayers: boolean,
  opts: AttackOptions,
  control: RunControl,
  cont: RunContinuation,
  stream: ReturnType<typeof runStream>,
): Promise<R> {
  const { flush, onRecord, gate } = stream;
  try {
    while (!run.done) {
      const part = await gate();
      if (part === null) break;
      // Methods with one player: any step is a whole iteration.
      const rec = injectFault(cont.fault, await run.step(twoPlayers ? part : 'both'), opts.iters);
      await onRecord(rec, control.state === 'paused');
      cont.tracker?.record(rec);
    }
    flush();
    return await run.result(control.isCancelled);
  } catch (e) {
    // The UI gets every iteration accepted before the failure, so a continued trace has no gap.
    flushAfterFailure(flush);
    throw e;
  } finally {
    run.dispose();
  }
}

function createSupervisedRun(
  method: 'minmax' | 'penalty' | 'pgd',
  clf: AttackedClassifier,
  sample: { x: Float32Array; label: number },
  opts: AttackOptions,
  from: ResumeState | null,
): Promise<SupervisedRun> {
  const resume = from ?? undefined;
  switch (method) {
    case 'minmax':
      return MinMaxRun.create(clf, sample, opts, resume);
    case 'penalty':
      return PenaltyRun.create(clf, sample, opts, resume);
    case 'pgd':
      return PgdRun.create(clf, sample, opts, resume);
  }
}

export function settingsToOptions(msg: RunMessage): AttackOptions {
  const { task, ...withAe } = msg.settings;
  // method and ae pick the attack and the model; they are no attack options.
  const rest: Omit<typeof withAe, 'ae' | 'method'> & { ae?: unknown; method?: unknown } = { ...withAe };
  delete rest.ae;
  delete rest.method;
  if (task === 'unsupervised') {
    // The UAE's δ0 (UAE_DEFAULTS: the authors' Glorot start); δ of every iteration feeds the
    // timeline (and a continuation after a backend failure).
    return resolveOptions({ ...rest, target: null, deltaInit: UAE_DEFAULTS.deltaInit, traceDeltaEvery: 1 });
  }
  // δ of every iteration feeds the timeline and the throttled image frames, for every method.
  return resolveOptions({ ...rest, traceDeltaEvery: 1 });
}

function summary(r: AttackResult): RunSummary {
  return {
    success: r.success,
    failureReason: r.failureReason,
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

/** Views, of x′ = x + δ, that a run's frames carry. */
type FrameView = (t: number, delta: Float32Array) => Promise<{ view: ImageView; permutation: Int32Array }>;

/**
 * The streaming side of a run: batches of scalars, throttled frames, and the pause/step gate. Shared by
 * the supervised and the unsupervised runs.
 */
function runStream(
  runId: number,
  control: RunControl,
  post: Post,
  frameView: FrameView,
  needsMi: boolean,
  itersPerStep: number,
): {
  flush: () => void;
  onRecord: (rec: IterationRecord, urgent: boolean) => Promise<void>;
  gate: () => Promise<StepPart | null>;
} {
  const batch = new ScalarBatch();
  let lastBatch = performance.now();
  let lastFrame = -Infinity;

  const flush = (): void => {
    if (batch.size === 0) return;
    const { records, deltas } = batch.take();
    post({ type: 'iterations', runId, records, deltas, numTensors: tf.memory().numTensors }, [deltas.buffer]);
    lastBatch = performance.now();
  };

  const frame = async (t: number, delta: Float32Array): Promise<void> => {
    const { view, permutation } = await frameView(t, delta);
    const transfer: Transferable[] = [view.probs.buffer, view.maps.buffer, permutation.buffer];
    if (view.recon !== undefined) transfer.push(view.recon.buffer);
    post({ type: 'frame', runId, t, view, permutation }, transfer);
    lastFrame = performance.now();
  };

  const onRecord = async (rec: IterationRecord, urgent: boolean): Promise<void> => {
    // The engine checked the record it made; the same check sees what the stream is handed (an
    // injected fault), so a backend fault and a divergence fail alike and the worker falls back.
    checkRecord(rec, needsMi, itersPerStep);
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
  return { flush, onRecord, gate };
}

export async function executeRun(
  msg: RunMessage,
  opts: AttackOptions,
  control: RunControl,
  clf: AttackedClassifier,
  backend: BackendName,
  post: Post,
  cont: RunContinuation = FRESH,
): Promise<void> {
  const { runId, image } = msg;
  const method = msg.settings.method;
  if (method !== 'minmax' && method !== 'penalty' && method !== 'pgd')
    throw new Error(`${method} does not attack a classifier`);
  // Outputs that are not finite on the attacked image come from the model, not the backend (refused
  // without a fallback, see engine.worker.ts).
  await assertFiniteClassifier(clf, image.pixels, 'the classifier');
  const clean = await imageView(clf, image.pixels);
  const predictedClean = clean.probs.indexOf(Math.max(...clean.probs));
  const options: Record<string, string | number | boolean | null> = { method, ...opts };
  const resumed = cont.from === null ? {} : { resumedFrom: iterationsDone(cont.from, opts) };
  post({ type: 'run-started', runId, backend, predictedClean, clean, options, ...resumed }, [
    clean.probs.buffer,
    clean.maps.buffer,
  ]);
  post({ type: 'run-state', runId, state: control.state });

  let run: SupervisedRun | null = null;
  const { flush, onRecord, gate } = runStream(
    runId,
    control,
    post,
    async (_t, delta) => ({
      view: await imageView(clf, addDelta(image.pixels, delta)),
      permutation: Int32Array.from(run?.estimator?.permutation ?? []),
    }),
    method !== 'pgd',
    opts.iters,
  );

  run = await createSupervisedRun(method, clf, { x: image.pixels, label: image.label }, opts, cont.from);
  const result = await drive(run, method === 'minmax', opts, control, cont, { flush, onRecord, gate });

  const adversarial = await imageView(clf, result.adversarial);
  const delta = Float32Array.from(result.delta);
  post({ type: 'done', runId, summary: summary(result), delta, adversarial, backend }, [
    delta.buffer,
    adversarial.probs.buffer,
    adversarial.maps.buffer,
  ]);
}

/**
 * An unsupervised run against an autoencoder: MINE-UAE stepped like MinMax (both players, or one),
 * L2-UAE one whole iteration at a time. Frames and the result carry AE(x′).
 */
export async function executeUaeRun(
  msg: RunMessage,
  opts: AttackOptions,
  control: RunControl,
  ae: AttackedAutoencoder,
  backend: BackendName,
  post: Post,
  cont: RunContinuation = FRESH,
): Promise<void> {
  const { runId, image } = msg;
  const method = msg.settings.method;
  if (method !== 'mine-uae' && method !== 'l2-uae')
    throw new Error(`${method} does not attack an autoencoder`);
  const x = image.pixels;
  await assertFiniteAutoencoder(ae, x, `the ${msg.settings.ae} autoencoder`);
  const clean = await reconstructionView(ae, x, x);
  const options: Record<string, string | number | boolean | null> = {
    method,
    task: 'unsupervised',
    ae: msg.settings.ae,
    ...opts,
  };
  const resumed = cont.from === null ? {} : { resumedFrom: iterationsDone(cont.from, opts) };
  post({ type: 'run-started', runId, backend, predictedClean: -1, clean, options, ...resumed }, [
    clean.probs.buffer,
    clean.maps.buffer,
    clean.recon!.buffer,
  ]);
  post({ type: 'run-state', runId, state: control.state });

  const stream = runStream(
    runId,
    control,
    post,
    async (_t, delta) => ({
      view: await reconstructionView(ae, x, addDelta(x, delta)),
      permutation: new Int32Array(0),
    }),
    method === 'mine-uae',
    opts.iters,
  );

  const from = cont.from ?? undefined;
  const run = method === 'mine-uae' ? new UaeRun(ae, x, opts, from) : new L2UaeRun(ae, x, opts, from);
  const result = await drive(run, method === 'mine-uae', opts, control, cont, stream);

  const adversarial = await reconstructionView(ae, x, result.adversarial);
  const delta = Float32Array.from(result.delta);
  const s: RunSummary = {
    success: result.success,
    failureReason: result.failureReason,
    cancelled: result.cancelled,
    firstSuccessIter: result.firstSuccessIter,
    miBest: result.miBest,
    predictedClean: NaN,
    predictedAdv: NaN,
    linf: result.linf,
    l2: result.l2,
    f: result.f,
    itersRun: result.itersRun,
    msPerIter: result.msPerIter,
    reconClean: result.reconClean,
    reconAdv: result.reconAdv,
  };
  post({ type: 'done', runId, summary: s, delta, adversarial, backend }, [
    delta.buffer,
    adversarial.probs.buffer,
    adversarial.maps.buffer,
    adversarial.recon!.buffer,
  ]);
}
