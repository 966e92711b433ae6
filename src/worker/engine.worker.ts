/**
 * The engine worker: every tensor lives here, off the UI thread. It routes each message to the part
 * that holds its concern: the backend (engine-backend.ts), runs (run-dispatch.ts), inspections
 * (inspect.ts), the augmentation experiment (experiment-job.ts), the evidence views' jobs
 * (evidence-jobs.ts) and the MINE lab (lab-job.ts). One job holds the backend at a time; the others
 * are refused here.
 */
import { registerFastKernels } from '../core/kernels/register';
import { loadAutoencoder } from './autoencoder';
import { EngineBackend } from './engine-backend';
import { describe } from './error-text';
import { EvidenceJobs } from './evidence-jobs';
import { ExperimentJob } from './experiment-job';
import { faultWrapper, type ArmedFault } from './fault';
import { inspect } from './inspect';
import { LabJob } from './lab-job';
import type { UiToWorker } from './protocol';
import { assertNever, parseUiToWorker } from './protocol';
import { RunDispatch } from './run-dispatch';
import type { Post } from './run-stream';

// Our replacements for kernels wasm lacks (Conv2DBackpropFilter, UnsortedSegmentSum) or cpu runs
// pathologically slowly; it must run after the backends' own registrations, i.e. after the imports.
registerFastKernels();

const scope = self as unknown as DedicatedWorkerGlobalScope;

const post: Post = (message, transfer = []) => {
  scope.postMessage(message, transfer);
};

const engine = new EngineBackend(post);
/** The ?fault= test hook, armed for the backend negotiation picks (fault.ts); null without one. */
let fault: ArmedFault | null = null;
const runs = new RunDispatch(engine, post, (backend, opts) => faultWrapper(fault, backend, opts.iters));
const experiment = new ExperimentJob(engine, post);
// The evidence views' jobs (protocol-evidence.ts, protocol-paper.ts): Compare, Batch, Paper.
const jobs: EvidenceJobs = new EvidenceJobs(
  {
    ready: () => engine.ready(),
    backend: () => engine.current,
    classifier: () => engine.classifier,
    autoencoder: loadAutoencoder,
    busy: (): string | null =>
      experiment.active
        ? 'The augmentation experiment is running; cancel it or wait for it first.'
        : runs.state !== 'idle'
          ? 'A run is in progress in the Run view; cancel it or wait for it first.'
          : lab.active
            ? 'The MINE lab is training; cancel it or wait for it first.'
            : null,
  },
  (message) => {
    scope.postMessage(message);
  },
);

// The MINE lab (protocol-lab.ts): it waits for nothing, so it is refused while anything else runs.
const lab: LabJob = new LabJob(
  {
    ready: () => engine.ready(),
    backend: () => engine.current,
    busy: (): string | null =>
      experiment.active
        ? 'The augmentation experiment is running; cancel it or wait for it first.'
        : jobs.active
          ? 'A Compare, Batch or Paper job is running; cancel it or wait for it first.'
          : runs.state !== 'idle'
            ? 'A run is in progress in the Run view; cancel it or wait for it first.'
            : null,
  },
  (message) => {
    scope.postMessage(message);
  },
);

/** Why a run cannot start now, or null. A run that finds an older run is never refused: it waits. */
function runRefusal(): string | null {
  if (!experiment.active && !jobs.active && !lab.active) return null;
  const holder = experiment.active
    ? 'The augmentation experiment'
    : lab.active
      ? 'The MINE lab'
      : 'A Compare, Batch or Paper job';
  return `${holder} is running; cancel it or wait for it before starting a run.`;
}

/** Why the experiment cannot start now, or null. */
function experimentRefusal(): string | null {
  if (experiment.active) return 'An augmentation experiment is already running; cancel it first.';
  if (jobs.active || lab.active)
    return 'A Compare, Batch, Paper or MINE lab job is running; cancel it or wait for it before starting the experiment.';
  if (runs.state !== 'idle')
    return 'A run is in progress; cancel it or wait for it before starting the experiment.';
  return null;
}

function handle(message: UiToWorker): void {
  switch (message.type) {
    case 'init':
      // Armed for whichever backend negotiation picks; the fallback backend stays healthy.
      engine.init(message, (ready) => {
        if (message.fault !== undefined) fault = { spec: message.fault, backend: ready.backend };
      });
      return;
    case 'run':
    case 'pause':
    case 'resume':
    case 'step':
    case 'cancel':
      runs.handle(message, runRefusal);
      return;
    case 'inspect':
      void inspect(engine, message, post);
      return;
    case 'experiment-start': {
      const why = experimentRefusal();
      if (why === null) void experiment.start(message);
      else
        post({ type: 'error', experimentId: message.experimentId, code: 'experiment-failed', message: why });
      return;
    }
    case 'experiment-cancel':
      experiment.cancel(message.experimentId);
      return;
    default:
      assertNever(message);
  }
}

scope.addEventListener('message', (event: MessageEvent<unknown>) => {
  const invalid = (error: string) => {
    post({ type: 'error', code: 'invalid-message', message: `Ignored an invalid message: ${error}` });
  };
  // The evidence views' messages first; everything else is protocol.ts's.
  if (jobs.receive(event.data, invalid) || lab.receive(event.data, invalid)) return;
  const parsed = parseUiToWorker(event.data);
  if (parsed.ok) handle(parsed.value);
  else invalid(parsed.error);
});

// Errors that escape every handler would otherwise vanish into the worker's console.
scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  post({ type: 'error', code: 'internal', ...describe(event.reason) });
});
