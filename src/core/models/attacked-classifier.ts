/**
 * A classifier as the attacks see it: logits for a batch, the first conv for MINE samples, and its
 * input shape. Wraps any tfjs layers model with a conv first layer and C logits (or C softmax
 * probabilities: log-probabilities differ from logits by a per-sample constant, which no margin sees).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { KindedError } from '../errors';
import { findFirstConv, disposeFirstConv, type FirstConv } from './first-conv';

export interface AttackedClassifier {
  model: tfl.LayersModel;
  conv1: FirstConv;
  inputShape: [number, number, number];
  numClasses: number;
  /** True when the last layer ends in softmax and logits are taken as log-probabilities. */
  fromProbabilities: boolean;
}

export function wrapClassifier(model: tfl.LayersModel): AttackedClassifier {
  const inShape = model.inputs[0]?.shape;
  if (!inShape || inShape.length !== 4 || inShape.slice(1).some((d) => typeof d !== 'number')) {
    throw new KindedError(
      'invalid-input',
      `classifier input must be [batch, H, W, C], got ${JSON.stringify(inShape)}`,
    );
  }
  const outShape = model.outputs[0]?.shape;
  if (!outShape || outShape.length !== 2 || typeof outShape[1] !== 'number' || outShape[1] < 2) {
    throw new KindedError(
      'invalid-input',
      `classifier output must be [batch, classes], got ${JSON.stringify(outShape)}`,
    );
  }
  const last = model.layers[model.layers.length - 1]!;
  const act = last.getConfig().activation;
  const fromProbabilities = act === 'softmax';
  return {
    model,
    conv1: findFirstConv(model),
    inputShape: [inShape[1]!, inShape[2]!, inShape[3]!],
    numClasses: outShape[1],
    fromProbabilities,
  };
}

export function classifierLogits(c: AttackedClassifier, x: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const out = c.model.apply(x, { training: false }) as tf.Tensor2D;
    return c.fromProbabilities ? tf.log(tf.add(out, 1e-12)) : out;
  }) as tf.Tensor2D;
}

/** Frees what the wrapper copied (conv1's weights), not the model. */
export function disposeClassifier(c: AttackedClassifier): void {
  disposeFirstConv(c.conv1);
}

/**
 * Counts the non-finite values `model` outputs on a probe batch (flat images of `shape`). A model
 * with NaN or overflowing weights answers every input with garbage (argmax of NaN reads as class 0),
 * so it is refused up front rather than attacked or scored.
 */
export async function nonFiniteOutputs(
  model: tfl.LayersModel,
  images: Float32Array,
  shape: readonly [number, number, number],
  flat = false,
): Promise<{ bad: number; total: number; count: number }> {
  const size = shape[0] * shape[1] * shape[2];
  const count = Math.floor(images.length / size);
  if (count < 1 || count * size !== images.length)
    throw new Error(`the probe holds ${images.length} values, not whole ${shape.join('×')} images`);
  const out = tf.tidy(() => {
    const x = flat ? tf.tensor2d(images, [count, size]) : tf.tensor4d(images, [count, ...shape]);
    return model.apply(x, { training: false }) as tf.Tensor;
  });
  const v = await out.data();
  out.dispose();
  let bad = 0;
  for (const value of v) if (!Number.isFinite(value)) bad++;
  return { bad, total: v.length, count };
}

/**
 * The model's weights that hold a non-finite value, by name. A NaN that a ReLU hides on the forward
 * pass still poisons every gradient through it (measured: the shipped classifier with one NaN in
 * dense1 scores 99.3 % and every attack diverges at iteration 1).
 */
export async function nonFiniteWeights(model: tfl.LayersModel): Promise<{ name: string; bad: number }[]> {
  const found: { name: string; bad: number }[] = [];
  for (const w of model.weights) {
    const v = await w.read().data();
    let bad = 0;
    for (const value of v) if (!Number.isFinite(value)) bad++;
    if (bad > 0) found.push({ name: w.name, bad });
  }
  return found;
}

/**
 * Refuses (KindedError 'invalid-input') a model whose outputs on the probe are not all finite, or
 * whose weights are not.
 */
export async function assertFiniteOutputs(
  what: string,
  model: tfl.LayersModel,
  images: Float32Array,
  shape: readonly [number, number, number],
  flat = false,
): Promise<void> {
  const { bad, total, count } = await nonFiniteOutputs(model, images, shape, flat);
  if (bad === 0) {
    const weights = await nonFiniteWeights(model);
    if (weights.length === 0) return;
    const list = weights.map((w) => `${w.bad} in ${w.name}`).join(', ');
    throw new KindedError(
      'invalid-input',
      `${what} has non-finite weights (${list}): every gradient through them is NaN, so it cannot be attacked or measured`,
    );
  }
  throw new KindedError(
    'invalid-input',
    `${what} gives non-finite outputs (${bad} of ${total} values NaN or ±Infinity on ${count} probe image${count === 1 ? '' : 's'}): its weights are broken, so it cannot be attacked or measured`,
  );
}

/** The classifier check on a probe of flat H·W·C images (e.g. the attacked image and a few test images). */
export function assertFiniteClassifier(
  clf: AttackedClassifier,
  images: Float32Array,
  what = 'the classifier',
) {
  return assertFiniteOutputs(what, clf.model, images, clf.inputShape);
}
