/** A small seeded conv classifier for engine tests that must not depend on the shipped weights. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { glorotUniform, Rng } from '../rng';

export function tinyClassifier(
  seed = 7,
  inputShape: [number, number, number] = [28, 28, 1],
): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape, filters: 8, kernelSize: 3, activation: 'relu', name: 'first' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, name: 'logits' }),
    ],
  });
  const rng = new Rng(seed);
  model.setWeights(
    model
      .getWeights()
      .map((w) =>
        w.shape.length === 1
          ? tf.tensor(rng.fillNormal(new Float32Array(w.size), 0, 0.05), w.shape)
          : tf.tensor(glorotUniform(rng, w.shape), w.shape),
      ),
  );
  return model;
}

/** A deterministic digit-like input: a bright bar on a dark background, values in [0, 1]. */
export function barImage(h = 28, w = 28): Float32Array {
  const x = new Float32Array(h * w);
  for (let r = 6; r < h - 6; r++) for (let c = 12; c < 16; c++) x[r * w + c] = 1;
  for (let c = 8; c < 20; c++) x[7 * w + c] = 0.6;
  return x;
}
