import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import {
  countParams,
  criticLayout,
  criticVariables,
  disposeCritic,
  initCritic,
  type CriticParams,
  type SampleShape,
} from './critic';
import { boundHead, DEFAULT_BOUND } from './bound-heads';
import { BOUND_NAMES, type BoundName } from './bound-names';
import { infoNce, mineSurrogateLoss, nwj, smile } from './bounds';
import { collapse, disposeCollapsed, miAndGradFast, miFast } from './critic-fast';
import { branchPlain, miPlain, scoresPlain } from './critic-plain';
import { dvBound } from './dv';
import { permutationMatrix } from './permutation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}
function maxAbs(a: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]!);
}

describe('critic presets', () => {
  it('paper preset has the authors parameter counts', () => {
    expect(countParams(criticLayout('paper', { kind: 'maps', height: 26, width: 26 }))).toBe(10_251_454);
    expect(countParams(criticLayout('paper', { kind: 'maps', height: 30, width: 30 }))).toBe(13_790_398);
    expect(countParams(criticLayout('paper', { kind: 'maps', height: 28, width: 28 }))).toBe(11_955_390);
  });
  it('lite preset is documented size and far cheaper', () => {
    const lite = countParams(criticLayout('lite', { kind: 'maps', height: 26, width: 26 }));
    expect(lite).toBe(149_054);
    expect(lite * 50).toBeLessThan(10_251_454);
  });
  it('initialised variables match the layout count', () => {
    const layout = criticLayout('lite', { kind: 'maps', height: 26, width: 26 });
    const p = initCritic(layout, new Rng(1));
    const n = criticVariables(p).reduce((s, v) => s + v.size, 0);
    disposeCritic(p);
    expect(n).toBe(countParams(layout));
  });
});

const cases: { name: string; preset: 'paper' | 'lite'; sample: SampleShape; k: number }[] = [
  { name: 'paper conv, stride 1', preset: 'paper', sample: { kind: 'maps', height: 7, width: 6 }, k: 5 },
  {
    name: 'lite conv, stride 2 (padded windows)',
    preset: 'lite',
    sample: { kind: 'maps', height: 10, width: 9 },
    k: 6,
  },
  { name: 'random projection vectors', preset: 'lite', sample: { kind: 'vectors', dim: 12 }, k: 7 },
];

describe.each(cases)('fast critic equals the plain formulation: $name', ({ preset, sample, k }) => {
  const setup = () => {
    const rng = new Rng(42);
    const layout = criticLayout(preset, sample);
    const params = initCritic(layout, rng);
    // Non-zero biases, so that the collapsed bias term q = b1·W2 + b2 is exercised.
    for (const v of criticVariables(params)) {
      if (v.shape.length === 1) v.assign(tf.tensor1d(rng.fillNormal(new Float32Array(v.size), 0, 0.3)));
    }
    const shape = sample.kind === 'maps' ? [k, sample.height, sample.width, 1] : [k, sample.dim];
    const x = tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b)), 0, 1), shape);
    const y = tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b)), 0, 1), shape);
    const perm = permutationMatrix(rng.permutation(k));
    return { params, x, y, perm };
  };

  it('same I, same θ-gradient, same y-gradient', () => {
    const { params, x, y, perm } = setup();
    const vars = criticVariables(params);
    const plain = tf.variableGrads(() => miPlain(params, x, y, perm), vars);
    const fast = miAndGradFast(params, x, y, perm);
    expect(Math.abs(plain.value.dataSync()[0]! - fast.mi.dataSync()[0]!)).toBeLessThan(1e-4);
    vars.forEach((v, i) => {
      const g = plain.grads[v.name]!;
      const scale = Math.max(1e-3, maxAbs(g));
      expect(
        maxAbsDiff(g, fast.grads[i]!) / scale,
        `gradient of ${v.name} ${v.shape.join('×')}`,
      ).toBeLessThan(1e-3);
    });
    // The δ-step differentiates I w.r.t. y through the collapsed critic.
    const frozen = collapse(params);
    const gyPlain = tf.grad((yy: tf.Tensor) => miPlain(params, x, yy, perm))(y);
    const gyFast = tf.grad((yy: tf.Tensor) => miFast(frozen, x, yy, perm))(y);
    expect(maxAbsDiff(gyPlain, gyFast) / Math.max(1e-3, maxAbs(gyPlain))).toBeLessThan(1e-3);
    expect(Math.abs(miFast(frozen, x, y, perm).dataSync()[0]! - fast.mi.dataSync()[0]!)).toBeLessThan(1e-4);
    disposeCollapsed(frozen);
    disposeCritic(params);
    tf.dispose([x, y, perm, plain.value, fast.mi, gyPlain, gyFast, ...fast.grads]);
    tf.dispose(Object.values(plain.grads));
  });
});

