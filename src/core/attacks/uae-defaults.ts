/**
 * The defaults of MINE-UAE, written once: the CLI (`attack --method uae`, `augment`), the app's
 * unsupervised task and its experiment panel read them here. No tfjs: the app's URL code imports it.
 */
import type { CriticPreset } from '../mine/critic';
import type { AttackOptions } from './options';

/**
 * The unsupervised settings on top of the general defaults. The authors': T = 40, ε = 1, 20 MINE
 * steps, and δ0 Glorot-uniform (±0.086 on MNIST; their driver draws a U(−ε, ε) variable but attacks
 * another one, made by tf.get_variable without an initializer, hence Glorot). From U(−1, 1) noise
 * (f ≈ 90 on the shipped conv AE) 40 steps do not bring f to 0 on a well-trained AE.
 * Departure: α = 0.1 (authors: 0.01). f sums squared errors, and on the dense AE it starts near
 * 0.1–0.2 from the Glorot δ0, so c (which grows by β·f⁺) stays near 0.1 and f falls by ~α·c·|∇f|²
 * per step: at α = 0.01, 6 of 20 training images reached f ≤ 0 within 40 iterations; at 0.1 the
 * slowest ones do by iteration 23–29, and on the conv AE the first success comes at 3–4 instead of 10.
 */
export const UAE_DEFAULTS = {
  alpha: 0.1,
  iters: 40,
  eps: 1.0,
  mineSteps: 20,
  deltaInit: 'glorot',
} as const satisfies Partial<AttackOptions>;

/**
 * The default critic of MINE-UAE. Random-projection mode (dense AEs): the authors' (paper) critic,
 * which costs there about what the lite one does; the lite critic's DV estimate starts near −1.4
 * (its output spread at the Glorot start is about 3× the paper critic's) and at lr 1.5e-5 stays
 * below 0 for 40 iterations, so "I > 0" never holds. Conv mode: lite (a departure from the
 * authors: their critic has 11.9 M parameters on 16 maps of 28×28, ~12 s per iteration on wasm),
 * whose estimate starts near 0 and turns positive within a few iterations.
 */
export function uaeCritic(convMode: boolean): CriticPreset {
  return convMode ? 'lite' : 'paper';
}
