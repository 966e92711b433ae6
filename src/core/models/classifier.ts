// The Carlini–Wagner MNIST classifier (docs/ALGORITHM.md §7), the model every attack here targets.
import * as tfc from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-layers';
import { toFloatBatch, type ImageSet } from '../data/dataset';

export const MNIST_CLASSIFIER_NAME = 'mnist-classifier';
/** First convolution: MINE's samples are its K = 32 output maps (after ReLU). */
export const CLASSIFIER_CONV1 = 'conv1';
/** Trainable parameters of the architecture below (conv 320 + 9,248 + 18,496 + 36,928; dense 205,000 + 40,200 + 2,010). */
export const MNIST_CLASSIFIER_PARAMS = 312_202;

export interface ClassifierSpec {
  /** Filters of the 4 convolutions and units of the 2 hidden dense layers. */
  widths: readonly [number, number, number, number, number, number];
  inputShape: readonly [number, number, number];
  classes: number;
}

export const MNIST_CLASSIFIER_SPEC: ClassifierSpec = {
  widths: [32, 32, 64, 64, 200, 200],
  inputShape: [28, 28, 1],
  classes: 10,
};

/**
 * conv3×3 → ReLU → conv3×3 → ReLU → maxpool 2 → conv3×3 → ReLU → conv3×3 → ReLU → maxpool 2 → flatten →
 * dense → ReLU → dropout 0.5 → dense → ReLU → dense (logits); 'valid' padding; input in [0, 1].
 * ReLU is fused into each layer's activation, so conv1's output is already the post-ReLU map.
 */
export function buildClassifier(spec: ClassifierSpec = MNIST_CLASSIFIER_SPEC, seed?: number): tf.LayersModel {
  const [c1, c2, c3, c4, d1, d2] = spec.widths;
  // Seeded initialisers make a training run reproducible from its seed.
  let next = seed;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> | undefined =>
    next === undefined ? undefined : tf.initializers.glorotUniform({ seed: next++ });
  const conv = (
    filters: number,
    name: string,
    inputShape?: readonly [number, number, number],
  ): tf.layers.Layer =>
    tf.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'valid',
      activation: 'relu',
      kernelInitializer: init(),
      ...(inputShape === undefined ? {} : { inputShape: [...inputShape] }),
    });
  return tf.sequential({
    name: MNIST_CLASSIFIER_NAME,
    layers: [
      conv(c1, CLASSIFIER_CONV1, spec.inputShape),
      conv(c2, 'conv2'),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      conv(c3, 'conv3'),
      conv(c4, 'conv4'),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'dense1', units: d1, activation: 'relu', kernelInitializer: init() }),
      // No dropout seed: tfjs re-seeds its generator per call, so a seed would repeat one mask forever.
      tf.layers.dropout({ name: 'dropout', rate: 0.5 }),
      tf.layers.dense({ name: 'dense2', units: d2, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ name: 'logits', units: spec.classes, kernelInitializer: init() }),
    ],
  });
}

/** Share of `set` (uint8 images, rows·cols·1) that `model` classifies correctly, in batches. */
export async function classifierAccuracy(
  model: tf.LayersModel,
  set: ImageSet,
  batchSize = 500,
): Promise<number> {
  const pixels = set.rows * set.cols;
  let correct = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
    const classes = tfc.tidy(() => {
      const x = tfc.tensor4d(toFloatBatch(set.images, indices, pixels), [
        indices.length,
        set.rows,
        set.cols,
        1,
      ]);
      return tfc.argMax(model.predict(x) as tfc.Tensor, 1);
    });
    const predicted = await classes.data();
    classes.dispose();
    for (let i = 0; i < indices.length; i++) if (predicted[i] === set.labels[indices[i]!]) correct++;
  }
  return correct / set.count;
}
