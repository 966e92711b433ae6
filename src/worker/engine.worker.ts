/**
 * The engine worker: every tensor lives here, off the UI thread. For now it negotiates a backend on
 * `init` and answers `ready`; runs arrive with the visualizer.
 */
import { registerFastKernels } from '../core/kernels/register';
import { browserProbe, tfjsVersions } from './backend';
import { negotiate } from './negotiate';
import type { BackendName, ReadyMessage, UiToWorker, WorkerToUi } from './protocol';
import { assertNever, parseUiToWorker } from './protocol';

// Our replacements for kernels wasm lacks (Conv2DBackpropFilter, UnsortedSegmentSum) or cpu runs
// pathologically slowly; it must run after the backends' own registrations, i.e. after the imports.
registerFastKernels();

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: WorkerToUi): void {
  scope.postMessage(message);
}

function describe(e: unknown): { message: string; detail?: string } {
  if (e instanceof Error) return e.stack === undefined ? { message: e.message } : { message: e.message, detail: e.stack };
  return { message: String(e) };
}

/** One negotiation per worker; a repeated init gets the same answer rather than a second run. */
let negotiation: Promise<ReadyMessage | null> | undefined;

async function initialise(requested: BackendName | undefined): Promise<ReadyMessage | null> {
  const result = await negotiate(browserProbe, requested, (message) => { post({ type: 'log', level: 'info', message }); });
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
  return {
    type: 'ready',
    backend: result.backend,
    reason: result.reason,
    tried: result.tried,
    timings: result.timings,
    versions: tfjsVersions(),
  };
}

function handle(message: UiToWorker): void {
  switch (message.type) {
    case 'init': {
      const first = negotiation === undefined;
      negotiation ??= initialise(message.requestedBackend);
      negotiation.then(
        (ready) => {
          if (ready !== null) post(ready);
          else if (!first) post({ type: 'error', code: 'no-backend', message: 'No TensorFlow.js backend passed its checks in this browser.' });
        },
        (e: unknown) => { post({ type: 'error', code: 'internal', ...describe(e) }); },
      );
      return;
    }
    case 'run':
    case 'pause':
    case 'step':
    case 'cancel':
      post({ type: 'error', code: 'not-implemented', message: `The engine does not handle '${message.type}' yet.` });
      return;
    default:
      assertNever(message);
  }
}

scope.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseUiToWorker(event.data);
  if (!parsed.ok) {
    post({ type: 'error', code: 'invalid-message', message: `Ignored an invalid message: ${parsed.error}` });
    return;
  }
  handle(parsed.value);
});

// Errors that escape every handler would otherwise vanish into the worker's console.
scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  post({ type: 'error', code: 'internal', ...describe(event.reason) });
});
