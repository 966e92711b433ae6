/**
 * An opened run record (run-record.ts) as the run store's state: the page then shows it as if it had
 * just run (images, charts, timeline, pseudo-code), without the engine; what the model makes of an
 * iterate is still asked of the engine's inspection when it is there (inspections.ts).
 */
import type { DoneMessage } from '../worker/protocol';
import type { OpenedRun } from './run-record';
import type { RunStoreState } from './run-store';
import { emptyTrace } from './run-trace';

/** What the banner says of a replayed run, and what its re-export keeps of the recording. */
export interface ReplayInfo {
  readonly fileName: string;
  readonly version: 1 | 2;
  readonly recordedAt: string | null;
  readonly backend: string | null;
  readonly versions: Readonly<Record<string, string>>;
  /** What the record lost (quantisation, thinning), in words. */
  readonly lost: string;
  /** Kept iterates (with δ) out of the records. */
  readonly kept: number;
}

/** The record whose δ was returned: recorded (version 2), else the one booked with the summary's numbers. */
function returnedIndexOf(run: OpenedRun): number {
  const res = run.result;
  if (res === null) return -1;
  if (res.recordIndex !== null) return res.recordIndex;
  const s = res.summary;
  return run.trace.findIndex((r) => (s.success && s.miBest !== null ? r.mi === s.miBest : r.f === s.f));
}

export function replayState(
  run: OpenedRun,
  fileName: string,
  runId: number,
  now: number,
): Partial<RunStoreState> {
  const trace = emptyTrace();
  trace.records.push(...run.trace);
  for (const it of run.iterates) trace.deltas[it.index] = it.delta;
  const returnedIndex = returnedIndexOf(run);
  const res = run.result;
  // The returned δ is exact in every version: it replaces its iterate's quantised copy.
  if (res !== null && returnedIndex >= 0) trace.deltas[returnedIndex] = res.delta;
  const backend = run.backend ?? run.backends.at(-1)?.backend ?? 'cpu';
  const done: DoneMessage | null =
    res === null
      ? null
      : {
          type: 'done',
          runId,
          summary: res.summary,
          delta: res.delta,
          // The maps are not recorded: the engine's inspection measures them (inspectReturned).
          adversarial: { probs: res.probsAdv, maps: new Float32Array(0), k: 0, mapH: 0, mapW: 0 },
          backend,
        };
  const ms =
    res === null
      ? 0
      : res.summary.itersRun * (Number.isFinite(res.summary.msPerIter) ? res.summary.msPerIter : 0);
  const replay: ReplayInfo = {
    fileName,
    version: run.version,
    recordedAt: run.recordedAt,
    backend: run.backend,
    versions: run.versions,
    lost: run.lost,
    kept: run.iterates.length,
  };
  return {
    runId,
    status: 'done',
    settings: run.settings,
    image: run.image,
    cleanView: null,
    aeClean: null,
    runImage: run.image,
    runSettings: run.settings,
    runBackend: run.backend,
    runBackends: run.backends,
    schedule: run.schedule,
    options: run.engineOptions,
    trace,
    done,
    numTensors: 0,
    startedAt: now - ms,
    endedAt: now,
    cursor: null,
    error: null,
    returnedIndex,
    iterateViews: new Map(),
    note: null,
    phases: [],
    replay,
  };
}
