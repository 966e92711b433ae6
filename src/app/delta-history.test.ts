import { describe, expect, it } from 'vitest';
import type { FrameMessage, IterationScalars } from '../worker/protocol';
import { IMAGE_PIXELS } from '../worker/protocol';
import { TIMELINE_LIMITS, nearestDelta, thinTimelineImages, type ThinningLimits } from './delta-history';
import { keepUpTo, type Trace } from './run-store';

const SMALL: ThinningLimits = { recentDeltas: 20, olderDeltas: 10, recentFrames: 5, olderFrames: 4 };

function record(t: number, over: Partial<IterationScalars> = {}): IterationScalars {
  return {
    t,
    part: 'both',
    searchStep: 0,
    c: 1,
    f: 1,
    mi: 0.1,
    success: false,
    linf: 0,
    l2: 0,
    bestMi: null,
    predicted: 7,
    ...over,
  };
}

function frame(t: number): FrameMessage {
  const view = { probs: new Float32Array(10), maps: new Float32Array(4), k: 1, mapH: 2, mapW: 2 };
  return { type: 'frame', runId: 1, t, view, permutation: new Int32Array(0) };
}

/**
 * Streams `n` records into a trace as the store does: batches of `batch` records whose δs are views
 * into one buffer (δ of record i holds the value i), a frame after every `frameEvery`-th record.
 */
function stream(
  n: number,
  limits: ThinningLimits,
  opts: { batch?: number; frameEvery?: number; over?: (i: number) => Partial<IterationScalars> } = {},
): Trace {
  const { batch = 7, frameEvery = 3, over } = opts;
  const trace: Trace = { records: [], deltas: [], frames: [] };
  for (let start = 0; start < n; start += batch) {
    const size = Math.min(batch, n - start);
    const buffer = new Float32Array(size * IMAGE_PIXELS);
    for (let k = 0; k < size; k++) {
      const i = start + k;
      trace.records.push(record(i + 1, over?.(i)));
      buffer.fill(i, k * IMAGE_PIXELS, (k + 1) * IMAGE_PIXELS);
      trace.deltas[i] = buffer.subarray(k * IMAGE_PIXELS, (k + 1) * IMAGE_PIXELS);
    }
    thinTimelineImages(trace, limits);
    for (let k = 0; k < size; k++) {
      const i = start + k;
      if (i % frameEvery === 0) {
        trace.frames.push({ index: trace.records.length - 1, frame: frame(i + 1) });
        thinTimelineImages(trace, limits);
      }
    }
  }
  return trace;
}

const keptIndices = (trace: Trace): number[] => trace.deltas.flatMap((d, i) => (d === undefined ? [] : [i]));

describe('timeline image thinning', () => {
  it('keeps every δ of a run shorter than the recent window', () => {
    const trace = stream(20, SMALL);
    expect(keptIndices(trace)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(trace.records).toHaveLength(20);
  });

  it('bounds the δs kept whatever the length, keeps the recent window whole and older ones evenly spaced', () => {
    for (const n of [31, 100, 1000, 5000]) {
      const trace = stream(n, SMALL);
      expect(trace.records).toHaveLength(n);
      const kept = keptIndices(trace);
      expect(kept.length).toBeLessThanOrEqual(SMALL.recentDeltas + SMALL.olderDeltas);
      // The last 20 records, all of them.
      expect(kept.slice(-20)).toEqual(Array.from({ length: 20 }, (_, i) => n - 20 + i));
      const older = kept.slice(0, -20);
      expect(older.length).toBeGreaterThanOrEqual(Math.min(n - 20, SMALL.olderDeltas / 2));
      // Evenly spaced: one per bucket of a power-of-two stride, so gaps differ by at most one stride.
      const gaps = older.slice(1).map((v, i) => v - older[i]!);
      if (gaps.length > 1) expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * Math.min(...gaps));
      // Each kept δ is still the one of its record.
      for (const i of kept) expect(trace.deltas[i]![0]).toBe(i);
    }
  });

  it('copies kept older δs out of their batch buffer, so the rest of the batch can be freed', () => {
    const trace = stream(300, SMALL, { batch: 50 });
    const older = keptIndices(trace).slice(0, -20);
    for (const i of older) expect(trace.deltas[i]!.buffer.byteLength).toBe(IMAGE_PIXELS * 4);
  });

  it('always keeps the first success and the iterate of the best I', () => {
    const trace = stream(2000, SMALL, {
      over: (i) => ({
        success: i >= 333,
        // The best I improves at 333 and 777, then never again.
        bestMi: i < 333 ? null : i < 777 ? 0.5 : 0.9,
      }),
    });
    const kept = keptIndices(trace);
    expect(kept).toContain(333);
    expect(kept).toContain(777);
    expect(kept.length).toBeLessThanOrEqual(SMALL.recentDeltas + SMALL.olderDeltas + 2);
  });

  it('bounds the frames, keeps the newest ones and their order', () => {
    const trace = stream(3000, SMALL, { batch: 1, frameEvery: 1 });
    const indices = trace.frames.map((f) => f.index);
    expect(indices.length).toBeLessThanOrEqual(SMALL.recentFrames + SMALL.olderFrames);
    expect(indices.slice(-5)).toEqual([2995, 2996, 2997, 2998, 2999]);
    expect([...indices].sort((a, b) => a - b)).toEqual(indices);
    expect(new Set(indices).size).toBe(indices.length);
    expect(indices.length).toBeGreaterThan(SMALL.recentFrames);
  });

  it('with the shipped limits, 10,000 iterations keep about 1,000 δs and 200 frames', () => {
    const trace = stream(10_000, TIMELINE_LIMITS, { batch: 6, frameEvery: 5 });
    expect(trace.records).toHaveLength(10_000);
    const kept = keptIndices(trace);
    expect(kept.length).toBeLessThanOrEqual(1000);
    expect(kept.length).toBeGreaterThan(700);
    expect(trace.frames.length).toBeLessThanOrEqual(200);
  });

  it('nearestDelta finds the kept δ closest to a thinned record', () => {
    const trace = stream(1000, SMALL);
    const kept = keptIndices(trace);
    for (const i of [0, 1, 5, 123, 500, 977, 999]) {
      const near = nearestDelta(trace, i)!;
      expect(trace.deltas[near.index]).toBe(near.delta);
      const best = Math.min(...kept.map((k) => Math.abs(k - i)));
      expect(Math.abs(near.index - i)).toBe(best);
    }
    expect(nearestDelta({ records: [], deltas: [], frames: [] }, 0)).toBeNull();
  });

  it('follows a trace cut back by a continued run and goes on thinning it', () => {
    const trace = stream(500, SMALL);
    keepUpTo(trace, 300);
    expect(trace.records).toHaveLength(300);
    for (let i = 300; i < 800; i++) {
      trace.records.push(record(i + 1));
      trace.deltas[i] = new Float32Array(IMAGE_PIXELS).fill(i);
      thinTimelineImages(trace, SMALL);
    }
    const kept = keptIndices(trace);
    expect(kept.every((i) => i < 800)).toBe(true);
    expect(kept.slice(-20)).toEqual(Array.from({ length: 20 }, (_, i) => 780 + i));
    expect(kept.length).toBeLessThanOrEqual(SMALL.recentDeltas + SMALL.olderDeltas);
  });
});
