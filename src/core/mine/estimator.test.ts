import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { criticLayout, criticVariables } from './critic';
import { MineEstimator } from './estimator';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layout = criticLayout('lite', { kind: 'maps', height: 9, width: 9 });
const rng = new Rng(9);
const x = tf.tensor4d(rng.fillNormal(new Float32Array(6 * 81), 0, 1), [6, 9, 9, 1]);
const y = tf.tensor4d(rng.fillNormal(new Float32Array(6 * 81), 0, 1), [6, 9, 9, 1]);

async function params(e: MineEstimator): Promise<number[]> {
  const out: number[] = [];
  for (const v of criticVariables(e.params)) out.push(...(await v.data()));
  return out;
}

function maxDiff(a: number[], b: number[]): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

describe('MINE estimator', () => {
  it('same seed → same θ and same estimates; the estimate rises under training', async () => {
    const a = new MineEstimator(layout, new Rng(1), { lr: 1e-3 });
    const b = new MineEstimator(layout, new Rng(1), { lr: 1e-3 });
    expect(await params(a)).toEqual(await params(b));
    const ia: number[] = [];
    const ib: number[] = [];
    for (let i = 0; i < 60; i++) {
      const ma = a.trainStep(x, y);
      const mb = b.trainStep(x, y);
      ia.push((await ma.data())[0]!);
      ib.push((await mb.data())[0]!);
      tf.dispose([ma, mb]);
    }
    expect(ib).toEqual(ia);
    const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    // Joint pairs share their sample (y is fixed per k), so a trained critic separates them from shuffles.
    expect(mean(ia.slice(-10))).toBeGreaterThan(mean(ia.slice(0, 10)) + 0.1);
    a.dispose();
    b.dispose();
  });

  it('bound mine: the first step equals plain DV (the debiased average starts at the batch value), later ones differ', async () => {
    const plain = new MineEstimator(layout, new Rng(2), { lr: 1e-2 });
    const corrected = new MineEstimator(layout, new Rng(2), { lr: 1e-2, bound: 'mine' });
    tf.dispose([plain.trainStep(x, y), corrected.trainStep(x, y)]);
    expect(maxDiff(await params(plain), await params(corrected))).toBeLessThan(1e-4);
    for (let i = 0; i < 5; i++) tf.dispose([plain.trainStep(x, y), corrected.trainStep(x, y)]);
    expect(maxDiff(await params(plain), await params(corrected))).toBeGreaterThan(1e-3);
    plain.dispose();
    corrected.dispose();
  });

  it('rejects a non-positive learning rate', () => {
    expect(() => new MineEstimator(layout, new Rng(1), { lr: 0 })).toThrow(/lr/);
  });
});
