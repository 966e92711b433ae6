/**
 * Continuing the two baselines after an interruption (a backend fallback in the app). Oracles: PGD
 * has no critic, so a resumed PGD run must reproduce the uninterrupted trace exactly; a penalty
 * search step restarts δ, θ and Adam from its own generator, so a penalty run resumed at a step
 * boundary must reproduce every later step exactly. Mid-step, δ, c and the search bounds carry over.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { wrapClassifier, type AttackedClassifier } from '../models/attacked-classifier';
import { interrupted, runAll, shown } from '../testing/resume-harness';
import { barImage, tinyClassifier } from '../testing/tiny-classifier';
import { resolveOptions } from './options';
import { PenaltyRun } from './penalty';
import { PgdRun } from './pgd';
import type { ResumeState } from './resume';
import { initialSearch, nextSearch } from './schedule';
import type { IterationRecord } from './trace';

let clf: AttackedClassifier;
const x = barImage();
/** Labelled with the class the classifier predicts for it, so that an attack can fail. */
const sample = { x, label: 0 };

beforeAll(async () => {
  await initBackend('wasm');
  clf = wrapClassifier(tinyClassifier());
  const probe = await PgdRun.create(clf, sample, resolveOptions({}));
  sample.label = probe.predictedClean;
  probe.dispose();
});

describe('PGD resume', () => {
  const opts = resolveOptions({
    critic: 'lite',
    iters: 12,
    eps: 0.1,
    pgdStep: 0.01,
    traceDeltaEvery: 1,
    seed: 5,
    pgdRandomStart: true,
  });

  it('reproduces the uninterrupted run exactly: records, δ* and the measured I', async () => {
    const whole = await runAll(await PgdRun.create(clf, sample, opts));
    expect(whole.result.success).toBe(true);
    const k = 5;
    const { head, state } = await interrupted(await PgdRun.create(clf, sample, opts), k, 'pgd', opts);
    expect(state.t).toBe(k);
    const before = tf.memory().numTensors;
    const resumed = await PgdRun.create(clf, sample, opts, state);
    expect(resumed.resumedFrom).toBe(k);
    const tail = await runAll(resumed);
    expect(tf.memory().numTensors).toBe(before);
    expect([...head, ...tail.recs].map(shown)).toEqual(whole.recs.map(shown));
    expect(tail.result.itersRun).toBe(opts.iters);
    expect(tail.result.firstSuccessIter).toBe(whole.result.firstSuccessIter);
    expect(Array.from(tail.result.delta)).toEqual(Array.from(whole.result.delta));
    expect(tail.result.miBest).toBe(whole.result.miBest);
  });

  it('refuses a state that does not fit', async () => {
    const ok: ResumeState = {
      t: 2,
      delta: new Float32Array(x.length),
      c: 0,
      booking: { best: null, closest: null, firstSuccessIter: null },
    };
    for (const s of [
      { ...ok, t: 13 },
      { ...ok, delta: new Float32Array(3) },
      { ...ok, search: { step: 0, state: initialSearch(1), succeeded: false } },
    ])
      await expect(PgdRun.create(clf, sample, opts, s)).rejects.toThrow(/cannot resume/);
  });
});

