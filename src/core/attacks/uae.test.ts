/** The unsupervised attack's criterion, sign flip, success rule and failure case (docs/ALGORITHM.md §5). */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { Rng } from '../rng';
import { barImage } from '../testing/tiny-classifier';
import { tinyConvAutoencoder, tinyDenseAutoencoder } from '../testing/tiny-autoencoders';
import { BatchedCritic } from '../mine/batched-critic';
import { criticLayout } from '../mine/critic';
import { convSamplesBatch } from '../models/first-conv';
import { autoencoderTarget, wrapAutoencoder, type AttackedAutoencoder } from './autoencoder-target';
import { imageRng } from './batch-images';
import { uaeSampleShape } from './uae-samples';
import { resolveOptions } from './options';
import type { IterationRecord } from './trace';
import { attackUae, UaeRun } from './uae';
import { attackL2Uae } from './l2-uae';
import { gaussianAugment, gaussianCopy } from './gaussian';

let convAe: AttackedAutoencoder;
let denseAe: AttackedAutoencoder;
const x = barImage().map((v) => 0.2 + 0.6 * v);

beforeAll(async () => {
  await initBackend('wasm');
  convAe = wrapAutoencoder(tinyConvAutoencoder());
  denseAe = wrapAutoencoder(tinyDenseAutoencoder());
});

async function run(ae: AttackedAutoencoder, over: Parameters<typeof resolveOptions>[0]) {
  const recs: IterationRecord[] = [];
  const result = await attackUae(
    ae,
    x,
    resolveOptions({ critic: 'lite', mineSteps: 2, iters: 20, ...over }),
    {
      onIteration: (r) => void recs.push(r),
    },
  );
  return { recs, result };
}

describe('unsupervised MinMax attack (UAE)', () => {
  it('finds the first conv of a conv AE and uses random projections for a dense AE', () => {
    expect(convAe.conv1?.channels).toBe(4);
    expect(denseAe.conv1).toBeNull();
    expect(denseAe.flat).toBe(true);
  });

  it('criterion: f = ‖x − AE(x′)‖² − ‖x − AE(x)‖², so ε = 0 gives f = 0 and equal errors', async () => {
    const { recs, result } = await run(convAe, { eps: 0, iters: 4 });
    for (const r of recs) expect(r.f).toBeCloseTo(0, 4);
    expect(result.reconAdv).toBeCloseTo(result.reconClean, 4);
    const t = tf.tensor4d(x, [1, 28, 28, 1]);
    const target = autoencoderTarget(convAe, t);
    const f = target.criterion(tf.clipByValue(tf.add(t, 0.3), 0, 1) as tf.Tensor4D);
    const errAdv = target.readout(tf.clipByValue(tf.add(t, 0.3), 0, 1) as tf.Tensor4D);
    expect((await f.data())[0]).toBeCloseTo((await errAdv.data())[0]! - result.reconClean, 3);
    target.dispose();
    tf.dispose([t, f, errAdv]);
  });

  it('the MI term flips sign: with c = 0 the first δ step is −α·∇_δ I_θ0, down the MI gradient', async () => {
    const seed = 3;
    const opts = resolveOptions({
      critic: 'lite',
      eps: 0.05,
      alpha: 1,
      c0: 0,
      iters: 1,
      seed,
      traceDeltaEvery: 1,
    });
    const run = new UaeRun(convAe, x, opts);
    // The attacker alone: δ moves, θ stays at its start θ0.
    const rec = await run.step('attacker');
    run.dispose();
    // The oracle: θ0 and the first shuffle of image 0, drawn from the same forks as the run draws them.
    const rng = imageRng(seed, 0);
    const mineRng = rng.fork('mine');
    const conv1 = convAe.conv1!;
    const critic = new BatchedCritic(criticLayout('lite', uaeSampleShape(convAe)), [mineRng], opts.mineLr);
    const perm = tf.tensor1d(mineRng.permutation(conv1.channels), 'int32');
    const t = tf.tensor4d(x, [1, 28, 28, 1]);
    const grad = tf.grad((d: tf.Tensor) =>
      tf.sum(
        critic.bounds(
          convSamplesBatch(conv1, t),
          convSamplesBatch(conv1, tf.add(t, d) as tf.Tensor4D),
          conv1.channels,
          perm,
        ),
      ),
    )(tf.zerosLike(t));
    const g = await grad.data();
    tf.dispose([perm, t, grad]);
    critic.dispose();
    let moved = 0;
    rec.delta!.forEach((d, i) => {
      // δ1 = Π(0 − α·∇I): inside [−ε, ε] and the box [−x, 1 − x] (x is in [0.2, 0.8]).
      const expected = Math.min(0.05, Math.max(-0.05, -opts.alpha * g[i]!));
      expect(d).toBeCloseTo(expected, 6);
      if (Math.abs(g[i]!) > 1e-4) moved++;
    });
    // Enough of the gradient is non-zero that +α·∇I would not pass.
    expect(moved).toBeGreaterThan(50);
  });

  it('success is f⁺ = 0 with I > 0; I* is the smallest positive I and only falls', async () => {
    const { recs, result } = await run(convAe, { eps: 0.1, iters: 25, mineLr: 1e-3 });
    let prev: number | null = null;
    for (const r of recs) {
      expect(r.success).toBe(r.f <= 0 && r.mi > 0);
      if (r.bestMi !== null) expect(r.bestMi).toBeGreaterThan(0);
      if (prev !== null) expect(r.bestMi!).toBeLessThanOrEqual(prev);
      if (r.bestMi !== prev) expect(r.bestMi).toBe(r.mi);
      prev = r.bestMi;
    }
    const successes = recs.filter((r) => r.success).map((r) => r.mi);
    // Both kinds of iterate occur, so the rule is really exercised.
    expect(successes.length).toBeGreaterThan(0);
    expect(recs.some((r) => !r.success)).toBe(true);
    expect(result.success).toBe(true);
    expect(result.miBest).toBe(Math.min(...successes));
  });

  it('failure is explicit: no success returns the iterate of smallest f⁺, flagged', async () => {
    // Glorot δ0 (reference semantics) spoils the reconstruction; a tiny α cannot bring it back.
    const { recs, result } = await run(convAe, { semantics: 'reference', alpha: 1e-7, iters: 5, eps: 1 });
    expect(recs.every((r) => r.f > 0)).toBe(true);
    expect(result.success).toBe(false);
    expect(result.miBest).toBeNull();
    expect(result.f).toBeCloseTo(Math.min(...recs.map((r) => r.f)), 3);
  });

  it('random-projection mode runs on a dense AE with flat memory', async () => {
    const r = new UaeRun(denseAe, x, resolveOptions({ critic: 'lite', mineSteps: 2, iters: 30, eps: 0.2 }));
    const counts: number[] = [];
    while (!r.done) {
      const rec = await r.step();
      expect(Number.isFinite(rec.mi)).toBe(true);
      counts.push(tf.memory().numTensors);
    }
    const res = await r.result();
    r.dispose();
    expect(new Set(counts.slice(3)).size).toBe(1);
    expect(res.linf).toBeLessThanOrEqual(0.2 + 1e-6);
  });

  it("shows its critic's latest marginal shuffle π: a fresh permutation of the K samples each step", async () => {
    for (const [ae, k] of [
      [convAe, 4],
      [denseAe, 500],
    ] as const) {
      const r = new UaeRun(ae, x, resolveOptions({ critic: 'lite', mineSteps: 3, iters: 3 }));
      expect(r.estimator.permutation).toBeNull();
      const seen: string[] = [];
      while (!r.done) {
        await r.step();
        const p = r.estimator.permutation;
        expect(p).not.toBeNull();
        expect([...p!].sort((a, b) => a - b)).toEqual(Array.from({ length: k }, (_, i) => i));
        seen.push(p!.join());
      }
      r.dispose();
      // K = 4 has 24 orders, so two of three steps may repeat one; 500 samples never do.
      expect(new Set(seen).size).toBeGreaterThan(k === 4 ? 1 : 2);
    }
  });
});

