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
