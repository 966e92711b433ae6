/**
 * What the random-projection MINE samples of the dense autoencoders are, made visible (tf-free, so the
 * page draws it on its main thread). Sample k of an image is std(R_kᵀ·vec(x)): its 784 pixels
 * projected by a Gaussian matrix R_k (784 × 128, entries N(0, 1/128)) and standardised over its 128
 * values; x′ goes through the same R_k. The engine never builds these matrices: it draws each pair in
 * distribution from cos(x, x′) (random-projection.ts). Here a few R_k are drawn from the same
 * distribution, seeded, so a student can see a projection direction and the pairs it makes.
 */
import { Rng } from '../rng';

/** Samples per evaluation and their dimension: the engine's RP_SAMPLES and RP_DIM (checked in the test). */
export const PROJECTION_SAMPLES = 500;
export const PROJECTION_DIM = 128;

/**
 * R_k for sample k, row-major [pixels][dim], entries N(0, 1/dim): a function of (seed, k) alone, so
 * any sample can be drawn on its own.
 */
export function projectionMatrix(
  seed: number,
  k: number,
  pixels: number,
  dim = PROJECTION_DIM,
): Float32Array {
  const rng = new Rng(seed).fork('projection-images').fork(`sample ${k}`);
  return rng.fillNormal(new Float32Array(pixels * dim), 0, 1 / Math.sqrt(dim));
}

/** R_kᵀ·x: the dim raw projections of the flat image x (length pixels). */
export function project(matrix: Float32Array, x: ArrayLike<number>, dim = PROJECTION_DIM): Float64Array {
  const pixels = matrix.length / dim;
  if (x.length !== pixels) throw new Error(`a ${pixels}-pixel projection cannot take ${x.length} values`);
  const out = new Float64Array(dim);
  for (let i = 0; i < pixels; i++) {
    const v = x[i]!;
    if (v === 0) continue;
    const row = i * dim;
    for (let j = 0; j < dim; j++) out[j]! += v * matrix[row + j]!;
  }
  return out;
}

/** (v − mean)/std over v, population std (as the engine's per-row standardisation); zeros for a constant v. */
export function standardize(v: ArrayLike<number>): Float32Array {
  const n = v.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i]!;
  mean /= n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (v[i]! - mean) ** 2;
  const std = Math.sqrt(sq / n);
  const out = new Float32Array(n);
  if (std > 0) for (let i = 0; i < n; i++) out[i] = (v[i]! - mean) / std;
  return out;
}

/** Pearson correlation of two equally long vectors (0 when either is constant). */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const sa = standardize(a);
  const sb = standardize(b);
  let s = 0;
  for (let i = 0; i < sa.length; i++) s += sa[i]! * sb[i]!;
  return s / sa.length;
}

/** cos(x, x′): all that the engine's draws of a projected pair depend on. */
export function cosine(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    dot += x[i]! * y[i]!;
    nx += x[i]! ** 2;
    ny += y[i]! ** 2;
  }
  return dot / Math.max(Math.sqrt(nx * ny), 1e-12);
}

/** One shown sample: a direction of R_k, the joint pair (X_k, Y_k) and the marginal's (X_k, Y_π(k)). */
export interface ProjectionPair {
  readonly k: number;
  /** π(k): the sample whose x′ projection X_k meets in the marginal term. */
  readonly partner: number;
  /** Column 0 of R_k: the pixel weights of X_k's first value (length pixels). */
  readonly direction: Float32Array;
  /** X_k = std(R_kᵀx), Y_k = std(R_kᵀx′), Y_π(k) = std(R_π(k)ᵀx′) (dim values each). */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly marginal: Float32Array;
  /** corr(X_k, Y_k), close to cos(x, x′), and corr(X_k, Y_π(k)), close to 0. */
  readonly jointR: number;
  readonly marginalR: number;
}

/** Column 0 of a [pixels][dim] matrix. */
export function firstDirection(matrix: Float32Array, dim = PROJECTION_DIM): Float32Array {
  const pixels = matrix.length / dim;
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = matrix[i * dim]!;
  return out;
}

/** The pairs of samples `ks` (partners from `partnerOf`), projecting x and x′ through seeded matrices. */
export function projectionPairs(
  seed: number,
  x: ArrayLike<number>,
  xAdv: ArrayLike<number>,
  ks: readonly number[],
  partnerOf: (k: number) => number,
  matrixOf: (k: number) => Float32Array = (k) => projectionMatrix(seed, k, x.length),
): ProjectionPair[] {
  return ks.map((k) => {
    const partner = partnerOf(k);
    const own = matrixOf(k);
    const sx = standardize(project(own, x));
    const sy = standardize(project(own, xAdv));
    const sm = partner === k ? sy : standardize(project(matrixOf(partner), xAdv));
    return {
      k,
      partner,
      direction: firstDirection(own),
      x: sx,
      y: sy,
      marginal: sm,
      jointR: correlation(sx, sy),
      marginalR: correlation(sx, sm),
    };
  });
}
