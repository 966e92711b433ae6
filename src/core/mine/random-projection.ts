/**
 * MINE samples for models without a first convolution (the authors' "random_sampling" mode): K = 500
 * samples, each a 128-dim Gaussian random projection N(0, 1/128) of vec(x) (resp. vec(x')), each row
 * standardised, with the projection matrix redrawn at every evaluation.
 *
 * Drawing that [K, D, 128] matrix costs 50 M normals per evaluation on MNIST. This module draws the
 * same samples in distribution from 2·K·128 normals: for one projection row r ~ N(0, I/128), the pair
 * (r·x, r·x') is bivariate normal with covariance [[‖x‖², x·x′], [x·x′, ‖x′‖²]]/128, independent across
 * rows; after the per-row standardisation only its correlation ρ = cos(x, x′) survives. So
 *   X_k = std(z1_k),  Y_k = std(ρ·z1_k + √(1−ρ²)·z2_k),  z1, z2 ~ N(0, I_128),
 * which is differentiable in x′ through ρ. random-projection.test.ts checks it against the explicit
 * projection.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';

export const RP_SAMPLES = 500;
export const RP_DIM = 128;

/** Per-row standardisation: (v − mean) / std over the last axis (population std, as tf.nn.moments). */
export function standardizeRows(v: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(v, 1, true);
    return tf.div(tf.sub(v, mean), tf.sqrt(variance)) as tf.Tensor2D;
  });
}

/** cos(x, x′) of two flat batches [1, D]; differentiable. */
export function cosine(x: tf.Tensor, xAdv: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const a = tf.reshape(x, [-1]);
    const b = tf.reshape(xAdv, [-1]);
    const dot = tf.sum(tf.mul(a, b));
    const norms = tf.mul(tf.norm(a), tf.norm(b));
    return tf.div(dot, tf.maximum(norms, 1e-12)) as tf.Scalar;
  });
}

/** Draws the K×d samples of x and of x′ for one evaluation; fresh normals from `rng` each call. */
export function randomProjectionSamples(
  x: tf.Tensor,
  xAdv: tf.Tensor,
  rng: Rng,
  k = RP_SAMPLES,
  dim = RP_DIM,
): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const z1v = rng.fillNormal(new Float32Array(k * dim), 0, 1);
  const z2v = rng.fillNormal(new Float32Array(k * dim), 0, 1);
  return tf.tidy(() => {
    const z1 = tf.tensor2d(z1v, [k, dim]);
    const z2 = tf.tensor2d(z2v, [k, dim]);
    // Clamp |ρ| below 1 so that √(1−ρ²) keeps a finite gradient when x′ = x.
    const rho = tf.clipByValue(cosine(x, xAdv), -0.999999, 0.999999);
    const y = tf.add(tf.mul(rho, z1), tf.mul(tf.sqrt(tf.sub(1, tf.square(rho))), z2)) as tf.Tensor2D;
    return { x: standardizeRows(z1), y: standardizeRows(y) };
  });
}

/** Rows in the Gaussian bank that the UAE's random projections are picked from. */
export const RP_BANK_ROWS = 8192;

/**
 * The bank of a UAE run (RP_BANK_ROWS standard-normal rows of `dim`), drawn once from the seed. Fresh
 * normals per evaluation, as the authors draw them, cost ~15 ms per image and evaluation here (12 s per
 * 40-iteration UAE, more than the critic); each evaluation picks its rows afresh from the bank instead.
 */
export function projectionBank(seed: number, dim = RP_DIM): Float32Array {
  return new Rng(seed).fork('rp-bank').fillNormal(new Float32Array(RP_BANK_ROWS * dim), 0, 1);
}

/** One evaluation's 2·K bank rows for one image (z1's K, then z2's), written at out[offset …]. */
export function drawBankRows(rng: Rng, k: number, out: Int32Array, offset = 0): Int32Array {
  for (let i = 0; i < 2 * k; i++) out[offset + i] = rng.int(RP_BANK_ROWS);
  return out;
}

/**
 * Random-projection samples for B images at once ([B, K, d] each), as the UAE draws them: the
 * Gaussian rows come from a bank drawn once per run (`bank`, N rows of d, N ≫ K) and each evaluation
 * picks 2·K rows per image at random (`rows`: for image b, z1 = rows[2bK … 2bK+K), z2 the next K).
 * The rows are copied here rather than gathered by tfjs: wasm's GatherV2 took ~200 ms for the
 * 50,000 rows of a 50-image batch. The per-row standardisation and the ρ = cos(x, x′) mixing are as above.
 */
export function bankProjectionSamples(
  bank: Float32Array,
  dim: number,
  x: tf.Tensor,
  xAdv: tf.Tensor,
  rows: Int32Array,
  k: number,
): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const b = x.shape[0]!;
  if (rows.length !== 2 * b * k) throw new Error(`expected ${2 * b * k} bank rows, got ${rows.length}`);
  const z1 = new Float32Array(b * k * dim);
  const z2 = new Float32Array(b * k * dim);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < k; j++) {
      const r1 = rows[2 * i * k + j]!;
      const r2 = rows[2 * i * k + k + j]!;
      z1.set(bank.subarray(r1 * dim, (r1 + 1) * dim), (i * k + j) * dim);
      z2.set(bank.subarray(r2 * dim, (r2 + 1) * dim), (i * k + j) * dim);
    }
  }
  return tf.tidy(() => {
    const a = tf.reshape(x, [b, -1]);
    const c = tf.reshape(xAdv, [b, -1]);
    const cos = tf.div(
      tf.sum(tf.mul(a, c), 1),
      tf.maximum(tf.mul(tf.norm(a, 'euclidean', 1), tf.norm(c, 'euclidean', 1)), 1e-12),
    );
    const rho = tf.reshape(tf.clipByValue(cos, -0.999999, 0.999999), [b, 1, 1]);
    const t1 = tf.tensor3d(z1, [b, k, dim]);
    const y = tf.add(
      tf.mul(rho, t1),
      tf.mul(tf.sqrt(tf.sub(1, tf.square(rho))), tf.tensor3d(z2, [b, k, dim])),
    );
    const std = (v: tf.Tensor) => {
      const { mean, variance } = tf.moments(v, 2, true);
      return tf.div(tf.sub(v, mean), tf.sqrt(variance)) as tf.Tensor3D;
    };
    return { x: std(t1), y: std(y) };
  });
}
