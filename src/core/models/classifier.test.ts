// The SHIPPED classifier (public/models/mnist-classifier): the architecture of docs/ALGORITHM.md §7 and at
// least 99% accuracy on the full MNIST test set.
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../data/mnist-node';
import { registerFastKernels } from '../kernels/register';
import { buildClassifier, CLASSIFIER_CONV1, classifierAccuracy, MNIST_CLASSIFIER_PARAMS } from './classifier';
import { loadLayersModel } from './io';

const SHIPPED = 'public/models/mnist-classifier';
const LAYERS = [
  'Conv2D',
  'Conv2D',
  'MaxPooling2D',
  'Conv2D',
  'Conv2D',
  'MaxPooling2D',
  'Flatten',
  'Dense',
  'Dropout',
  'Dense',
  'Dense',
];

let model: tfl.LayersModel;

beforeAll(async () => {
  registerFastKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  model = await loadLayersModel(SHIPPED);
});

afterAll(() => {
  model.dispose();
});

describe('shipped MNIST classifier', () => {
  it('has the Carlini–Wagner architecture', () => {
    expect(model.layers.map((l) => l.getClassName())).toEqual(LAYERS);
    // 3·3·1·32+32, 3·3·32·32+32, 3·3·32·64+64, 3·3·64·64+64, 1024·200+200, 200·200+200, 200·10+10.
    expect(MNIST_CLASSIFIER_PARAMS).toBe(320 + 9248 + 18496 + 36928 + 205000 + 40200 + 2010);
    expect(model.countParams()).toBe(MNIST_CLASSIFIER_PARAMS);
    expect(model.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    const conv1 = model.getLayer(CLASSIFIER_CONV1).getConfig();
    expect(conv1).toMatchObject({ filters: 32, kernelSize: [3, 3], padding: 'valid', activation: 'relu' });
    const filters = model.layers
      .filter((l) => l.getClassName() === 'Conv2D')
      .map((l) => l.getConfig().filters);
    expect(filters).toEqual([32, 32, 64, 64]);
    const units = model.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getConfig().units);
    expect(units).toEqual([200, 200, 10]);
    expect(model.layers.at(-1)!.getConfig().activation).toBe('linear');
    expect(model.getLayer('dropout').getConfig().rate).toBe(0.5);
    // The shipped weights fit the architecture the code builds.
    const fresh = buildClassifier();
    expect(fresh.weights.map((w) => w.shape)).toEqual(model.weights.map((w) => w.shape));
    fresh.dispose();
  });

  it('classifies at least 99% of the 10,000 MNIST test images correctly', async () => {
    const test = await loadMnist('test');
    const accuracy = await classifierAccuracy(model, test);
    expect(accuracy).toBeGreaterThanOrEqual(0.99);
    const info = JSON.parse(await readFile(`${SHIPPED}/info.json`, 'utf8')) as {
      testAccuracy: number;
      params: number;
    };
    expect(info.params).toBe(MNIST_CLASSIFIER_PARAMS);
    // Same weights, same data: the recorded figure must be what the model really scores.
    expect(Math.abs(info.testAccuracy - accuracy)).toBeLessThan(5e-4);
  });
});
