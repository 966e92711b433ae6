/**
 * Resuming a supervised MinMax run from another run's state (what the worker does after a backend
 * fails): iteration numbers, δ, c and the booking of δ* carry over; the critic restarts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { wrapClassifier, type AttackedClassifier } from '../models/attacked-classifier';
import { barImage, tinyClassifier } from '../testing/tiny-classifier';
import { MinMaxRun } from './minmax';
import { resolveOptions } from './options';
import { ResumeTracker, emptyBooking, type ResumeState } from './resume';
import type { IterationRecord } from './trace';

let clf: AttackedClassifier;
const x = barImage();
const sample = { x, label: 3 };
const eps = 0.05;
const N = 14;
const K = 6;
const opts = resolveOptions({ critic: 'lite', iters: N, eps, alpha: 0.05, traceDeltaEvery: 1, seed: 3 });

beforeAll(async () => {
  await initBackend('wasm');
  clf = wrapClassifier(tinyClassifier());
});

async function stepAll(run: MinMaxRun): Promise<IterationRecord[]> {
  const recs: IterationRecord[] = [];
  while (!run.done) recs.push(await run.step());
  return recs;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** δ clipped to [−ε, ε] ∩ [−x, 1 − x], as the paper semantics project it. */
function projected(d: Float32Array): Float32Array {
  return d.map((v, i) => Math.min(Math.max(v, -eps, -x[i]!), eps, 1 - x[i]!));
}

