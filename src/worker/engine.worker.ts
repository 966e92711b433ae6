/**
 * The engine worker: every tensor lives here, off the UI thread. It negotiates a backend and loads the
 * classifier on `init`, then runs one attack at a time under the UI's pause/step/cancel.
 */
import { trackerFor, type ResumeState } from '../core/attacks/resume';
import { KindedError, kindOf } from '../core/errors';
import { disposeClassifier, type AttackedClassifier } from '../core/models/attacked-classifier';
import { registerFastKernels } from '../core/kernels/register';
import { forgetAutoencoders, loadAutoencoder, reconstructionView } from './autoencoder';
import { activateBackend, browserProbe, tfjsVersions } from './backend';
import { loadClassifier } from './classifier';
import { EvidenceJobs } from './evidence-jobs';
import { executeExperiment } from './experiment';
import { fallbackMessage } from './fallback-message';
import { imageView } from './image-view';
import { negotiate } from './negotiate';
import type {
  AutoencoderKind,
  BackendName,
  ExperimentStartMessage,
  FaultSpec,
  ReadyMessage,
  RunMessage,
  UiToWorker,
  WorkerToUi,
} from './protocol';
import { BACKEND_NAMES, assertNever, parseUiToWorker } from './protocol';
import { METHOD_TRAITS } from '../core/vocabulary';
import { RunLifecycle, type Ignored, type LifecycleRun } from './run-lifecycle';
import { executeRun, executeUaeRun, settingsToOptions } from './run';
import { SMOKE_SHAPE, checkOps } from './smoke';

// Our replacements for kernels wasm lacks (Conv2DBackpropFilter, UnsortedSegmentSum) or cpu runs
// pathologically slowly; it must run after the backends' own registrations, i.e. after the imports.
registerFastKernels();

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: WorkerToUi, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function describe(e: unknown): { message: string; detail?: string } {
  if (e instanceof Error)
    return e.stack === undefined ? { message: e.message } : { message: e.message, detail: e.stack };
  return { message: String(e) };
}

/** One negotiation per worker; a repeated init gets the same answer rather than a second run. */
let negotiation: Promise<ReadyMessage | null> | undefined;
let classifier: AttackedClassifier | null = null;
let current: BackendName | null = null;
/** The latest ready message, re-announced (with the new backend) after a fallback. */
let announced: ReadyMessage | null = null;
/** Test hook (?fault=): the negotiated backend fails at an iteration of every run on it. */
let fault: { spec: FaultSpec; backend: BackendName } | null = null;
/** The run holding the backend (one at a time) and the one waiting for it (see run-lifecycle.ts). */
const runs = new RunLifecycle<RunMessage>();
/** The augmentation experiment in progress, if any; it never overlaps a run (one backend, one job). */
let experiment: { experimentId: number; abort: AbortController } | null = null;

/**
 * After a backend fails mid-run: the next slower backend that initialises and passes the smoke test,
 * with the classifier reloaded onto it. Null when none is left.
 */
async function fallBack(failed: BackendName, why: string): Promise<BackendName | null> {
  for (const name of BACKEND_NAMES.slice(BACKEND_NAMES.indexOf(failed) + 1)) {
    try {
      const start = performance.now();
      if (!(await activateBackend(name))) continue;
      const initMs = performance.now() - start;
      await checkOps(SMOKE_SHAPE);
      const smokeMs = performance.now() - start - initMs;
      if (classifier !== null) {
        try {
          disposeClassifier(classifier);
          classifier.model.dispose();
        } catch {
          // The failed backend may not even free memory; the new one starts clean regardless.
        }
      }
      classifier = await loadClassifier();
      // Autoencoders reload on the new backend when next used.
      await forgetAutoencoders();
      current = name;
      announceFallback(failed, name, why, { initMs, smokeMs, warmupMs: 0 });
      return name;
    } catch {
      // Try the next one.
    }
  }
  return null;
}

/** The engine panel shows the backend in use: tell it, as a fresh ready message, what changed and why. */
function announceFallback(
  failed: BackendName,
  name: BackendName,
  why: string,
  timings: ReadyMessage['timings'],
) {
  if (announced === null) return;
  announced = {
    ...announced,
    backend: name,
    reason: `${failed} failed during a run (${why}); fell back to ${name}, which passed the smoke test`,
    tried: [
      ...announced.tried.filter((t) => t.backend !== failed && t.backend !== name),
      { backend: failed, ok: false, reason: `failed during a run: ${why}` },
      { backend: name, ok: true, reason: 'chosen after the fallback', ms: timings.initMs + timings.smokeMs },
    ],
    timings,
  };
  post(announced);
}

/** Starts a run the lifecycle has given the backend; when it ends, the queued run (if any) follows. */
function launch(run: LifecycleRun<RunMessage>): void {
  void executeLifecycleRun(run).finally(() => {
    const next = runs.finish(run.runId);
    if (next !== null) launch(next);
  });
}

