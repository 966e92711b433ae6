import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend, type HeadlessBackend } from '../backend';
import { Rng } from '../rng';
import { FusedAdam } from './fused-adam';

/** The TF1 Adam update written out on plain numbers, in float64. */
function referenceAdam(
  w0: number[],
  grads: number[][],
  lr: number,
  b1 = 0.9,
  b2 = 0.999,
  eps = 1e-8,
): number[] {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  grads.forEach((g, step) => {
    const t = step + 1;
    const lrT = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
      w[i] = w[i]! - (lrT * m[i]!) / (Math.sqrt(v[i]!) + eps);
    }
  });
  return w;
}

describe.each(['wasm', 'cpu'] as HeadlessBackend[])('fused Adam on %s', (backend) => {
  it('matches the written-out TF1 update, descending and ascending; no tensor leaks', async () => {
    await initBackend(backend);
    const rng = new Rng(4);
    const w0 = Array.from(rng.fillNormal(new Float32Array(300), 0, 1));
    const grads = Array.from({ length: 5 }, () => Array.from(rng.fillNormal(new Float32Array(300), 0, 1e-3)));
    for (const [direction, mode] of [
      ['descend', 'auto'],
      ['ascend', 'auto'],
      ['ascend', 'ops'],
    ] as const) {
      const init = tf.tensor2d(w0, [30, 10]);
      const v = tf.variable(init);
      init.dispose();
      const adam = new FusedAdam([v], 0.01, 0.9, 0.999, 1e-8, mode);
      const before = tf.memory().numTensors;
      for (const g of grads) {
        const gt = tf.tensor2d(g, [30, 10]);
        adam.step([gt], direction);
        gt.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
      const want = referenceAdam(
        w0,
        direction === 'descend' ? grads : grads.map((g) => g.map((x) => -x)),
        0.01,
      );
      const got = await v.data();
      want.forEach((x, i) => {
        expect(got[i]).toBeCloseTo(x, 5);
      });
      adam.dispose();
      v.dispose();
    }
  });
});
