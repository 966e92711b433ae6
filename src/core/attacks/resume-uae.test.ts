/**
 * Continuing the unsupervised attacks after an interruption (a backend fallback in the app). L2-UAE
 * trains no critic, so a resumed run must reproduce the uninterrupted trace exactly, mid-step too.
 * MINE-UAE's critic restarts: its iteration numbers, δ, c and δ* (smallest positive I) carry over.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { interrupted, runAll, shown } from '../testing/resume-harness';
import { barImage } from '../testing/tiny-classifier';
import { tinyConvAutoencoder } from '../testing/tiny-autoencoders';
import { wrapAutoencoder, type AttackedAutoencoder } from './autoencoder-target';
import { L2UaeRun } from './l2-uae';
import { resolveOptions } from './options';
import { UaeRun } from './uae';

let ae: AttackedAutoencoder;
const x = barImage().map((v) => 0.2 + 0.6 * v);

beforeAll(async () => {
  await initBackend('wasm');
  ae = wrapAutoencoder(tinyConvAutoencoder());
});

describe('L2-UAE resume', () => {
  const opts = resolveOptions({
    iters: 6,
    searchSteps: 4,
    eps: 0.3,
    c0: 1,
    seed: 4,
    target: null,
    deltaInit: 'uniform',
    traceDeltaEvery: 1,
  });

  for (const k of [3, 6, 11]) {
    it(`resumed after ${k} iterations, it reproduces the uninterrupted run exactly`, async () => {
      const whole = await runAll(new L2UaeRun(ae, x, opts));
      expect(whole.result.success).toBe(true);
      // Each search step ran at its own c (the penalty test covers a search that moves both ways).
      expect(new Set(whole.recs.map((r) => r.c)).size).toBe(4);
      const { head, state } = await interrupted(new L2UaeRun(ae, x, opts), k, 'l2-uae', opts);
      const before = tf.memory().numTensors;
      const resumed = new L2UaeRun(ae, x, opts, state);
      expect(resumed.resumedFrom).toBe(k);
      const tail = await runAll(resumed);
      expect(tf.memory().numTensors).toBe(before);
      expect([...head, ...tail.recs].map(shown)).toEqual(whole.recs.map(shown));
      expect({ ...tail.result, msPerIter: 0 }).toEqual({ ...whole.result, msPerIter: 0 });
    });
  }
});

describe('MINE-UAE resume', () => {
  const opts = resolveOptions({
    critic: 'lite',
    mineSteps: 2,
    iters: 12,
    seed: 2,
    target: null,
    deltaInit: 'uniform',
    traceDeltaEvery: 1,
  });

  it('continues at k+1..N with δ, c and the booking; the critic restarts', async () => {
    const k = 5;
    const { head, state } = await interrupted(new UaeRun(ae, x, opts), k, 'mine-uae', opts);
    expect(state.t).toBe(k);
    expect(state.c).toBe(head[k - 1]!.c);
    // A booked δ* of I = 1e-9 > 0: nothing a fresh critic measures is smaller and positive.
    state.booking = {
      ...state.booking,
      best: { mi: 1e-9, delta: state.delta.slice(), iter: 2 },
      firstSuccessIter: 2,
    };
    const before = tf.memory().numTensors;
    const resumed = new UaeRun(ae, x, opts, state);
    expect(resumed.t).toBe(k);
    const tail = await runAll(resumed);
    expect(tf.memory().numTensors).toBe(before);
    expect(tail.recs.map((r) => r.t)).toEqual(Array.from({ length: opts.iters - k }, (_, i) => k + 1 + i));
    for (const r of tail.recs) {
      expect(r.linf).toBeLessThanOrEqual(opts.eps + 1e-6);
      expect(r.bestMi).toBe(1e-9);
    }
    expect(tail.result.itersRun).toBe(opts.iters);
    expect(tail.result.success).toBe(true);
    expect(tail.result.miBest).toBe(1e-9);
    expect(tail.result.firstSuccessIter).toBe(2);
  });

  it('refuses a state that does not fit', () => {
    const bad = {
      t: 13,
      delta: new Float32Array(x.length),
      c: 0,
      booking: { best: null, closest: null, firstSuccessIter: null },
    };
    expect(() => new UaeRun(ae, x, opts, bad)).toThrow(/cannot resume/);
  });
});