/** Control messages for another run than the current one are expected after a restart; say so quietly. */
function note(ignored: Ignored): void {
  if (ignored !== null) post({ type: 'log', level: 'debug', message: `Ignored: ${ignored.ignored}` });
}

async function executeLifecycleRun({ message, control }: LifecycleRun<RunMessage>): Promise<void> {
  const { runId } = message;
  // The run has begun (setup done, the loop next) when it announces itself.
  const postRun: typeof post = (m, transfer) => {
    if (m.type === 'run-started') note(runs.began(m.runId));
    post(m, transfer);
  };
  let opts;
  try {
    opts = settingsToOptions(message);
  } catch (e) {
    post({
      type: 'error',
      runId,
      code: 'invalid-settings',
      message: `Cannot run with these settings: ${describe(e).message}`,
    });
    return;
  }
  try {
    // The run continues on the fallback backend from the last iteration it reported (t, δ, c, a
    // binary search's bounds and the booked best; a MINE critic restarts, see resume.ts).
    const tracker = trackerFor(message.settings.method, opts);
    const unsupervised = message.settings.task === 'unsupervised';
    let from: ResumeState | null = null;
    for (;;) {
      const backend = current;
      if (backend === null || (!unsupervised && classifier === null))
        throw new Error('the engine is not ready');
      // Outside the fallback: a missing or broken autoencoder file is not the backend's fault.
      const ae = unsupervised ? await loadAutoencoder(message.settings.ae) : null;
      try {
        const injected = fault !== null && fault.backend === backend ? fault.spec : null;
        const cont = { from, tracker, fault: injected };
        if (ae !== null) await executeUaeRun(message, opts, control, ae, backend, postRun, cont);
        else await executeRun(message, opts, control, classifier!, backend, postRun, cont);
        return;
      } catch (e) {
        // A model whose outputs are not finite fails on every backend alike: no fallback for it.
        if (control.isCancelled || kindOf(e) === 'invalid-input') throw e;
        const why = describe(e).message;
        const next = await fallBack(backend, why);
        if (next === null) throw e;
        from = tracker.state();
        post({
          type: 'error',
          code: 'backend-failed',
          message: fallbackMessage({
            failed: backend,
            next,
            why,
            method: message.settings.method,
            iters: opts.iters,
            last: tracker.lastRecord,
            from,
          }),
        });
      }
    }
  } catch (e) {
    // On the last backend too: a divergence, not a backend fault.
    const diverged = e instanceof KindedError && e.kind === 'diverged';
    post({
      type: 'error',
      runId,
      code: 'run-failed',
      message: diverged
        ? `The run diverged at iteration ${e.details.iteration}: ${e.message}`
        : `The run failed: ${describe(e).message}`,
      ...detailOf(e),
    });
  }
}

async function startExperiment(message: ExperimentStartMessage): Promise<void> {
  const { experimentId } = message;
  const abort = new AbortController();
  const mine = { experimentId, abort };
  experiment = mine;
  try {
    await negotiation;
    if (current === null) throw new Error('the engine is not ready');
    await executeExperiment(experimentId, message.config, abort.signal, post);
  } catch (e) {
    post({
      type: 'error',
      experimentId,
      code: 'experiment-failed',
      message: `The augmentation experiment failed: ${describe(e).message}`,
      ...detailOf(e),
    });
  } finally {
    if (experiment === mine) experiment = null;
  }
}

function detailOf(e: unknown): { detail?: string } {
  const d = describe(e).detail;
  return d === undefined ? {} : { detail: d };
}

async function inspect(requestId: number, pixels: Float32Array, aeName?: AutoencoderKind): Promise<void> {
  await negotiation;
  if (aeName !== undefined) {
    if (current === null) return;
    let ae;
    try {
      ae = await loadAutoencoder(aeName);
    } catch (e) {
      post({
        type: 'error',
        code: 'model-unavailable',
        message: `Cannot use this autoencoder: ${describe(e).message}`,
      });
      return;
    }
    const view = await reconstructionView(ae, pixels, pixels);
    post({ type: 'inspection', requestId, ...view }, [view.recon!.buffer]);
    return;
  }
  if (classifier === null) return;
  const view = await imageView(classifier, pixels);
  post({ type: 'inspection', requestId, ...view }, [view.probs.buffer, view.maps.buffer]);
}

async function initialise(requested: BackendName | undefined): Promise<ReadyMessage | null> {
  const result = await negotiate(browserProbe, requested, (message) => {
    post({ type: 'log', level: 'info', message });
  });
  if (result.requestedFailure !== undefined) {
    const { backend, reason } = result.requestedFailure;
    post({
      type: 'error',
      code: 'requested-backend-failed',
      message: `The requested backend ${backend} ${reason}; choosing another automatically.`,
    });
  }
  if (!result.ok) {
    post({
      type: 'error',
      code: 'no-backend',
      message: 'No TensorFlow.js backend passed its checks in this browser.',
      detail: result.tried.map((t) => `${t.backend}: ${t.reason}`).join('\n'),
    });
    return null;
  }
  post({ type: 'log', level: 'info', message: 'loading the MNIST classifier' });
  classifier = await loadClassifier();
  current = result.backend;
  announced = {
    type: 'ready',
    backend: result.backend,
    reason: result.reason,
    tried: result.tried,
    timings: result.timings,
    versions: tfjsVersions(),
  };
  return announced;
}

