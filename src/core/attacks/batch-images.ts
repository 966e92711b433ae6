/**
 * What the attacks that run on B images at once (MINE-UAE, the batched L2-UAE) share: the input
 * check, a per-image choice between two batches of iterates, and each image's own generator.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import type { AttackedAutoencoder } from './autoencoder-target';

/** Checks a batch of flat images against the autoencoder's input; returns the pixels per image. */
export function checkBatch(ae: AttackedAutoencoder, images: Float32Array, n: number): number {
  const [h, w, ch] = ae.inputShape;
  const size = h * w * ch;
  if (n === 0) throw new Error('no images to attack');
  if (images.length !== n * size)
    throw new Error(
      n === 1
        ? `input has ${images.length} values, the autoencoder expects ${h}×${w}×${ch}`
        : `expected ${n} images of ${size} values, got ${images.length} values`,
    );
  return size;
}

/**
 * Per image b, a[b] where `test(values[b])` holds, else b[b]: a selection, not m·a + (1 − m)·b, so
 * the chosen values are the iterate's bit for bit. Call inside a tidy.
 */
export function selectPerImage<T>(
  values: ArrayLike<T>,
  test: (v: T) => boolean,
  a: tf.Tensor4D,
  b: tf.Tensor4D,
): tf.Tensor4D {
  // tf.where broadcasts numpy-style: the condition is [B, 1, 1, 1].
  const cond = tf.tensor4d(Array.from(values, test), [values.length, 1, 1, 1], 'bool');
  return tf.where(cond, a, b);
}

/** Per image, `next` where mask is 1, else `held` (which it disposes); `held` itself when nothing changes. */
export function keepWhere(held: tf.Tensor4D, next: tf.Tensor4D, mask: Float32Array): tf.Tensor4D {
  if (!mask.some((m) => m > 0)) return held;
  const out = tf.tidy(() => selectPerImage(mask, (m) => m > 0, next, held));
  held.dispose();
  return out;
}

/** The generator of image `id` under `seed`: the same whichever batch the image is in. */
export function imageRng(seed: number, id: number): Rng {
  return new Rng(seed).fork(`image-${id}`);
}
