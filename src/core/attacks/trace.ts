/** What one attack iteration reports, and what an attack returns. */
import type { AttackMethod, Semantics } from './options';

export interface IterationRecord {
  /** Iteration, from 1 (for penalty: within its search step). */
  t: number;
  /** Which player(s) moved: both (a full iteration), the attacker only, or the critic only. */
  part: 'both' | 'attacker' | 'critic';
  /** Penalty baseline: binary-search step (from 0); otherwise 0. */
  searchStep: number;
  c: number;
  /** Criterion f at the booked iterate (success when ≤ 0), and f⁺ = max(0, f). */
  f: number;
  fPlus: number;
  /** MINE estimate I_θ(x, x') booked for this iteration (NaN for PGD). */
  mi: number;
  success: boolean;
  /** ‖x' − x‖∞ and ‖x' − x‖₂ of the current iterate. */
  linf: number;
  l2: number;
  /** Best I among successful iterates so far, or null. */
  bestMi: number | null;
  /** Class the model predicts for the current iterate (NaN for unsupervised attacks). */
  predicted: number;
  /** Unsupervised attacks: ‖x − AE(x′)‖² of the current iterate. */
  reconAdv?: number;
  /** x' − x, when requested (traceDeltaEvery). */
  delta?: Float32Array;
}

/** What every attack returns, on a classifier or an autoencoder. */
export interface ReturnedExample {
  success: boolean;
  /**
   * Null on success; else the true reason: why no iterate succeeded (e.g. "f stayed > 0 for all 300
   * iterations (smallest f 0.21 at iteration 14)"; for a UAE, which of f ≤ 0 and I > 0 never held
   * together), or why the returned x′ failed its check.
   */
  failureReason: string | null;
  firstSuccessIter: number | null;
  /** I* of the returned iterate (the best among successes: the highest I; a UAE's smallest positive I), or null. */
  miBest: number | null;
  /** Returned perturbation x' − x: δ* on success, the iterate with the smallest f otherwise. */
  delta: Float32Array;
  adversarial: Float32Array;
  linf: number;
  l2: number;
  /** Criterion value at the returned iterate. */
  f: number;
  itersRun: number;
  msPerIter: number;
  cancelled: boolean;
}

export interface AttackResult extends ReturnedExample {
  method: AttackMethod;
  semantics: Semantics;
  label: number;
  /** Prediction on the clean input. */
  predictedClean: number;
  /** Prediction on the returned x'. */
  predictedAdv: number;
}
