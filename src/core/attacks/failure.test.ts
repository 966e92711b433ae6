/**
 * The result check and the failure reasons: a returned x′ that is not finite, leaves the box or the
 * ε-ball is never a success; every method says truly why it failed, checked against its own records.
 * And a model whose outputs are not finite is refused before anyone attacks or scores it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KindedError } from '../errors';
import { toFloatBatch } from '../data/dataset';
import { loadMnist } from '../data/mnist-node';
import {
  assertFiniteClassifier,
  disposeClassifier,
  nonFiniteOutputs,
  wrapClassifier,
} from '../models/attacked-classifier';
import { loadLayersModel } from '../models/io';
import { barImage, tinyClassifier } from '../testing/tiny-classifier';
import { tinyModels } from '../testing/tiny-models';
import { tinyDenseAutoencoder } from '../testing/tiny-autoencoders';
import { runAttack } from './attack';
import { assertFiniteAutoencoder, wrapAutoencoder } from './autoencoder-target';
import { resultProblem, verdict } from './checks';
import { runToEnd } from './run-to-end';
import { emptyStats, foldIterate, uaeFailure } from './failure';
import { attackL2Uae } from './l2-uae';
import { MinMaxRun } from './minmax';
import { resolveOptions, type AttackMethod, type AttackOptions } from './options';
import { trackerFor } from './resume';
import type { IterationRecord } from './trace';
import { attackUae } from './uae';

const tiny = tinyModels();
const x = barImage();
const label = 3;

const opts = (o: Partial<AttackOptions>) => resolveOptions({ critic: 'lite', iters: 4, ...o });

/** The smallest f of the records and where it was (first occurrence, counted over search steps). */
function closest(recs: IterationRecord[], iters: number) {
  let best = recs[0]!;
  for (const r of recs) if (r.f < best.f) best = r;
  return { f: best.f, t: best.t, step: best.searchStep, overall: best.searchStep * iters + best.t };
}

const shown = (v: number) => (Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toPrecision(3));

describe('the result check', () => {
  const clean = new Float32Array(784).fill(0.5);

  it('passes an x′ inside the box and the ε-ball (up to float32 rounding)', () => {
    const adv = clean.map((v, i) => (i % 2 ? v + 0.3 + 1e-7 : v - 0.3));
    expect(resultProblem(clean, adv, 0.3)).toBeNull();
  });

  it('counts non-finite pixels, as in the issue (495 NaN of 784)', () => {
    const adv = clean.map((v, i) => (i < 495 ? NaN : v));
    expect(resultProblem(clean, adv, 1)).toBe('the returned x′ has 495 non-finite pixels');
    const one = clean.slice();
    one[3] = Infinity;
    expect(resultProblem(clean, one, 1)).toBe('the returned x′ has 1 non-finite pixel');
  });

  it('refuses pixels outside [0, 1] and a perturbation beyond ε', () => {
    const out = clean.slice();
    out[0] = 1.2;
    out[1] = -0.01;
    expect(resultProblem(clean, out, 1)).toBe('the returned x′ has 2 pixels outside [0, 1]');
    const far = clean.slice();
    far[5] = 0.5 + 0.3 + 1e-4;
    expect(resultProblem(clean, far, 0.3)).toBe(
      'the returned x′ is 0.3001 from x in L∞ (1 pixel beyond ε = 0.3)',
    );
  });

  it('a booked success whose x′ fails the check is a failure with the check as its reason', () => {
    const why = 'the returned x′ has 3 non-finite pixels';
    expect(verdict(true, why, () => 'unused')).toEqual({ success: false, failureReason: why });
    expect(verdict(true, null, () => 'unused')).toEqual({ success: true, failureReason: null });
    expect(verdict(false, null, () => 'none met')).toEqual({ success: false, failureReason: 'none met' });
  });
});

