import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { dvBound, dvBoundArray, dvBoundRows, logSumExp } from './dv';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tensorDv = (j: number[], m: number[]) =>
  tf.tidy(() => dvBound(tf.tensor1d(j), tf.tensor1d(m)).dataSync()[0]!);

describe('Donsker–Varadhan bound (docs/ALGORITHM.md §9)', () => {
  it('T_joint = [1,2,3], T_marg = [0,0,0] → 2', () => {
    expect(tensorDv([1, 2, 3], [0, 0, 0])).toBeCloseTo(2, 6);
    expect(dvBoundArray([1, 2, 3], [0, 0, 0])).toBeCloseTo(2, 12);
  });
  it('T_marg = [0, ln 3] → mean(T_joint) − ln 2', () => {
    expect(tensorDv([1, 2, 3], [0, Math.log(3)])).toBeCloseTo(2 - Math.log(2), 5);
    expect(dvBoundArray([1, 2, 3], [0, Math.log(3)])).toBeCloseTo(2 - Math.log(2), 12);
  });
  it('T_marg = [1000, 1000] stays finite in float32: mean(T_joint) − 1000', () => {
    const v = tensorDv([1, 2, 3], [1000, 1000]);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(2 - 1000, 3);
  });
  it('all −Infinity marginal scores give +Infinity, not NaN', () => {
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(dvBoundArray([1], [-Infinity, -Infinity])).toBe(Infinity);
    expect(tensorDv([1], [-Infinity, -Infinity])).toBe(Infinity);
  });
  it('per row (the batched critic): each row is its own bound, a −Infinity row included', () => {
    const joint = [
      [1, 2, 3],
      [1, 2, 3],
      [1, 1, 1],
      [0, 0, 0],
    ];
    const marg = [
      [0, 0, 0],
      [1000, 1000, 1000],
      [-Infinity, -Infinity, -Infinity],
      [0, Math.log(3), -Infinity],
    ];
    const rows = tf.tidy(() => Array.from(dvBoundRows(tf.tensor2d(joint), tf.tensor2d(marg)).dataSync()));
    expect(rows[0]).toBeCloseTo(2, 6);
    expect(rows[1]).toBeCloseTo(2 - 1000, 3);
    expect(rows[2]).toBe(Infinity);
    expect(rows[3]).toBeCloseTo(dvBoundArray(joint[3]!, marg[3]!), 5);
  });
  it('is differentiable: d/dT_marg is −softmax', () => {
    const g = tf.grad((m: tf.Tensor) => dvBound(tf.tensor1d([0, 0]), m))(tf.tensor1d([0, Math.log(3)]));
    const v = g.dataSync();
    expect(v[0]).toBeCloseTo(-0.25, 5);
    expect(v[1]).toBeCloseTo(-0.75, 5);
  });
});
