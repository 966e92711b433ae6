/**
 * Which iterate the views show: the one under the timeline's cursor, else the newest, else (once a
 * run is done and the cursor follows) the returned δ*.
 */
import type { ImageView, IterationScalars } from '../worker/protocol';
import { nearestDelta } from './delta-history';
import type { RunStoreState, Trace } from './run-store';

export interface Shown {
  readonly record: IterationScalars | null;
  /** Index into trace.records, or −1. */
  readonly index: number;
  readonly delta: Float32Array | null;
  /** The record whose δ is shown: `index` itself, or the nearest kept one where the timeline thinned δs. */
  readonly deltaIndex: number;
  readonly view: ImageView | null;
  readonly permutation: Int32Array | null;
  /** True when showing the run's returned result rather than one iterate. */
  readonly isResult: boolean;
}

/** The latest frame showing record `index` or an earlier one. */
export function frameAtOrBefore(frames: Trace['frames'], index: number): Trace['frames'][number] | null {
  let lo = 0;
  let hi = frames.length - 1;
  let found: Trace['frames'][number] | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = frames[mid]!;
    if (f.index <= index) {
      found = f;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function selectShown(s: Pick<RunStoreState, 'trace' | 'cursor' | 'done'>): Shown {
  const { records, frames } = s.trace;
  const last = frames.at(-1)?.frame ?? null;
  if (s.cursor === null && s.done !== null) {
    return {
      record: records.at(-1) ?? null,
      index: records.length - 1,
      delta: s.done.delta,
      deltaIndex: records.length - 1,
      view: s.done.adversarial,
      permutation: last?.permutation ?? null,
      isResult: true,
    };
  }
  const index = s.cursor === null ? records.length - 1 : Math.min(s.cursor, records.length - 1);
  if (index < 0)
    return {
      record: null,
      index: -1,
      delta: null,
      deltaIndex: -1,
      view: null,
      permutation: null,
      isResult: false,
    };
  const frame = s.cursor === null ? last : (frameAtOrBefore(frames, index)?.frame ?? null);
  const kept = nearestDelta(s.trace, index);
  return {
    record: records[index]!,
    index,
    delta: kept?.delta ?? null,
    deltaIndex: kept?.index ?? -1,
    view: frame?.view ?? null,
    permutation: frame?.permutation ?? null,
    isResult: false,
  };
}