describe('failure reasons, against the runs’ own records', () => {
  it.each<AttackMethod>(['minmax', 'pgd'])(
    '%s: f stayed > 0, with the smallest f and its iteration',
    async (method) => {
      const recs: IterationRecord[] = [];
      const r = await runAttack(method, tiny.clf, { x, label }, opts({ kappa: 1e3 }), {
        onIteration: (rec) => void recs.push(rec),
      });
      expect(r.success).toBe(false);
      const c = closest(recs, 4);
      expect(r.failureReason).toBe(
        `f stayed > 0 for all 4 iterations (smallest f ${shown(c.f)} at iteration ${c.t})`,
      );
      expect(r.miBest).toBeNull();
    },
  );

  it('penalty: per binary search, with the c it tried and the step of the smallest f', async () => {
    const recs: IterationRecord[] = [];
    const o = opts({ kappa: 1e3, iters: 3, searchSteps: 2 });
    const r = await runAttack('penalty', tiny.clf, { x, label }, o, {
      onIteration: (rec) => void recs.push(rec),
    });
    const c = closest(recs, 3);
    expect(r.failureReason).toBe(
      `f stayed > 0 in all 2 search steps (c from 0.00100 to 0.0100; smallest f ${shown(c.f)} at iteration ${c.t} of search step ${c.step + 1})`,
    );
  });

  it('a success has no failure reason', async () => {
    const r = await runAttack('pgd', tiny.clf, { x, label }, opts({ iters: 20, pgdStep: 0.1 }));
    expect(r.success).toBe(true);
    expect(r.failureReason).toBeNull();
  });

  it('a cancelled run says so', async () => {
    const abort = new AbortController();
    abort.abort();
    const r = await runAttack('minmax', tiny.clf, { x, label }, opts({ kappa: 1e3 }), {
      signal: abort.signal,
    });
    expect(r.failureReason).toBe('cancelled before any iteration ran');
  });

  it('L2-UAE: per binary search', async () => {
    const recs: IterationRecord[] = [];
    const dense = wrapAutoencoder(tinyDenseAutoencoder());
    const o = opts({ iters: 2, searchSteps: 2, alpha: 1e-6, deltaInit: 'uniform' });
    const r = await attackL2Uae(dense, x, o, { onIteration: (rec) => void recs.push(rec) });
    expect(r.success).toBe(false);
    const c = closest(recs, 2);
    expect(r.failureReason).toBe(
      `f stayed > 0 in all 2 search steps (c from 0.00100 to 0.0100; smallest f ${shown(c.f)} at iteration ${c.t} of search step ${c.step + 1})`,
    );
  });

  it('MINE-UAE: which of f ≤ 0 and I > 0 never held together, counted from its records', async () => {
    const recs: IterationRecord[] = [];
    const r = await attackUae(tiny.ae, x, opts({ iters: 4, deltaInit: 'uniform', mineSteps: 1 }), {
      onIteration: (rec) => void recs.push(rec),
    });
    const fMet = recs.filter((q) => q.f <= 0).length;
    const both = recs.filter((q) => q.f <= 0 && q.mi > 0).length;
    expect(r.success).toBe(both > 0);
    if (both > 0) expect(r.failureReason).toBeNull();
    else if (fMet === 0) expect(r.failureReason).toMatch(new RegExp(`^f never ≤ 0 in 4 iterations`));
    else
      expect(r.failureReason).toMatch(new RegExp(`^f ≤ 0 held at ${fMet} iterations? but I was ≤ 0 at each`));
  });

  it('MINE-UAE wording for each case', () => {
    const fold = (pairs: [number, number][]) => {
      const s = emptyStats();
      pairs.forEach(([f, mi], i) => {
        foldIterate(s, f, mi, i + 1);
      });
      return uaeFailure(s, { iters: pairs.length, cancelled: false });
    };
    expect(
      fold([
        [0.5, -1],
        [0.2, -2],
        [0.3, -1],
      ]),
    ).toBe('f never ≤ 0 in 3 iterations (smallest f 0.200 at iteration 2), and I > 0 never held either');
    expect(
      fold([
        [0.5, 0.1],
        [0.2, -2],
      ]),
    ).toBe('f never ≤ 0 in 2 iterations (smallest f 0.200 at iteration 2), while I > 0 held at 1');
    expect(fold([[0.5, -1]])).toBe(
      'f never ≤ 0 in 1 iteration (smallest f 0.500 at iteration 1), and I > 0 never held either',
    );
    expect(
      fold([
        [-0.5, -0.3],
        [-0.1, -0.2],
        [0.1, -1],
      ]),
    ).toBe(
      'f ≤ 0 held at 2 iterations but I was ≤ 0 at each of them (largest I there -0.200); I > 0 never held',
    );
    expect(
      fold([
        [-0.5, -0.3],
        [0.1, 0.4],
      ]),
    ).toBe(
      'f ≤ 0 held at 1 iteration but I was ≤ 0 at each of them (largest I there -0.300); I > 0 held at 1 other iteration',
    );
  });

  it('a run continued after a fallback reasons over all its iterations, not only its own', async () => {
    const o = opts({ kappa: 1e3, iters: 6, traceDeltaEvery: 1 });
    const whole: IterationRecord[] = [];
    const full = await runAttack('minmax', tiny.clf, { x, label }, o, {
      onIteration: (rec) => void whole.push(rec),
    });
    const tracker = trackerFor('minmax', o);
    const first = await MinMaxRun.create(tiny.clf, { x, label }, o);
    for (let t = 0; t < 3; t++) tracker.record(await first.step());
    first.dispose();
    const resumed = await runToEnd(await MinMaxRun.create(tiny.clf, { x, label }, o, tracker.state()!), {});
    expect(resumed.failureReason).toMatch(
      /^f stayed > 0 for all 6 iterations \(smallest f .* at iteration \d\)$/,
    );
    expect(full.failureReason).toMatch(/^f stayed > 0 for all 6 iterations/);
  });
});

