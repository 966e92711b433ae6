/** What the classifier sees of one image: class probabilities and its first-conv maps (the MINE samples). */
import * as tf from '@tensorflow/tfjs-core';
import { classifierLogits, type AttackedClassifier } from '../core/models/attacked-classifier';
import { convSamples } from '../core/models/first-conv';
import type { ImageView } from './protocol';

export async function imageView(clf: AttackedClassifier, pixels: Float32Array): Promise<ImageView> {
  const [h, w, c] = clf.inputShape;
  const { probs, maps } = tf.tidy(() => {
    const x = tf.tensor4d(pixels, [1, h, w, c]);
    return {
      probs: tf.softmax(classifierLogits(clf, x)),
      // [K, H', W', 1] is already map after map in memory.
      maps: convSamples(clf.conv1, x),
    };
  });
  try {
    const [p, m] = await Promise.all([probs.data(), maps.data()]);
    return {
      probs: Float32Array.from(p),
      maps: Float32Array.from(m),
      k: clf.conv1.channels,
      mapH: clf.conv1.outH,
      mapW: clf.conv1.outW,
    };
  } finally {
    probs.dispose();
    maps.dispose();
  }
}

/** x′ = x + δ, where δ is already the effective x′ − x the engine reports. */
export function addDelta(x: Float32Array, delta: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.min(1, Math.max(0, x[i]! + delta[i]!));
  return out;
}
