/**
 * What the timeline keeps of a run's images, so that memory stays flat however long the run: every
 * iteration's scalars are kept (charts, exports), but δs and frames (x′'s probabilities and feature
 * maps) only for the recent past in full and, before it, thinned to a bounded number of evenly spaced
 * iterates. Always kept: the first successful iterate and the one that set the best I so far (δ*,
 * which `done` also carries whole).
 *
 * Thinning keeps, in each bucket of `stride` consecutive record indices, the first image; when more
 * than the limit are kept the stride doubles, so the kept ones stay evenly spaced and each image
 * is touched O(log n) times. The trace's arrays are thinned in place: a dropped δ leaves a hole
 * (`undefined`) at its index, a dropped frame leaves the frames array.
 */
import type { Trace } from './run-trace';

export interface ThinningLimits {
  /** The last this many records keep their δ. */
  readonly recentDeltas: number;
  /** Older δs kept, evenly spaced (pinned ones come on top). */
  readonly olderDeltas: number;
  /** The last this many frames are kept, as long as they show one of the last `recentDeltas` records. */
  readonly recentFrames: number;
  /** Older frames kept, evenly spaced. */
  readonly olderFrames: number;
}

/**
 * ~1,000 δs of 3.1 KB and ~200 frames (on MNIST's classifier 32 maps of 26×26, ~87 KB each): about
 * 3 MB + 17 MB of images at most, whatever the run's length.
 */
export const TIMELINE_LIMITS: ThinningLimits = {
  recentDeltas: 500,
  olderDeltas: 500,
  recentFrames: 100,
  olderFrames: 100,
};

/** Where thinning of one trace stands. */
interface Thinning {
  /** Records below this index have left the recent window (their δ is thinned or pinned). */
  settled: number;
  /** Records scanned for pins. */
  scanned: number;
  deltaStride: number;
  /** Indices of the older δs kept by thinning (not the pinned ones), ascending. */
  olderDeltas: number[];
  /** The first `olderFrames` entries of trace.frames are the thinned older ones. */
  olderFrames: number;
  frameStride: number;
  firstSuccess: number | null;
  best: number | null;
  bestMi: number | null;
}

const states = new WeakMap<Trace, Thinning>();

function stateOf(trace: Trace): Thinning {
  let s = states.get(trace);
  if (s === undefined) {
    s = {
      settled: 0,
      scanned: 0,
      deltaStride: 1,
      olderDeltas: [],
      olderFrames: 0,
      frameStride: 1,
      firstSuccess: null,
      best: null,
      bestMi: null,
    };
    states.set(trace, s);
  }
  return s;
}

/** A continued run cut the trace back (keepUpTo): forget what lay beyond the cut. */
function followCut(trace: Trace, s: Thinning): void {
  const n = trace.records.length;
  if (s.scanned <= n && s.olderFrames <= trace.frames.length) return;
  s.scanned = Math.min(s.scanned, n);
  s.settled = Math.min(s.settled, n);
  s.olderDeltas = s.olderDeltas.filter((i) => i < n);
  s.olderFrames = Math.min(s.olderFrames, trace.frames.length);
  if (s.firstSuccess !== null && s.firstSuccess >= n) s.firstSuccess = null;
  if (s.best !== null && s.best >= n) {
    s.best = null;
    s.bestMi = null;
  }
}

function isPinned(s: Thinning, index: number): boolean {
  return index === s.firstSuccess || index === s.best;
}

/** Pins the first success and the latest record that improved the best I. */
function scanPins(trace: Trace, s: Thinning, limits: ThinningLimits): void {
  const { records } = trace;
  for (let i = s.scanned; i < records.length; i++) {
    const r = records[i]!;
    if (r.success && s.firstSuccess === null) s.firstSuccess = i;
    if (r.bestMi !== null && r.bestMi !== s.bestMi) {
      const unpinned = s.best;
      s.best = i;
      s.bestMi = r.bestMi;
      // The previous best, already past the window, is now an ordinary older δ.
      if (unpinned !== null && unpinned < s.settled && unpinned !== s.firstSuccess) {
        insertSorted(s.olderDeltas, unpinned);
        thinDeltas(trace, s, limits);
      }
    }
  }
  s.scanned = records.length;
}

function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]! > value) i--;
  list.splice(i, 0, value);
}

