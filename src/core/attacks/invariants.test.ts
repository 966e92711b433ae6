/**
 * Invariants of the MinMax engine (docs/ALGORITHM.md §9) on a small seeded classifier, so that they hold
 * whatever the shipped weights are. Attack strength on the shipped model is in strength.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { wrapClassifier, type AttackedClassifier } from '../models/attacked-classifier';
import { barImage, tinyClassifier } from '../testing/tiny-classifier';
import { runAttack } from './attack';
import { criticVariables } from '../mine/critic';
import { MinMaxRun } from './minmax';
import { resolveOptions, type AttackOptions } from './options';
import type { IterationRecord } from './trace';

let clf: AttackedClassifier;
const x = barImage();
const label = 3;

beforeAll(async () => {
  await initBackend('wasm');
  clf = wrapClassifier(tinyClassifier());
});

async function trace(opts: AttackOptions, sample = { x, label }) {
  const recs: IterationRecord[] = [];
  const result = await runAttack('minmax', clf, sample, opts, { onIteration: (r) => void recs.push(r) });
  return { recs, result };
}

describe('MinMax invariants', () => {
  it('every iterate stays in the ε-ball and in [0,1]; c ≥ 0; I* only rises, and only on success', async () => {
    const eps = 0.05;
    const opts = resolveOptions({ critic: 'lite', iters: 60, eps, alpha: 0.05, traceDeltaEvery: 1, seed: 3 });
    const { recs } = await trace(opts);
    let prevBest: number | null = null;
    for (const r of recs) {
      expect(r.linf).toBeLessThanOrEqual(eps + 1e-6);
      expect(r.c).toBeGreaterThanOrEqual(0);
      const d = r.delta!;
      let m = 0;
      for (let i = 0; i < d.length; i++) {
        const v = x[i]! + d[i]!;
        expect(v).toBeGreaterThanOrEqual(-1e-6);
        expect(v).toBeLessThanOrEqual(1 + 1e-6);
        m = Math.max(m, Math.abs(d[i]!));
      }
      expect(m).toBeCloseTo(r.linf, 5);
      if (prevBest !== null) expect(r.bestMi!).toBeGreaterThanOrEqual(prevBest);
      if (r.bestMi !== prevBest) {
        expect(r.success).toBe(true);
        expect(r.bestMi).toBe(r.mi);
      }
      prevBest = r.bestMi;
    }
  });

  it('ε = 0 leaves x unchanged and never mutates the input', async () => {
    const input = x.slice();
    const { result, recs } = await trace(resolveOptions({ critic: 'lite', iters: 10, eps: 0 }), {
      x: input,
      label,
    });
    expect(input).toEqual(x);
    expect(result.linf).toBe(0);
    expect(Array.from(result.adversarial)).toEqual(Array.from(x));
    for (const r of recs) expect(r.linf).toBe(0);
  });

  it('same seed → identical trace; another seed → another trace', async () => {
    const opts = resolveOptions({ critic: 'lite', iters: 15, eps: 1, seed: 11 });
    const a = await trace(opts);
    const b = await trace(opts);
    expect(b.recs).toEqual(a.recs);
    const c = await trace({ ...opts, seed: 12 });
    expect(c.recs.map((r) => r.mi)).not.toEqual(a.recs.map((r) => r.mi));
  });

  it('consecutive samples share no state', async () => {
    const opts = resolveOptions({ critic: 'lite', iters: 10, eps: 1, seed: 5 });
    const other = { x: barImage().map((v, i) => (i % 7 === 0 ? 0.5 : v)), label: 1 };
    const alone = await trace(opts);
    await trace(opts, other);
    const after = await trace(opts);
    expect(after.recs).toEqual(alone.recs);
  });

  it('reference semantics: Glorot δ0, box by clipping; x′ still within ε and [0,1]', async () => {
    const opts = resolveOptions({
      critic: 'lite',
      iters: 20,
      eps: 0.1,
      semantics: 'reference',
      traceDeltaEvery: 1,
    });
    expect(opts.deltaInit).toBe('glorot');
    const { recs } = await trace(opts);
    for (const r of recs) {
      expect(r.linf).toBeLessThanOrEqual(0.1 + 1e-6);
      for (let i = 0; i < x.length; i++) {
        const v = x[i]! + r.delta![i]!;
        expect(v).toBeGreaterThanOrEqual(-1e-6);
        expect(v).toBeLessThanOrEqual(1 + 1e-6);
      }
    }
    // Glorot δ0 moves x at once, unlike the paper's zero start.
    expect(recs[0]!.linf).toBeGreaterThan(0.01);
  });

  it('stepping one player: the critic step leaves δ and t, the attacker step leaves θ', async () => {
    const run = await MinMaxRun.create(
      clf,
      { x, label },
      resolveOptions({ critic: 'lite', iters: 50, eps: 1, alpha: 0.05 }),
    );
    const theta = async () =>
      (await Promise.all(criticVariables(run.estimator.params).map((v) => v.data()))).map((a) =>
        Array.from(a),
      );
    await run.step();
    const a = await run.step('critic');
    expect(run.t).toBe(1);
    expect(run.criticSteps).toBe(1);
    expect(a.part).toBe('critic');
    const before = await theta();
    const b = await run.step('attacker');
    expect(run.t).toBe(2);
    expect(await theta()).toEqual(before);
    expect(b.l2).not.toBe(a.l2);
    const c = await run.step('critic');
    expect(c.l2).toBe(b.l2);
    expect(await theta()).not.toEqual(before);
    run.dispose();
  });

  it('numTensors stays flat over 200 iterations', async () => {
    const run = await MinMaxRun.create(
      clf,
      { x, label },
      resolveOptions({ critic: 'lite', iters: 200, eps: 1 }),
    );
    const counts: number[] = [];
    while (!run.done) {
      await run.step();
      counts.push(tf.memory().numTensors);
    }
    run.dispose();
    expect(new Set(counts.slice(5)).size).toBe(1);
  });

  it('a finished run frees everything it allocated', async () => {
    const before = tf.memory().numTensors;
    await trace(resolveOptions({ critic: 'lite', iters: 5, eps: 1 }));
    await runAttack('pgd', clf, { x, label }, resolveOptions({ critic: 'lite', iters: 5, eps: 0.3 }));
    await runAttack(
      'penalty',
      clf,
      { x, label },
      resolveOptions({ critic: 'lite', iters: 3, searchSteps: 2, eps: 1 }),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs to the end without any hook', async () => {
    const r = await runAttack(
      'minmax',
      clf,
      { x, label },
      resolveOptions({ critic: 'lite', iters: 7, eps: 1 }),
    );
    expect(r.itersRun).toBe(7);
  });

  it('cancel stops between iterations and reports it', async () => {
    const ctrl = new AbortController();
    let n = 0;
    const result = await runAttack(
      'minmax',
      clf,
      { x, label },
      resolveOptions({ critic: 'lite', iters: 100, eps: 1 }),
      {
        signal: ctrl.signal,
        onIteration: () => {
          if (++n === 4) ctrl.abort();
        },
      },
    );
    expect(result.cancelled).toBe(true);
    expect(result.itersRun).toBe(4);
  });
});

describe('trace of δ for the baselines', () => {
  it.each(['pgd', 'penalty', 'minmax'] as const)(
    '%s records carry x′ − x every traceDeltaEvery iterations, inside the ε-ball and the box',
    async (method) => {
      const recs: IterationRecord[] = [];
      const opts = resolveOptions({ critic: 'lite', iters: 6, eps: 0.2, searchSteps: 1, traceDeltaEvery: 3 });
      await runAttack(method, clf, { x, label }, opts, { onIteration: (r) => void recs.push(r) });
      expect(recs.map((r) => r.delta !== undefined)).toEqual([false, false, true, false, false, true]);
      for (const r of recs.filter((q) => q.delta)) {
        expect(r.delta).toHaveLength(784);
        r.delta!.forEach((d, i) => {
          expect(Math.abs(d)).toBeLessThanOrEqual(0.2 + 1e-6);
          expect(x[i]! + d).toBeGreaterThanOrEqual(-1e-6);
          expect(x[i]! + d).toBeLessThanOrEqual(1 + 1e-6);
        });
        expect(Math.max(...r.delta!.map(Math.abs))).toBeCloseTo(r.linf, 5);
      }
    },
  );
});
