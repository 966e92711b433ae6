/** The one engine worker, as the rest of the UI reaches it: set by useEngineWorker, null when none. */
import type { UiToWorker } from '../worker/protocol';

let current: Worker | null = null;

export function setEngineWorker(worker: Worker | null): void {
  current = worker;
}

/** Posts to the worker; pixels are copied, never transferred, because the UI keeps showing them. */
export function sendToEngine(message: UiToWorker): boolean {
  if (current === null) return false;
  current.postMessage(message);
  return true;
}