function handle(message: UiToWorker): void {
  switch (message.type) {
    case 'init': {
      const first = negotiation === undefined;
      if (first && message.fault !== undefined) {
        const spec = message.fault;
        // Armed for whichever backend negotiation picks; the fallback backend stays healthy.
        negotiation = initialise(message.requestedBackend).then((ready) => {
          if (ready !== null) fault = { spec, backend: ready.backend };
          return ready;
        });
      }
      negotiation ??= initialise(message.requestedBackend);
      negotiation.then(
        (ready) => {
          if (ready !== null) post(ready);
          else if (!first)
            post({
              type: 'error',
              code: 'no-backend',
              message: 'No TensorFlow.js backend passed its checks in this browser.',
            });
        },
        (e: unknown) => {
          post({ type: 'error', code: 'internal', ...describe(e) });
        },
      );
      return;
    }
    case 'run':
      if (experiment !== null || jobs.active) {
        post({
          type: 'error',
          runId: message.runId,
          code: 'run-failed',
          message: `${experiment !== null ? 'The augmentation experiment' : 'A Compare, Batch or Paper job'} is running; cancel it or wait for it before starting a run.`,
        });
        return;
      }
      {
        // Never refused: a run that finds the backend busy waits for the old run to release it.
        const outcome = runs.request(message);
        if (outcome.kind === 'start') launch(outcome.run);
        else if (outcome.replaced !== null)
          note({ ignored: `run ${outcome.replaced}, replaced by run ${message.runId} before it started` });
      }
      return;
    case 'pause':
      note(runs.pause(message.runId));
      return;
    case 'resume':
      note(runs.resume(message.runId));
      return;
    case 'step': {
      const target = runs.waiting?.runId === message.runId ? runs.waiting : runs.active;
      if (
        message.part !== 'both' &&
        (target === null || !METHOD_TRAITS[target.message.settings.method].twoPlayers)
      ) {
        post({
          type: 'error',
          code: 'not-implemented',
          message:
            'Only MinMax and MINE-UAE have two players to step apart; penalty, PGD and L2-UAE step whole iterations.',
        });
        return;
      }
      note(runs.step(message.runId, message.part));
      return;
    }
    case 'cancel':
      note(runs.cancel(message.runId));
      return;
    case 'inspect':
      void inspect(message.requestId, message.pixels, message.ae);
      return;
    case 'experiment-start':
      if (experiment !== null || jobs.active || runs.state !== 'idle') {
        post({
          type: 'error',
          experimentId: message.experimentId,
          code: 'experiment-failed',
          message:
            experiment !== null
              ? 'An augmentation experiment is already running; cancel it first.'
              : jobs.active
                ? 'A Compare, Batch or Paper job is running; cancel it or wait for it before starting the experiment.'
                : 'A run is in progress; cancel it or wait for it before starting the experiment.',
        });
        return;
      }
      void startExperiment(message);
      return;
    case 'experiment-cancel':
      if (experiment?.experimentId === message.experimentId) experiment.abort.abort();
      return;
    default:
      assertNever(message);
  }
}

// The evidence views' jobs (protocol-evidence.ts, protocol-paper.ts, evidence-jobs.ts): Compare, Batch, Paper.
const jobs = new EvidenceJobs(
  {
    ready: () => negotiation ?? Promise.resolve(null),
    backend: () => current,
    classifier: () => classifier,
    autoencoder: loadAutoencoder,
    busy: () =>
      experiment !== null
        ? 'The augmentation experiment is running; cancel it or wait for it first.'
        : runs.state !== 'idle'
          ? 'A run is in progress in the Run view; cancel it or wait for it first.'
          : null,
  },
  (message, transfer = []) => {
    scope.postMessage(message, transfer);
  },
);

scope.addEventListener('message', (event: MessageEvent<unknown>) => {
  const invalid = (error: string) => {
    post({ type: 'error', code: 'invalid-message', message: `Ignored an invalid message: ${error}` });
  };
  // The Compare and Batch views' messages first; everything else is protocol.ts's.
  if (jobs.receive(event.data, invalid)) return;
  const parsed = parseUiToWorker(event.data);
  if (parsed.ok) handle(parsed.value);
  else invalid(parsed.error);
});

// Errors that escape every handler would otherwise vanish into the worker's console.
scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  post({ type: 'error', code: 'internal', ...describe(event.reason) });
});
