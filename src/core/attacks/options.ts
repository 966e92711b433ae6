/**
 * Attack options, their defaults and the two semantics of docs/ALGORITHM.md §8: "paper" follows the
 * paper's pseudo-code; "reference" reproduces the authors' code (Glorot δ0, box by clipping in the
 * forward pass, c updated from the iterate before the step, success of x'_t booked with the I
 * measured after the step).
 */
import { KindedError } from '../errors';
import { LIMITS, outOfLimit } from '../limits';
import { DEFAULT_BOUND, type BoundChoice, type BoundName } from '../mine/bound-names';
import { SETTINGS } from '../settings';
import type { AttackMethod, CriticPreset, Semantics } from '../vocabulary';

export type { AttackMethod, Semantics };
export type DeltaInit = 'zeros' | 'uniform' | 'glorot';

export interface AttackOptions {
  /** L∞ budget ε. */
  eps: number;
  /** δ step size α (plain gradient step). */
  alpha: number;
  /** c step size β (c ← (1 − β/t^¼)c + β f⁺). */
  beta: number;
  c0: number;
  /** Iterations T (for penalty: per binary-search step). */
  iters: number;
  kappa: number;
  /** Target class for a targeted attack, or null. */
  target: number | null;
  seed: number;
  critic: CriticPreset;
  mineLr: number;
  /** MINE Adam steps per attack iteration. */
  mineSteps: number;
  /** The MI bound the critic maximises and the δ step follows (bound-heads.ts); DV is the paper's. */
  bound: BoundName;
  /** SMILE's clip τ (read with bound smile only). */
  smileTau: number;
  semantics: Semantics;
  /** δ0; "paper" semantics default zeros, "reference" Glorot-uniform. */
  deltaInit: DeltaInit;
  /** Penalty baseline: number of binary-search steps on c. */
  searchSteps: number;
  /** PGD: sign-step size, and whether to start from U(−ε, ε). */
  pgdStep: number;
  pgdRandomStart: boolean;
  /** Keep δ in the trace every n iterations (0: never). */
  traceDeltaEvery: number;
}

export const DEFAULT_ATTACK_OPTIONS: AttackOptions = {
  eps: LIMITS.eps.default,
  alpha: LIMITS.alpha.default,
  beta: LIMITS.beta.default,
  c0: LIMITS.c0.default,
  iters: LIMITS.iters.default,
  kappa: LIMITS.kappa.default,
  target: null,
  seed: 1,
  critic: 'paper',
  mineLr: LIMITS.mineLr.default,
  mineSteps: LIMITS.mineSteps.default,
  bound: SETTINGS.bound.default,
  smileTau: LIMITS.smileTau.default,
  semantics: 'paper',
  deltaInit: 'zeros',
  searchSteps: LIMITS.searchSteps.default,
  pgdStep: LIMITS.pgdStep.default,
  pgdRandomStart: true,
  traceDeltaEvery: 0,
};

/** Options with the semantics' own defaults filled in where the caller did not choose. */
export function resolveOptions(partial: Partial<AttackOptions>): AttackOptions {
  const semantics = partial.semantics ?? DEFAULT_ATTACK_OPTIONS.semantics;
  const o: AttackOptions = {
    ...DEFAULT_ATTACK_OPTIONS,
    deltaInit: semantics === 'reference' ? 'glorot' : 'zeros',
    ...stripUndefined(partial),
    semantics,
  };
  validateOptions(o);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Refuses options outside the limits of core/limits.ts (where the maths breaks) with a usage error
 * naming the setting and the reason.
 */
export function validateOptions(o: AttackOptions): void {
  const problems = (
    [
      ['eps', o.eps, 'eps'],
      ['alpha', o.alpha, 'alpha'],
      ['beta', o.beta, 'beta'],
      ['c0', o.c0, 'c0'],
      ['kappa', o.kappa, 'kappa'],
      ['mineLr', o.mineLr, 'mine lr'],
      ['pgdStep', o.pgdStep, 'pgd step'],
      ['iters', o.iters, 'iters'],
      ['mineSteps', o.mineSteps, 'mineSteps'],
      ['searchSteps', o.searchSteps, 'searchSteps'],
      ['smileTau', o.smileTau, 'smile tau'],
    ] as const
  ).map(([name, v, label]) => outOfLimit(name, v, label));
  const bad = problems.find((p) => p !== null);
  if (bad) throw new KindedError('usage', bad);
  const int = (name: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi)
      throw new KindedError('usage', `${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  };
  int('seed', o.seed, 0, 2 ** 32 - 1);
  int('traceDeltaEvery', o.traceDeltaEvery, 0, LIMITS.iters.max);
  if (o.target !== null) int('target', o.target, 0, 1000);
  if (!(SETTINGS.bound.values as readonly string[]).includes(o.bound))
    throw new KindedError(
      'usage',
      `bound must be one of ${SETTINGS.bound.values.join(', ')}, got ${o.bound}`,
    );
}

/** The critic's bound of the attack options (MINE's moving-average rate is the MINE paper's). */
export function mineBound(o: AttackOptions): BoundChoice {
  return { ...DEFAULT_BOUND, bound: o.bound, smileTau: o.smileTau };
}