describe('penalty resume', () => {
  for (const semantics of ['paper', 'reference'] as const) {
    const opts = resolveOptions({
      critic: 'lite',
      iters: 4,
      searchSteps: 4,
      eps: 0.1,
      alpha: 0.05,
      c0: 5,
      semantics,
      traceDeltaEvery: 1,
      seed: 9,
    });

    it(`${semantics}: resumed at a search-step boundary, every later step is the uninterrupted one`, async () => {
      const whole = await runAll(await PenaltyRun.create(clf, sample, opts));
      expect(whole.recs).toHaveLength(opts.iters * opts.searchSteps);
      // Steps that succeed and steps that fail, so the search moves c down and up.
      const succeeded = [0, 1, 2, 3].map((s) => whole.recs.some((r) => r.searchStep === s && r.success));
      expect(succeeded).toContain(true);
      expect(succeeded).toContain(false);
      const k = 2 * opts.iters;
      const { head, state } = await interrupted(
        await PenaltyRun.create(clf, sample, opts),
        k,
        'penalty',
        opts,
      );
      const before = tf.memory().numTensors;
      const resumed = await PenaltyRun.create(clf, sample, opts, state);
      const tail = await runAll(resumed);
      expect(tf.memory().numTensors).toBe(before);
      // Reference semantics replays the last iteration of step 1 with a fresh critic: compare from step 2.
      const from = (recs: IterationRecord[]) => recs.filter((r) => r.searchStep >= 2).map(shown);
      expect(from([...head, ...tail.recs])).toEqual(from(whole.recs));
      expect(tail.result.itersRun).toBe(whole.result.itersRun);
      expect(tail.result.success).toBe(whole.result.success);
      expect(tail.result.miBest).toBe(whole.result.miBest);
      expect(Array.from(tail.result.delta)).toEqual(Array.from(whole.result.delta));
    });

    it(`${semantics}: resumed mid-step, the search step, c, bounds and numbering carry over`, async () => {
      const k = opts.iters + 2;
      const { head, state, last } = await interrupted(
        await PenaltyRun.create(clf, sample, opts),
        k,
        'penalty',
        opts,
      );
      expect(last).toEqual({ searchStep: 1, t: 2 });
      const step0Succeeded = head.slice(0, opts.iters).some((r) => r.success);
      expect(state.search!.step).toBe(1);
      expect(state.search!.state).toEqual(nextSearch(initialSearch(opts.c0), step0Succeeded));
      expect(state.t).toBe(semantics === 'paper' ? 2 : 1);
      const resumed = await PenaltyRun.create(clf, sample, opts, state);
      expect(resumed.resumedFrom).toBe(opts.iters + state.t);
      const tail = await runAll(resumed);
      const positions = tail.recs.map((r) => [r.searchStep, r.t]);
      const expected: number[][] = [];
      for (let t = state.t + 1; t <= opts.iters; t++) expected.push([1, t]);
      for (const step of [2, 3]) for (let t = 1; t <= opts.iters; t++) expected.push([step, t]);
      expect(positions).toEqual(expected);
      // Step 1 goes on at the c the search had reached; every iterate stays in the ε box.
      for (const r of tail.recs.filter((r) => r.searchStep === 1)) expect(r.c).toBe(state.search!.state.c);
      for (const r of tail.recs) expect(r.linf).toBeLessThanOrEqual(opts.eps + 1e-6);
      expect(tail.result.itersRun).toBe(opts.iters * opts.searchSteps);
      // The first iterate continues from the carried δ, not from a fresh δ0: one α step away at most.
      const first = tail.recs[0]!;
      const carried = state.delta;
      let moved = 0;
      for (let i = 0; i < carried.length; i++)
        moved = Math.max(moved, Math.abs(first.delta![i]! - carried[i]!));
      expect(moved).toBeLessThanOrEqual(semantics === 'paper' ? opts.eps * 2 : 1e-6);
    });
  }

  it('refuses a penalty state without its search position, or out of the search', async () => {
    const opts = resolveOptions({ critic: 'lite', iters: 4, searchSteps: 3, traceDeltaEvery: 1 });
    const ok: ResumeState = {
      t: 2,
      delta: new Float32Array(x.length),
      c: 0,
      booking: { best: null, closest: null, firstSuccessIter: null },
      search: { step: 1, state: initialSearch(1), succeeded: false },
    };
    const bad: ResumeState[] = [
      { t: ok.t, delta: ok.delta, c: 0, booking: ok.booking },
      { ...ok, search: { ...ok.search!, step: 3 } },
      { ...ok, search: { ...ok.search!, state: { c: NaN, lower: 0, upper: 1 } } },
      { ...ok, search: { ...ok.search!, state: { c: 1, lower: 2, upper: 1 } } },
    ];
    const before = tf.memory().numTensors;
    for (const s of bad)
      await expect(PenaltyRun.create(clf, sample, opts, s)).rejects.toThrow(/cannot resume/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
