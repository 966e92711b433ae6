import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessFor } from './backend-access';
import { conv2dBackpropFilter } from './conv2d-backprop-filter';
import { naiveBackpropFilter, naiveBackpropInput, type NaiveConv } from '../testing/naive-conv';
import { registerFastKernels } from './register';

// The stock cpu kernels, captured before ours replace them: a second, independent oracle.
const stockFilter = tf.getKernel('Conv2DBackpropFilter', 'cpu').kernelFunc;

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];
}

const CASES: Case[] = [
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { x: [3, 9, 8, 2], filter: [5, 3, 2, 3], strides: [2, 1], pad: 'same' },
  { x: [1, 28, 28, 1], filter: [3, 3, 1, 8], strides: 1, pad: 'valid' },
  { x: [4, 10, 10, 5], filter: [2, 2, 5, 6], strides: 3, pad: 'same' },
  { x: [2, 5, 5, 2], filter: [1, 1, 2, 3], strides: 2, pad: 'valid' },
  { x: [2, 6, 7, 3], filter: [3, 2, 3, 2], strides: [1, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [1, 4, 4, 2], filter: [4, 4, 2, 2], strides: 1, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] },
];

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

function geometry(c: Case): NaiveConv {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  return {
    x: c.x,
    filter: c.filter,
    out: [info.batchSize, info.outHeight, info.outWidth, info.outChannels],
    strides: [info.strideHeight, info.strideWidth],
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Both conv gradients through the public op path (tf.grads → registered kernels). */
function convGrads(c: Case, xv: Float32Array, wv: Float32Array, dyv: Float32Array): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor4d(xv, c.x);
    const w = tf.tensor4d(wv, c.filter);
    const g = geometry(c);
    const dy = tf.tensor4d(dyv, g.out);
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), dy));
    const [dx, dw] = tf.grads(f)([x, w]);
    return [dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array];
  });
}

beforeAll(async () => {
  await import('@tensorflow/tfjs-layers'); // registers the gradients
  registerFastKernels();
});

describe.each(['wasm', 'cpu'])('conv2d gradients on %s match the naive loops', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each(CASES.map((c, i) => [JSON.stringify(c), c, i] as const))('%s', (_, c, i) => {
    const g = geometry(c);
    const xv = seeded(c.x.reduce((a, d) => a * d, 1), 11 + i);
    const wv = seeded(c.filter.reduce((a, d) => a * d, 1), 23 + i);
    const dyv = seeded(g.out.reduce((a, d) => a * d, 1), 37 + i);
    const [dx, dw] = convGrads(c, xv, wv, dyv);
    expect(maxAbsDiff(dw, naiveBackpropFilter(g, xv, dyv))).toBeLessThan(1e-4);
    expect(maxAbsDiff(dx, naiveBackpropInput(g, wv, dyv))).toBeLessThan(1e-4);
    // Not a zero gradient that happens to match a zero reference.
    expect(dw.some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });
});

describe('Conv2DBackpropFilter', () => {
  it('matches the stock cpu kernel on a CW-sized layer', async () => {
    await tf.setBackend('cpu');
    const c: Case = { x: [3, 26, 26, 32], filter: [3, 3, 32, 32], strides: 1, pad: 'valid' };
    const g = geometry(c);
    const xv = seeded(3 * 26 * 26 * 32, 5);
    const dyv = seeded(3 * 24 * 24 * 32, 6);
    const backend = tf.backend();
    const x = tf.tensor4d(xv, c.x);
    const dy = tf.tensor4d(dyv, g.out);
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: 'floor', filterShape: c.filter } as const;
    const stock = stockFilter({ inputs: { x, dy }, backend, attrs: { ...attrs, filterShape: [...c.filter] } });
    const ours = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: [...c.filter] });
    const stockTensor = tf.engine().makeTensorFromTensorInfo(stock as tf.TensorInfo);
    expect(maxAbsDiff(ours.dataSync(), stockTensor.dataSync())).toBeLessThan(1e-3);
    tf.dispose([x, dy, ours, stockTensor]);
  });

  it.each(['wasm', 'cpu'])('gives the same result in sample chunks as in one pass (%s)', async (backend) => {
    await tf.setBackend(backend);
    const c: Case = { x: [5, 9, 8, 3], filter: [3, 3, 3, 4], strides: [2, 1], pad: 'same' };
    const g = geometry(c);
    const xv = seeded(5 * 9 * 8 * 3, 1);
    const dyv = seeded(g.out.reduce((a, d) => a * d, 1), 2);
    const x = tf.tensor4d(xv, c.x);
    const dy = tf.tensor4d(dyv, g.out);
    const access = accessFor(backend as 'wasm' | 'cpu', tf.backend());
    const attrs = { strides: c.strides as [number, number], pad: c.pad as string, dataFormat: 'NHWC', filterShape: [...c.filter] };
    const tiny = 3 * 3 * 3 * g.out[1] * g.out[2] * 2; // two samples per chunk: chunks of 2, 2, 1
    const chunked = tf.engine().makeTensorFromTensorInfo(conv2dBackpropFilter(access, x, dy, attrs, tiny));
    expect(maxAbsDiff(chunked.dataSync(), naiveBackpropFilter(g, xv, dyv))).toBeLessThan(1e-4);
    tf.dispose([x, dy, chunked]);
  });

  it.each(['wasm', 'cpu'])('rejects what it does not implement (%s)', async (backend) => {
    await tf.setBackend(backend);
    const x = tf.zeros([1, 5, 5, 2]);
    const dy = tf.zeros([1, 3, 3, 4]);
    const attrs = { strides: 1, pad: 'valid', filterShape: [3, 3, 2, 4] };
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, dataFormat: 'NCHW' })).toThrow(/NHWC/);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, dataFormat: 'NHWC', dilations: 2 })).toThrow(/dilation/);
    const wrongDy = tf.zeros([1, 2, 2, 4]);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: wrongDy }, { ...attrs, dataFormat: 'NHWC' })).toThrow(/shape/);
    tf.dispose([x, dy, wrongDy]);
  });
});