describe('unsupervised baselines', () => {
  it('L2-UAE: binary search from U(−ε, ε); what it returns as success meets f ≤ 0 and is the smallest ‖δ‖₂ found', async () => {
    const recs: IterationRecord[] = [];
    const before = tf.memory().numTensors;
    const r = await attackL2Uae(
      convAe,
      x,
      resolveOptions({ eps: 0.05, alpha: 0.05, iters: 15, searchSteps: 3 }),
      { onIteration: (rec) => void recs.push(rec) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(recs).toHaveLength(45);
    expect(new Set(recs.map((q) => q.searchStep))).toEqual(new Set([0, 1, 2]));
    const ok = recs.filter((q) => q.success);
    expect(ok.length).toBeGreaterThan(0);
    expect(r.success).toBe(true);
    expect(r.f).toBeLessThanOrEqual(1e-4);
    expect(r.l2).toBeCloseTo(Math.min(...ok.map((q) => q.l2)), 4);
    // Minimising ‖δ‖² shrinks the random start.
    expect(recs[14]!.l2).toBeLessThan(recs[0]!.l2);
  });

  it('GA(σ): clipped Gaussian copies, reproducible from the seed, σ = 0 is the identity', async () => {
    const a = gaussianCopy(x, 0.1, new Rng(3));
    expect(Array.from(gaussianCopy(x, 0.1, new Rng(3)))).toEqual(Array.from(a));
    expect(a.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Array.from(gaussianCopy(x, 0, new Rng(3)))).toEqual(Array.from(x));
    const same = await gaussianAugment(convAe, x, 0, new Rng(1));
    expect(same.f).toBeCloseTo(0, 5);
    expect(same.success).toBe(true);
    expect(() => gaussianCopy(x, -1, new Rng(1))).toThrow(RangeError);
  });
});
