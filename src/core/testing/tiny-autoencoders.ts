/** Small seeded autoencoders for engine tests that must not depend on shipped weights. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { glorotUniform, Rng } from '../rng';

function seed(model: tfl.LayersModel, s: number): tfl.LayersModel {
  const rng = new Rng(s);
  model.setWeights(
    model
      .getWeights()
      .map((w) =>
        w.shape.length === 1 ? tf.zeros(w.shape) : tf.tensor(glorotUniform(rng, w.shape), w.shape),
      ),
  );
  return model;
}

/** 784 → 32 sigmoid → 784 sigmoid, on flat vectors (random-projection MINE). */
export function tinyDenseAutoencoder(s = 3): tfl.LayersModel {
  return seed(
    tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [784], units: 32, activation: 'sigmoid' }),
        tfl.layers.dense({ units: 784, activation: 'sigmoid' }),
      ],
    }),
    s,
  );
}

/** conv 4×(3×3, same) ReLU → conv 1×(3×3, same) sigmoid, on images (conv-mode MINE, K = 4). */
export function tinyConvAutoencoder(s = 4): tfl.LayersModel {
  return seed(
    tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [28, 28, 1],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
        tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
      ],
    }),
    s,
  );
}
