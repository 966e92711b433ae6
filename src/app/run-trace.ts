/**
 * The streamed trace of one run, grown in place as the engine's batches and frames arrive. Scalars
 * are never dropped during a run; δs and frames are kept in full for the recent past and thinned
 * before it (delta-history.ts), so memory stays flat.
 */
import { globalIteration } from '../core/attacks/schedule';
import type { FrameMessage, IterationScalars, IterationsMessage } from '../worker/protocol';
import { IMAGE_PIXELS } from '../worker/protocol';
import { thinTimelineImages } from './delta-history';

/** The streamed trace of one run; arrays are appended in place. */
export interface Trace {
  readonly records: IterationScalars[];
  /** δ of each record, by record index; a hole where the timeline thinned it (see nearestDelta). */
  readonly deltas: (Float32Array | undefined)[];
  /** Throttled frames in arrival order, each tied to the record it shows (its index in records). */
  readonly frames: { readonly index: number; readonly frame: FrameMessage }[];
}

export function emptyTrace(): Trace {
  return { records: [], deltas: [], frames: [] };
}

/**
 * Cuts the trace back to the records of the first `done` iterations (none for 0), with their δs and
 * frames: a continued run may repeat the iteration it replays. Iterations count over the penalty
 * search's steps of `itersPerStep` each.
 */
export function keepUpTo(trace: Trace, done: number, itersPerStep = 0): void {
  const cut =
    done <= 0 ? 0 : trace.records.findIndex((r) => globalIteration(r.searchStep, itersPerStep, r.t) > done);
  if (cut < 0) return;
  trace.records.length = cut;
  trace.deltas.length = Math.min(trace.deltas.length, cut);
  const frames = trace.frames.filter((f) => f.index < cut);
  trace.frames.length = 0;
  trace.frames.push(...frames);
}

/** Appends a batch: its records, and each one's δ where the batch carries them. */
export function appendIterations(trace: Trace, message: IterationsMessage): void {
  trace.records.push(...message.records);
  if (message.deltas.length === message.records.length * IMAGE_PIXELS) {
    for (let i = 0; i < message.records.length; i++) {
      trace.deltas[trace.records.length - message.records.length + i] = message.deltas.subarray(
        i * IMAGE_PIXELS,
        (i + 1) * IMAGE_PIXELS,
      );
    }
  }
  thinTimelineImages(trace);
}

/** Appends a frame, tied to the newest record: a frame follows the batch that holds its iteration. */
export function appendFrame(trace: Trace, frame: FrameMessage): void {
  trace.frames.push({ index: trace.records.length - 1, frame });
  thinTimelineImages(trace);
}
