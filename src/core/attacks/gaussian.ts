/**
 * Gaussian augmentation GA(σ) (docs/ALGORITHM.md §6): x′ = clip(x + N(0, σ²), 0, 1), seeded. Its "ASR"
 * in the paper's table is the share of copies the autoencoder reconstructs at least as well as the
 * clean image (f ≤ 0 on the UAE criterion).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { autoencoderTarget, type AttackedAutoencoder } from './autoencoder-target';

export function gaussianCopy(x: Float32Array, sigma: number, rng: Rng): Float32Array {
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`σ must be ≥ 0, got ${sigma}`);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.min(1, Math.max(0, x[i]! + sigma * rng.normal()));
  return out;
}

/** One GA copy of x and whether it meets the UAE criterion on `ae`. */
export async function gaussianAugment(
  ae: AttackedAutoencoder,
  x: Float32Array,
  sigma: number,
  rng: Rng,
): Promise<{ adversarial: Float32Array; success: boolean; f: number }> {
  const adversarial = gaussianCopy(x, sigma, rng);
  const [h, w, c] = ae.inputShape;
  const xt = tf.tensor4d(x, [1, h, w, c]);
  const target = autoencoderTarget(ae, xt);
  const f = tf.tidy(() => target.criterion(tf.tensor4d(adversarial, [1, h, w, c])));
  const v = (await f.data())[0]!;
  tf.dispose([f, xt]);
  target.dispose();
  return { adversarial, success: v <= 0, f: v };
}