describe('a model whose outputs are not finite is refused', () => {
  /** A copy of the tiny model with one weight of `layer` set to NaN. */
  function poisoned(model: ReturnType<typeof tinyClassifier>, layer: number) {
    const l = model.layers[layer]!;
    const [w, ...rest] = l.getWeights();
    const values = w!.dataSync().slice();
    values[0] = NaN;
    l.setWeights([tf.tensor(values, w!.shape), ...rest]);
    return model;
  }

  it('a classifier with a NaN weight: invalid-input, with the count', async () => {
    const bad = wrapClassifier(poisoned(tinyClassifier(), 3));
    const e: unknown = await assertFiniteClassifier(bad, new Float32Array([...x, ...x]), 'model m').catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(KindedError);
    expect((e as KindedError).kind).toBe('invalid-input');
    expect((e as KindedError).message).toBe(
      'model m gives non-finite outputs (2 of 20 values NaN or ±Infinity on 2 probe images): its weights are broken, so it cannot be attacked or measured',
    );
    await expect(assertFiniteClassifier(tiny.clf, x)).resolves.toBeUndefined();
  });

  it('a NaN weight that a ReLU hides on the probe is refused by the weight scan', async () => {
    // Shipped classifier, one NaN in dense1: its outputs on test images 0..7 stay finite (it scores
    // 99.3 %), yet every gradient through the weight is NaN.
    const model = await loadLayersModel('public/models/mnist-classifier');
    const dense = model.getLayer('dense1');
    const [w, ...rest] = dense.getWeights();
    const values = w!.dataSync().slice();
    values[0] = NaN;
    dense.setWeights([tf.tensor(values, w!.shape), ...rest]);
    const shipped = wrapClassifier(model);
    const test = await loadMnist('test');
    const probe = toFloatBatch(test.images, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect((await nonFiniteOutputs(model, probe, shipped.inputShape)).bad).toBe(0);
    await expect(assertFiniteClassifier(shipped, probe)).rejects.toThrow(
      'the classifier has non-finite weights (1 in dense1/kernel): every gradient through them is NaN',
    );
    disposeClassifier(shipped);
    model.dispose();
  });

  it('an autoencoder with a NaN weight too', async () => {
    const model = tinyDenseAutoencoder();
    const l = model.layers[1]!;
    const [w, b] = l.getWeights();
    const values = b!.dataSync().slice();
    values[7] = NaN;
    l.setWeights([w!, tf.tensor(values, b!.shape)]);
    await expect(assertFiniteAutoencoder(wrapAutoencoder(model), x)).rejects.toThrow(
      /the autoencoder gives non-finite outputs \(1 of 784 values/,
    );
    await expect(assertFiniteAutoencoder(tiny.ae, x)).resolves.toBeUndefined();
  });
});