/** Keeps the first entry of each stride bucket; doubles the stride until at most `max` remain. */
function thinIndices(
  indices: readonly number[],
  stride: number,
  max: number,
): { kept: number[]; stride: number } {
  let kept = indices.slice();
  let s = stride;
  for (;;) {
    const next: number[] = [];
    let lastBucket = -1;
    for (const i of kept) {
      const bucket = Math.floor(i / s);
      if (bucket !== lastBucket) next.push(i);
      lastBucket = bucket;
    }
    kept = next;
    if (kept.length <= max) return { kept, stride: s };
    s *= 2;
  }
}

function thinDeltas(trace: Trace, s: Thinning, limits: ThinningLimits): void {
  const { kept, stride } = thinIndices(s.olderDeltas, s.deltaStride, limits.olderDeltas);
  if (kept.length === s.olderDeltas.length) return;
  const keep = new Set(kept);
  for (const i of s.olderDeltas) if (!keep.has(i) && !isPinned(s, i)) trace.deltas[i] = undefined;
  s.olderDeltas = kept;
  s.deltaStride = stride;
}

/** Moves records that left the recent window into the thinned part. */
function settleDeltas(trace: Trace, s: Thinning, limits: ThinningLimits): void {
  const { deltas } = trace;
  const windowStart = Math.max(0, trace.records.length - limits.recentDeltas);
  for (let i = s.settled; i < windowStart; i++) {
    const d = deltas[i];
    if (d === undefined) continue;
    // A δ arrives as a view into its batch's buffer: a kept one gets its own copy, so that the
    // batch's other δs can be freed.
    if (isPinned(s, i)) {
      deltas[i] = d.slice();
      continue;
    }
    const last = s.olderDeltas.at(-1);
    if (last !== undefined && Math.floor(last / s.deltaStride) === Math.floor(i / s.deltaStride)) {
      deltas[i] = undefined;
      continue;
    }
    deltas[i] = d.slice();
    s.olderDeltas.push(i);
  }
  s.settled = Math.max(s.settled, windowStart);
  thinDeltas(trace, s, limits);
}

function settleFrames(trace: Trace, s: Thinning, limits: ThinningLimits): void {
  const { frames } = trace;
  const windowStart = trace.records.length - limits.recentDeltas;
  let moved = false;
  while (
    s.olderFrames < frames.length &&
    (frames.length - s.olderFrames > limits.recentFrames || frames[s.olderFrames]!.index < windowStart)
  ) {
    s.olderFrames++;
    moved = true;
  }
  if (!moved) return;
  const older = frames.slice(0, s.olderFrames);
  const { kept, stride } = thinIndices(
    older.map((f) => f.index),
    s.frameStride,
    limits.olderFrames,
  );
  s.frameStride = stride;
  if (kept.length === older.length) return;
  // thinIndices keeps the first entry of a bucket; frames sharing an index keep the first of them.
  const keepFrames: Trace['frames'][number][] = [];
  let k = 0;
  for (const f of older) {
    if (k < kept.length && f.index === kept[k]) {
      keepFrames.push(f);
      k++;
    }
  }
  frames.splice(0, s.olderFrames, ...keepFrames);
  s.olderFrames = keepFrames.length;
}

/**
 * Applies the policy to a trace that has grown (records, δs or frames appended): call after each
 * append. Cheap: only what entered or left the recent window is looked at, plus a re-thinning when
 * a limit is passed.
 */
export function thinTimelineImages(trace: Trace, limits: ThinningLimits = TIMELINE_LIMITS): void {
  const s = stateOf(trace);
  followCut(trace, s);
  scanPins(trace, s, limits);
  settleDeltas(trace, s, limits);
  settleFrames(trace, s, limits);
}

/** The kept δ nearest to record `index` (an earlier one on a tie), with its index; null if none. */
export function nearestDelta(trace: Trace, index: number): { index: number; delta: Float32Array } | null {
  const { deltas } = trace;
  const exact = deltas[index];
  if (exact !== undefined) return { index, delta: exact };
  for (let d = 1; d < deltas.length; d++) {
    const before = deltas[index - d];
    if (index - d >= 0 && before !== undefined) return { index: index - d, delta: before };
    const after = deltas[index + d];
    if (after !== undefined && index + d < trace.records.length) return { index: index + d, delta: after };
    if (index - d < 0 && index + d >= deltas.length) break;
  }
  return null;
}
