// End to end: models with the layer types this project trains (conv, max-pool, up-sampling,
// dropout, dense; softmax / sigmoid / BCE / MSE losses) learn under model.fit on wasm once the fast
// kernels are registered. Without them the conv models fail at the first step.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels } from './register';

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
}

/** 8×8 images: class 0 is bright on the left half, class 1 on the right, plus noise. */
function halves(count: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const noise = seeded(count * 64, 7);
  const pixels = new Float32Array(count * 64);
  const onehot = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    onehot[i * 2 + label] = 1;
    for (let p = 0; p < 64; p++) {
      const right = p % 8 >= 4;
      pixels[i * 64 + p] = 0.3 * noise[i * 64 + p]! + (right === (label === 1) ? 0.6 : 0);
    }
  }
  return { x: tf.tensor4d(pixels, [count, 8, 8, 1]), y: tf.tensor2d(onehot, [count, 2]) };
}

async function fitLosses(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor, epochs: number): Promise<number[]> {
  const history = await model.fit(x, y, { epochs, batchSize: 16, shuffle: false });
  return history.history.loss as number[];
}

beforeAll(async () => {
  registerFastKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('training on wasm with the fast kernels', () => {
  it('a tiny conv classifier learns (loss falls, conv weights move)', async () => {
    const { x, y } = halves(64);
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
        tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.momentum(0.1, 0.9, true), loss: 'categoricalCrossentropy' });
    const before = model.layers[0]!.getWeights()[0]!.dataSync().slice();
    const losses = await fitLosses(model, x, y, 15);
    const after = model.layers[0]!.getWeights()[0]!.dataSync();
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
    expect(after.some((v, i) => Math.abs(v - before[i]!) > 1e-4)).toBe(true);
    const predicted = tf.tidy(() => tf.argMax(model.predict(x) as tf.Tensor, 1).dataSync());
    expect(predicted.filter((p, i) => p === i % 2).length).toBeGreaterThanOrEqual(60);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('a conv autoencoder (max-pool, up-sampling, dropout, sigmoid + BCE) learns, identically on cpu and wasm', async () => {
    const curves: number[][] = [];
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const { x: grey } = halves(32);
      // Binary images, so that BCE can approach 0 and learning shows clearly.
      const x = tf.cast(tf.greater(grey, 0.5), 'float32');
      grey.dispose();
      const init = (seed: number): ReturnType<typeof tfl.initializers.glorotUniform> => tfl.initializers.glorotUniform({ seed });
      const model = tfl.sequential({
        layers: [
          tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          // Seeded so both backends draw the same mask (tfjs then reuses it every step: fine here).
          tfl.layers.dropout({ rate: 0.1, seed: 4 }),
          tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
          tfl.layers.upSampling2d({ size: [2, 2] }),
          tfl.layers.conv2d({ filters: 1, kernelSize: 5, padding: 'same', activation: 'sigmoid', kernelInitializer: init(3) }),
        ],
      });
      // Adam rather than the spec's Adadelta(1.0), which kills this toy network's ReLUs on both backends.
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
      curves.push(await fitLosses(model, x, x, 15));
      model.dispose();
      x.dispose();
    }
    await tf.setBackend('wasm');
    const [cpu, wasm] = curves as [number[], number[]];
    expect(wasm.every(Number.isFinite)).toBe(true);
    expect(wasm.at(-1)!).toBeLessThan(0.25 * wasm[0]!);
    // Same seeds, same data, different kernels: the loss curves agree (this caught the stock cpu
    // ResizeNearestNeighborGrad bug).
    wasm.forEach((loss, i) => {
      expect(Math.abs(loss - cpu[i]!)).toBeLessThan(2e-3);
    });
  });

  it('a dense autoencoder (sigmoid, MSE, RMSprop) learns', async () => {
    const { x } = halves(32);
    const flat = tf.reshape(x, [32, 64]);
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [64], units: 16, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
        tfl.layers.dense({ units: 64, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.rmsprop(0.0025), loss: 'meanSquaredError' });
    const losses = await fitLosses(model, flat, flat, 20);
    expect(losses.at(-1)!).toBeLessThan(0.7 * losses[0]!);
    model.dispose();
    tf.dispose([x, flat]);
  });
});
