/**
 * Every message between the UI thread and the engine worker, declared once as schemas
 * (schema.ts) from which both the TypeScript types and the checks on receipt follow: postMessage
 * carries no types, so a stale bundle or a typo would otherwise surface as an undefined deep inside
 * a handler instead of a clear protocol error. The evidence views' messages are in
 * protocol-evidence.ts and protocol-paper.ts.
 */
import type { Parsed } from './schema';
import { toUi, type WorkerToUi } from './protocol-to-ui';
import { toWorker, type UiToWorker } from './protocol-to-worker';

export * from './protocol-fields';
export * from './protocol-to-worker';
export * from './protocol-to-ui';
export { assertNever, isRecord, type Parsed } from './schema';
export {
  AUTOENCODERS,
  CRITICS,
  METHODS,
  SEMANTICS,
  SUPERVISED_METHODS,
  TASKS,
  UNSUPERVISED_METHODS,
  methodsOf,
  type AutoencoderKind,
  type CriticPreset,
  type Method,
  type Semantics,
  type Task,
} from '../core/vocabulary';

/** Validates a message received by the worker; unknown extra fields are dropped. */
export function parseUiToWorker(data: unknown): Parsed<UiToWorker> {
  return toWorker.parse(data);
}

/** Validates a message received by the UI; unknown extra fields are dropped. */
export function parseWorkerToUi(data: unknown): Parsed<WorkerToUi> {
  return toUi.parse(data);
}