describe('MinMax resume', () => {
  it('an interrupted run continues at k+1..N inside the ε box, with its booking', async () => {
    // The first part: K iterations, folded by the tracker as the worker folds streamed records.
    const first = await MinMaxRun.create(clf, sample, opts);
    const tracker = new ResumeTracker(opts.semantics, opts.c0);
    const head: IterationRecord[] = [];
    for (let i = 0; i < K; i++) {
      const rec = await first.step();
      head.push(rec);
      tracker.record(rec);
    }
    const lastDelta = await first.delta();
    first.dispose();
    const state = tracker.state()!;
    expect(state.t).toBe(K);
    expect(state.c).toBe(head[K - 1]!.c);
    expect(maxAbsDiff(state.delta, lastDelta)).toBe(0);

    // A booking no fresh run could reach (I = 1e6 at iteration 2), so that only a carried-over
    // booking can return it.
    const planted = projected(new Float32Array(x.length).fill(0.03));
    state.booking = {
      best: { mi: 1e6, delta: planted, iter: 2 },
      closest: { f: -1, delta: planted.slice() },
      firstSuccessIter: 2,
    };

    const before = tf.memory().numTensors;
    const resumed = await MinMaxRun.create(clf, sample, opts, state);
    expect(resumed.t).toBe(K);
    expect(resumed.c).toBe(state.c);
    expect(resumed.resumedFrom).toBe(K);
    expect(maxAbsDiff(await resumed.delta(), state.delta)).toBeLessThan(1e-7);
    const tail = await stepAll(resumed);
    expect(tail.map((r) => r.t)).toEqual(Array.from({ length: N - K }, (_, i) => K + 1 + i));
    for (const r of tail) {
      expect(r.linf).toBeLessThanOrEqual(eps + 1e-6);
      expect(maxAbsDiff(r.delta!, projected(r.delta!))).toBeLessThan(1e-6);
      // δ* of the first part stays the best: nothing a fresh critic measures reaches 1e6.
      expect(r.bestMi).toBe(1e6);
    }
    const result = await resumed.result();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(result.itersRun).toBe(N);
    expect(result.success).toBe(true);
    expect(result.miBest).toBe(1e6);
    expect(result.firstSuccessIter).toBe(2);
    expect(maxAbsDiff(result.delta, planted)).toBeLessThan(1e-6);
  });

  it('the run starts from the given δ, projected into the box', async () => {
    const wild = new Float32Array(x.length).map((_, i) => (i % 3 === 0 ? 2 : i % 3 === 1 ? -2 : 0.01));
    const state: ResumeState = { t: 3, delta: wild, c: 0.5, booking: emptyBooking() };
    const run = await MinMaxRun.create(clf, sample, opts, state);
    const d = await run.delta();
    expect(maxAbsDiff(d, projected(wild))).toBeLessThan(1e-7);
    // The projection did act (some values were out of the box).
    expect(maxAbsDiff(d, wild)).toBeGreaterThan(1);
    const rec = await run.step();
    expect(rec.t).toBe(4);
    run.dispose();
  });

  it('a run with no resume starts at 1 from δ0 = 0', async () => {
    const run = await MinMaxRun.create(clf, sample, opts);
    expect(run.resumedFrom).toBe(0);
    expect(maxAbsDiff(await run.delta(), new Float32Array(x.length))).toBe(0);
    expect((await run.step()).t).toBe(1);
    run.dispose();
  });

  it('refuses a state that does not fit the run', async () => {
    const ok = { t: 2, delta: new Float32Array(x.length), c: 0.1, booking: emptyBooking() };
    const bad: ResumeState[] = [
      { ...ok, t: N + 1 },
      { ...ok, t: 1.5 },
      { ...ok, c: NaN },
      { ...ok, delta: new Float32Array(10) },
      { ...ok, delta: new Float32Array(x.length).fill(NaN) },
    ];
    const before = tf.memory().numTensors;
    for (const s of bad)
      await expect(MinMaxRun.create(clf, sample, opts, s)).rejects.toThrow(/cannot resume/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ResumeTracker', () => {
  const d = (v: number) => new Float32Array(4).fill(v);
  const rec = (t: number, part: IterationRecord['part'], c: number, f: number, mi: number, v: number) =>
    ({
      t,
      part,
      searchStep: 0,
      c,
      f,
      fPlus: Math.max(0, f),
      mi,
      success: f <= 0,
      linf: v,
      l2: v,
      bestMi: null,
      predicted: 0,
      delta: d(v),
    }) satisfies IterationRecord;

  it('keeps δ* of the highest I among successes, the first success and the closest failure', () => {
    const tr = new ResumeTracker('paper', 1e-3);
    expect(tr.state()).toBeNull();
    tr.record(rec(1, 'both', 0.1, 2, 0.5, 0.1));
    tr.record(rec(2, 'both', 0.2, -1, 0.3, 0.2));
    tr.record(rec(3, 'both', 0.3, -0.5, 0.9, 0.3));
    tr.record(rec(4, 'both', 0.4, -2, 0.4, 0.4));
    const s = tr.state()!;
    expect(s.t).toBe(4);
    expect(s.c).toBe(0.4);
    expect(s.delta).toEqual(d(0.4));
    expect(s.booking.firstSuccessIter).toBe(2);
    expect(s.booking.best).toEqual({ mi: 0.9, delta: d(0.3), iter: 3 });
    expect(s.booking.closest).toEqual({ f: -2, delta: d(0.4) });
  });

  it('reference semantics replays the last iteration: its δ is the iterate before the step', () => {
    const tr = new ResumeTracker('reference', 1e-3);
    tr.record(rec(1, 'both', 0.1, 2, 0.5, 0.1));
    expect(tr.state()).toMatchObject({ t: 0, c: 1e-3 });
    tr.record(rec(2, 'both', 0.2, 2, 0.5, 0.2));
    expect(tr.state()).toMatchObject({ t: 1, c: 0.1, delta: d(0.2) });
    // A critic-only step books the current δ and keeps c.
    tr.record(rec(2, 'critic', 0.2, 2, 0.5, 0.25));
    expect(tr.state()).toMatchObject({ t: 2, c: 0.2, delta: d(0.25) });
    expect(tr.lastRecord).toEqual({ searchStep: 0, t: 2 });
  });

  it('hands out copies, and refuses records without δ', () => {
    const tr = new ResumeTracker('paper', 1e-3);
    tr.record(rec(1, 'both', 0.1, -1, 0.5, 0.1));
    tr.state()!.delta.fill(9);
    tr.state()!.booking.best!.delta.fill(9);
    expect(tr.state()!.delta).toEqual(d(0.1));
    expect(tr.state()!.booking.best!.delta).toEqual(d(0.1));
    const bare: IterationRecord = { ...rec(2, 'both', 0.1, -1, 0.5, 0.1), delta: undefined };
    expect(() => {
      tr.record(bare);
    }).toThrow(/traceDeltaEvery/);
  });
});
