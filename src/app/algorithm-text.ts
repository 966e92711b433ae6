/**
 * The two algorithms of the talk, line by line as it writes them (Algorithm 1, the MinMax attack;
 * the per-sample MINE algorithm), with the unsupervised variant's two changed lines, and which lines
 * each phase of the engine's loop covers (core/attacks/phases.ts).
 */
import { LOOP_PHASES, type LoopPhaseName } from '../core/attacks/phases';

export interface AlgorithmLine {
  readonly n: number;
  readonly text: string;
  /** The line in the unsupervised (UAE) variant, where the sign of the MI term flips. */
  readonly uae?: string;
}

export const ALGORITHM_1: readonly AlgorithmLine[] = [
  {
    n: 1,
    text: 'Require: data sample x, attack criterion fₓ(·), step sizes α and β, perturbation bound ε, T iterations',
  },
  { n: 2, text: 'Initialize δ₀ = 0, c₀ = 0, δ* = null, I*_Θ = −∞, t = 1' },
  { n: 3, text: 'for t in T iterations do' },
  {
    n: 4,
    text: 'δₜ₊₁ = δₜ − α·(c·∇fₓ⁺(x + δₜ) − ∇I_Θ(x, x + δₜ))',
    uae: 'δₜ₊₁ = δₜ − α·(c·∇fₓ⁺(x + δₜ) + ∇I_Θ(x, x + δₜ))',
  },
  { n: 5, text: 'Project δₜ₊₁ to [−ε, ε] via clipping' },
  { n: 6, text: 'Project x + δₜ₊₁ to [0, 1] via clipping' },
  { n: 7, text: 'Compute I_Θ(x, x + δₜ₊₁)' },
  { n: 8, text: 'Perform cₜ₊₁ = (1 − β/t^¼)·cₜ + β·fₓ⁺(x + δₜ₊₁)' },
  { n: 9, text: 'Project cₜ₊₁ to [0, ∞]' },
  {
    n: 10,
    text: 'if fₓ(x + δₜ₊₁) ≤ 0 and I_Θ(x, x + δₜ₊₁) > I*_Θ then',
    uae: 'if fₓ(x + δₜ₊₁) ≤ 0 and 0 < I_Θ(x, x + δₜ₊₁) < I*_Θ then',
  },
  { n: 11, text: 'update δ* = δₜ₊₁ and I*_Θ = I_Θ(x, x + δₜ₊₁)' },
  { n: 12, text: 'Return δ*, I*_Θ' },
];

export const MINE_ALGORITHM: readonly AlgorithmLine[] = [
  { n: 1, text: 'Require: x, x + δ, the first convolution conv(·), the estimator I(θ)' },
  { n: 2, text: 'Initialize the parameters θ' },
  { n: 3, text: 'Get {conv(x)ₖ} and {conv(x + δ)ₖ}, k = 1…K, from the first convolution' },
  { n: 4, text: 'for t in T_I iterations do' },
  { n: 5, text: 'Take K samples of the joint: {conv(x)ₖ, conv(x + δ)ₖ}' },
  { n: 6, text: 'Shuffle K samples of conv(x + δ) for the marginal: {conv(x + δ)₍ₖ₎}' },
  { n: 7, text: 'I(θ) ← (1/K)·Σ T_θ(joint) − log((1/K)·Σ exp T_θ(marginal))' },
  { n: 8, text: 'θ ← θ + ∇_θ I(θ)' },
  { n: 9, text: 'Return I(θ)' },
];

/** Algorithm 1's lines a phase covers. */
export function linesOf(phase: LoopPhaseName): number[] {
  const [from, to] = LOOP_PHASES[phase];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** MINE's lines a critic step covers: its Adam steps (trained), or one evaluation with θ frozen. */
export function mineLinesOf(trained: boolean): number[] {
  return trained ? [3, 4, 5, 6, 7, 8] : [3, 5, 6, 7];
}
