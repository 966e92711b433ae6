import type { WorkerToUi } from '../worker/protocol';

const RUN_TRAFFIC = ['inspection', 'run-started', 'iterations', 'frame', 'run-state', 'phase', 'done'] as const;

/** A run's own messages: the run store takes them (run-messages.ts); the other stores pass them over. */
export type RunTraffic = Extract<WorkerToUi, { type: (typeof RUN_TRAFFIC)[number] }>;

export function isRunTraffic(message: WorkerToUi): message is RunTraffic {
  return (RUN_TRAFFIC as readonly string[]).includes(message.type);
}