/** The plain critic's bound, from the lab's functions (bounds.ts): the oracle of every head. */
function plainBound(
  bound: BoundName,
  params: CriticParams,
  x: tf.Tensor,
  y: tf.Tensor,
  perm: tf.Tensor2D,
  mineAverage: number,
): tf.Scalar {
  return tf.tidy(() => {
    const { tJoint, tMarg } = scoresPlain(params, x, y, perm);
    switch (bound) {
      case 'dv':
        return dvBound(tJoint, tMarg);
      case 'nwj':
        return nwj(tJoint, tMarg);
      case 'smile':
        return smile(tJoint, tMarg, 0.5);
      case 'mine':
        return tf.neg(mineSurrogateLoss(tJoint, tMarg, mineAverage));
      case 'infonce': {
        const ux = branchPlain(params.x, params.layout, x);
        const uy = branchPlain(params.y, params.layout, y);
        const k = ux.shape[0];
        const pairs = tf.relu(tf.add(tf.expandDims(ux, 1), tf.expandDims(uy, 0)));
        const all = tf.reshape(tf.matMul(tf.reshape(pairs, [k * k, -1]), params.wOut), [k, k]);
        return infoNce(tJoint, all as tf.Tensor2D);
      }
    }
  });
}

describe.each(BOUND_NAMES)('the fast critic under bound %s equals autodiff of the plain one', (bound) => {
  it.each(cases.slice(1))('$name', ({ preset, sample, k }) => {
    const rng = new Rng(9);
    const params = initCritic(criticLayout(preset, sample), rng);
    for (const v of criticVariables(params))
      v.assign(
        tf.tensor(rng.fillNormal(new Float32Array(v.size), 0, v.shape.length === 1 ? 0.3 : 0.4), v.shape),
      );
    const shape = sample.kind === 'maps' ? [k, sample.height, sample.width, 1] : [k, sample.dim];
    const draw = () =>
      tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b)), 0, 1), shape);
    const [x, y] = [draw(), draw()];
    const perm = permutationMatrix(rng.permutation(k));
    const head = boundHead({ ...DEFAULT_BOUND, bound, smileTau: 0.5 });
    // MINE: one θ step's worth of average first (θ left as it is), on another shuffle, so that its
    // corrected gradient differs from DV's; m̂ after one step is that batch's mean exp T_marg.
    const other = permutationMatrix(rng.permutation(k));
    const primed = miAndGradFast(params, x, y, other, head, true);
    head.commit();
    const mineAverage = tf.tidy(() => tf.mean(tf.exp(scoresPlain(params, x, y, other).tMarg)).dataSync()[0]!);
    const vars = criticVariables(params);
    const plain = tf.variableGrads(() => plainBound(bound, params, x, y, perm, mineAverage), vars);
    const fast = miAndGradFast(params, x, y, perm, head);
    if (bound !== 'mine')
      expect(Math.abs(plain.value.dataSync()[0]! - fast.mi.dataSync()[0]!)).toBeLessThan(1e-4);
    vars.forEach((v, i) => {
      const g = plain.grads[v.name]!;
      expect(maxAbsDiff(g, fast.grads[i]!) / Math.max(1e-3, maxAbs(g)), `d${v.name}`).toBeLessThan(1e-3);
    });
    // The δ step's y-gradient: the same bound through the collapsed critic.
    const frozen = collapse(params);
    const gyPlain = tf.grad((yy: tf.Tensor) => plainBound(bound, params, x, yy, perm, mineAverage))(y);
    const gyFast = tf.grad((yy: tf.Tensor) => miFast(frozen, x, yy, perm, head, 'objective'))(y);
    expect(maxAbsDiff(gyPlain, gyFast) / Math.max(1e-3, maxAbs(gyPlain))).toBeLessThan(1e-3);
    expect(Math.abs(miFast(frozen, x, y, perm, head).dataSync()[0]! - fast.mi.dataSync()[0]!)).toBeLessThan(
      1e-4,
    );
    disposeCollapsed(frozen);
    disposeCritic(params);
    head.dispose();
    tf.dispose([x, y, perm, other, primed.mi, ...primed.grads, plain.value, fast.mi, gyPlain, gyFast]);
    tf.dispose([...fast.grads, ...Object.values(plain.grads)]);
  });
});
