/**
 * How the Run view's store takes the engine's messages: a run's start (or its continuation after a
 * backend fallback), its batches and frames, its state, its end or error, and the answers to the
 * store's inspections. Messages of any other run than the shown one change nothing.
 */
import type { WorkerToUi } from '../worker/protocol';
import { assertNever } from '../worker/protocol';
import { findReturned } from './display';
import { applyInspection } from './inspections';
import type { RunStore, RunStoreState } from './run-store';
import { appendFrame, appendIterations, keepUpTo } from './run-trace';

type Get = () => RunStore;
type Set = (patch: Partial<RunStoreState> | ((s: RunStoreState) => Partial<RunStoreState>)) => void;

let bumpQueued = false;

/** Coalesces trace growth into one React update (`version`) per animation frame. */
function bump(set: Set): void {
  if (bumpQueued) return;
  bumpQueued = true;
  const flush = (): void => {
    bumpQueued = false;
    set((s) => ({ version: s.version + 1 }));
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  else flush();
}

export function applyRunMessage(message: WorkerToUi, get: Get, set: Set): void {
  const mine = (runId: number): boolean => runId === get().runId;
  switch (message.type) {
    case 'ready':
    case 'log':
    case 'experiment-progress':
    case 'experiment-done':
      return;
    case 'error':
      if (message.runId !== undefined && mine(message.runId)) {
        set({ status: 'error', error: message.message, endedAt: performance.now() });
      }
      return;
    case 'inspection':
      applyInspection(message, get(), set);
      return;
    case 'run-started': {
      if (!mine(message.runId)) return;
      const { resumedFrom } = message;
      // After a backend fallback a run continues (resumedFrom): its trace goes on after that
      // iteration. Any other restart starts the trace afresh.
      keepUpTo(get().trace, resumedFrom ?? 0, message.schedule.iters);
      const { trace, cursor, runBackends, iterateViews } = get();
      // One update for the whole message: every set() runs every subscriber.
      set({
        runBackend: message.backend,
        runBackends: [
          ...(resumedFrom === undefined ? [] : runBackends),
          { backend: message.backend, fromIteration: (resumedFrom ?? 0) + 1 },
        ],
        schedule: message.schedule,
        options: message.options,
        ...(message.clean.recon !== undefined ? { aeClean: message.clean } : { cleanView: message.clean }),
        ...(resumedFrom !== undefined && (cursor ?? 0) >= trace.records.length ? { cursor: null } : {}),
        // Views measured for iterates the continued run replays no longer show them.
        iterateViews: new Map([...iterateViews].filter(([i]) => i < trace.records.length)),
      });
      bump(set);
      return;
    }
    case 'iterations':
      if (!mine(message.runId)) return;
      appendIterations(get().trace, message);
      set({ numTensors: message.numTensors });
      bump(set);
      return;
    case 'frame':
      if (!mine(message.runId)) return;
      appendFrame(get().trace, message);
      bump(set);
      return;
    case 'run-state':
      if (!mine(message.runId)) return;
      set({ status: message.state });
      return;
    case 'phase':
      if (!mine(message.runId)) return;
      // A step starts at line 3; a phase heard alone (throttled while running) stands for itself.
      set((s) => ({
        phases:
          message.phase === 'iteration' || s.phases.at(-1)?.t !== message.t
            ? [message]
            : [...s.phases, message],
      }));
      return;
    case 'done':
      if (!mine(message.runId)) return;
      set({
        status: 'done',
        done: message,
        endedAt: performance.now(),
        returnedIndex: findReturned(get().trace, message.delta, message.summary),
      });
      bump(set);
      return;
    default:
      assertNever(message);
  }
}
