/**
 * Each bound's head against independent oracles: its value against bounds.ts (written for the lab,
 * on one image's scores), its hand-written −dI/dT_marg against tfjs autodiff of that bound, and
 * MINE's average against the lab's MovingAverage.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { Rng } from '../rng';
import { boundHead, DEFAULT_BOUND, infoNcePairsProblem, type BoundHead } from './bound-heads';
import { BOUND_NAMES, type BoundName } from './bound-names';
import { infoNce, MovingAverage, mineSurrogateLoss, nwj, smile } from './bounds';
import { dvBound } from './dv';

const B = 3;
const K = 5;
const TAU = 0.8;

beforeAll(async () => {
  await initBackend('cpu');
});
afterAll(() => {
  tf.disposeVariables();
});

const headOf = (bound: BoundName) => boundHead({ ...DEFAULT_BOUND, bound, smileTau: TAU });

/** Scores with some marginal values beyond ±τ, so that SMILE's clip binds on some and not others. */
function scores(bound: BoundName, seed = 4): { joint: tf.Tensor2D; marg: tf.Tensor2D } {
  const rng = new Rng(seed);
  const m = bound === 'infonce' ? K * K : K;
  return {
    joint: tf.tensor2d(rng.fillNormal(new Float32Array(B * K), 0.5, 1), [B, K]),
    marg: tf.tensor2d(rng.fillNormal(new Float32Array(B * m), 0, 1.2), [B, m]),
  };
}

async function read(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

function expectClose(a: number[], b: number[], digits = 5): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    expect(v, `entry ${i}`).toBeCloseTo(b[i]!, digits);
  });
}

/** The lab's bound (bounds.ts) on image b's scores: the oracle of every head's value. */
function oracle(bound: BoundName, joint: tf.Tensor2D, marg: tf.Tensor2D, b: number): tf.Scalar {
  return tf.tidy(() => {
    const row = (t: tf.Tensor2D) => tf.reshape(tf.slice(t, [b, 0], [1, -1]), [-1]);
    const j = row(joint);
    const m = row(marg);
    switch (bound) {
      case 'dv':
      case 'mine':
        return dvBound(j, m);
      case 'nwj':
        return nwj(j, m);
      case 'smile':
        return smile(j, m, TAU);
      case 'infonce':
        return infoNce(j, tf.reshape(m, [K, K]) as tf.Tensor2D);
    }
  });
}

describe.each(BOUND_NAMES)('bound %s', (bound) => {
  it('its value per image is the lab bound of that image', async () => {
    const head = headOf(bound);
    const { joint, marg } = scores(bound);
    const values = await read(head.value(joint, marg));
    const expected = await Promise.all(
      [0, 1, 2].map(async (b) => (await read(oracle(bound, joint, marg, b)))[0]!),
    );
    expectClose(values, expected);
    tf.dispose([joint, marg]);
    head.dispose();
  });

  it('its hand-written dI/dT is autodiff of its objective: 1/K on the joint, −weights on the marginal', async () => {
    const head = headOf(bound);
    const { joint, marg } = scores(bound);
    const [gJoint, gMarg] = tf.grads((j: tf.Tensor, m: tf.Tensor) =>
      tf.sum(head.objective(j as tf.Tensor2D, m as tf.Tensor2D)),
    )([joint, marg]);
    expectClose(await read(gJoint!), new Array<number>(B * K).fill(1 / K));
    const weights = await read(tf.neg(head.margWeights(marg, false)));
    expectClose(weights, await read(gMarg!));
    tf.dispose([joint, marg]);
    head.dispose();
  });
});

describe("MINE's head keeps its moving average across steps", () => {
  it('its average is the lab MovingAverage of mean exp T_marg, and its weights the surrogate gradient at it', async () => {
    const head: BoundHead = headOf('mine');
    const lab = [0, 1, 2].map(() => new MovingAverage(DEFAULT_BOUND.emaRate));
    for (let step = 0; step < 4; step++) {
      const { joint, marg } = scores('mine', 10 + step);
      const rows = await read(marg.clone());
      const averages = lab.map((m, b) => {
        const row = rows.slice(b * K, (b + 1) * K);
        return m.update(row.reduce((s, t) => s + Math.exp(t), 0) / K);
      });
      // The θ step's weights use the average updated with this batch: exp(T)/(K·m̂).
      const w = await read(head.margWeights(marg, true));
      const expected = rows.map((t, i) => Math.exp(t) / K / averages[Math.floor(i / K)]!);
      expectClose(w, expected);
      head.commit();
      // After the commit, the δ step's objective has the surrogate's gradient at that average.
      const { joint: j2, marg: m2 } = scores('mine', 20 + step);
      const gHead = tf.grad((m: tf.Tensor) => tf.sum(head.objective(j2, m as tf.Tensor2D)))(m2);
      const gLab = tf.concat(
        [0, 1, 2].map((b) =>
          tf.grad((m: tf.Tensor) =>
            tf.neg(mineSurrogateLoss(tf.slice(j2, [b, 0], [1, -1]), m, averages[b]!)),
          )(tf.slice(m2, [b, 0], [1, -1])),
        ),
      );
      expectClose(await read(gHead), await read(gLab));
      tf.dispose([joint, marg, j2, m2]);
    }
    head.dispose();
  });

  it('without a commit the average does not move (a failed step leaves the state alone)', async () => {
    const head = headOf('mine');
    const { joint, marg } = scores('mine', 30);
    head.margWeights(marg, true).dispose();
    head.commit();
    const before = await read(head.margWeights(marg, false));
    const other = scores('mine', 31);
    head.margWeights(tf.mul(other.marg, 3) as tf.Tensor2D, true).dispose();
    expectClose(await read(head.margWeights(marg, false)), before);
    tf.dispose([joint, marg, other.joint, other.marg]);
    head.dispose();
  });
});

it('SMILE refuses τ ≤ 0', () => {
  expect(() => boundHead({ ...DEFAULT_BOUND, bound: 'smile', smileTau: 0 })).toThrow(/τ must be > 0/);
});

it('InfoNCE is refused where its K² pairs would not fit, with the batch that would', () => {
  expect(infoNcePairsProblem(100, 32)).toBeNull();
  expect(infoNcePairsProblem(4, 500)).toBeNull();
  expect(infoNcePairsProblem(5, 500)).toMatch(
    /5 image\(s\) of K = 500 samples make 1,250,000 pairs a step, above the 1,048,576 .*\(4 at most\)/,
  );
});
