/** MINE-UAE on a batch (and as a batch of one, UaeRun), and the batched L2-UAE: same rules, no shared state. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { Rng } from '../rng';
import { tinyConvAutoencoder, tinyDenseAutoencoder } from '../testing/tiny-autoencoders';
import { wrapAutoencoder, type AttackedAutoencoder } from './autoencoder-target';
import { attackL2UaeBatch } from './l2-uae-batch';
import { resolveOptions } from './options';
import type { StepPart } from '../vocabulary';
import type { IterationRecord } from './trace';
import { attackUaeBatch, UaeRun, type UaeBatchProgress } from './uae';
import { UaeBatch } from './uae-batch';

let convAe: AttackedAutoencoder;
let denseAe: AttackedAutoencoder;
const N = 3;
// Three different smooth images in [0.1, 0.9].
const images = new Rng(11).fillUniform(new Float32Array(N * 784), 0.1, 0.9);

beforeAll(async () => {
  await initBackend('wasm');
  convAe = wrapAutoencoder(tinyConvAutoencoder());
  denseAe = wrapAutoencoder(tinyDenseAutoencoder());
});

const opts = (over: Parameters<typeof resolveOptions>[0] = {}) =>
  resolveOptions({ critic: 'lite', mineSteps: 2, iters: 6, eps: 0.3, deltaInit: 'uniform', ...over });

describe.each([
  ['conv-mode MINE', () => convAe],
  ['random-projection MINE', () => denseAe],
])('batched UAE, %s', (_, ae) => {
  it('books the smallest positive I among successes, stays in the box and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const seen: UaeBatchProgress[] = [];
    const r = await attackUaeBatch(ae(), images, [0, 1, 2], opts(), {
      onIteration: (p) => void seen.push(p),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toHaveLength(6);
    for (let b = 0; b < N; b++) {
      const item = r.items[b]!;
      const successes = seen.filter((p) => p.f[b]! <= 0 && p.mi[b]! > 0);
      expect(item.success).toBe(successes.length > 0);
      if (item.success) {
        expect(item.miBest).toBeCloseTo(Math.min(...successes.map((p) => p.mi[b]!)), 5);
        expect(item.f).toBeLessThanOrEqual(1e-4);
        expect(item.firstSuccessIter).toBe(successes[0]!.t);
      } else {
        expect(item.miBest).toBeNull();
      }
      const x = images.subarray(b * 784, (b + 1) * 784);
      let linf = 0;
      item.adversarial.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        linf = Math.max(linf, Math.abs(v - x[i]!));
      });
      expect(linf).toBeLessThanOrEqual(0.3 + 1e-6);
      expect(item.linf).toBeCloseTo(linf, 5);
      expect(item.f).toBeCloseTo(item.reconAdv - item.reconClean, 3);
    }
  });
});

/** One image's single-image run (UaeRun with the batch's image id), stepped through `parts`. */
async function singleRun(
  ae: AttackedAutoencoder,
  x: Float32Array,
  o: ReturnType<typeof opts>,
  id: number,
  parts: readonly StepPart[],
) {
  const run = new UaeRun(ae, x, o, undefined, id);
  const recs: IterationRecord[] = [];
  for (const part of parts) recs.push(await run.step(part));
  const result = await run.result();
  run.dispose();
  return { recs, result };
}

const BOTH = ['both', 'both', 'both', 'both', 'both', 'both'] as const;
// One player at a time, as the app's viewer can step them.
const MIXED = ['both', 'attacker', 'critic', 'critic', 'both', 'attacker', 'both'] as const;

describe.each([
  ['conv-mode MINE', () => convAe],
  ['random-projection MINE', () => denseAe],
])('one MINE-UAE, %s: the single-image attack is image b of the batch, bit for bit', (_, ae) => {
  it.each([
    ['paper', 'glorot', BOTH],
    ['paper', 'uniform', MIXED],
    ['reference', 'glorot', MIXED],
  ] as const)(
    '%s semantics, δ0 %s, parts %j: same f, I, c per iteration and the same δ',
    async (semantics, deltaInit, parts) => {
      const o = opts({ iters: 6, mineSteps: 3, eps: 1, deltaInit, semantics, seed: 5 });
      const ids = [4, 9, 2];
      const batch = new UaeBatch(ae(), images, ids, o);
      const steps: IterationRecord[][] = [];
      for (const part of parts) steps.push(await batch.step(part));
      const items = (await batch.result()).items;
      batch.dispose();
      for (const [b, id] of ids.entries()) {
        const single = await singleRun(ae(), images.slice(b * 784, (b + 1) * 784), o, id, parts);
        // Exact equality: the images of a batch share no state, and every product is per image.
        expect(single.recs.map((r) => [r.t, r.part, r.f, r.mi, r.c, r.success, r.bestMi])).toEqual(
          steps.map((recs) => [
            recs[b]!.t,
            recs[b]!.part,
            recs[b]!.f,
            recs[b]!.mi,
            recs[b]!.c,
            recs[b]!.success,
            recs[b]!.bestMi,
          ]),
        );
        expect(single.result.delta).toEqual(items[b]!.delta);
        expect(single.result.adversarial).toEqual(items[b]!.adversarial);
        expect(single.result.success).toBe(items[b]!.success);
        expect(single.result.firstSuccessIter).toBe(items[b]!.firstSuccessIter);
        expect(single.result.miBest).toBe(items[b]!.miBest);
      }
      // The images differ, so equal traces are not a coincidence of equal inputs.
      expect(steps.at(-1)![0]!.f).not.toBe(steps.at(-1)![1]!.f);
    },
  );
});

describe('batched UAE failure and L2-UAE', () => {
  it('flags a failure explicitly when no iterate can succeed (I ≤ 0 forced by a zero budget)', async () => {
    // ε = 0: x′ = x, so I(x, x′) is estimated from identical maps; f = 0 ≤ 0. Success then rests on
    // I > 0; with a 1e-12 learning rate the critic stays at its random start and I ≈ 0.
    const r = await attackUaeBatch(convAe, images, [0, 1, 2], opts({ eps: 0, mineLr: 1e-12, iters: 3 }));
    for (const item of r.items) {
      expect(item.linf).toBe(0);
      if (!item.success) expect(item.miBest).toBeNull();
      else expect(item.miBest).toBeGreaterThan(0);
    }
  });

  it('L2-UAE keeps successful copies (f ≤ 0) in the box, independently per image', async () => {
    const o = opts({ iters: 5, searchSteps: 2, eps: 0.2 });
    const before = tf.memory().numTensors;
    const all = await attackL2UaeBatch(denseAe, images, [0, 1, 2], o);
    const alone = await attackL2UaeBatch(denseAe, images.slice(2 * 784), [2], o);
    expect(tf.memory().numTensors).toBe(before);
    for (const [b, item] of all.items.entries()) {
      if (item.success) expect(item.f).toBeLessThanOrEqual(1e-4);
      const x = images.subarray(b * 784, (b + 1) * 784);
      item.adversarial.forEach((v, i) => {
        expect(Math.abs(v - x[i]!)).toBeLessThanOrEqual(0.2 + 1e-6);
      });
    }
    expect(alone.items[0]!.success).toBe(all.items[2]!.success);
    expect(alone.items[0]!.l2).toBeCloseTo(all.items[2]!.l2, 3);
  });
});
