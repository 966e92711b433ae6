/**
 * Attack options, their defaults and the two semantics of ALGORITHM.md §8: "paper" follows the
 * paper's pseudo-code; "reference" reproduces the authors' code (Glorot δ0, box by clipping in the
 * forward pass, c updated from the iterate before the step, success of x'_t booked with the I
 * measured after the step).
 */
import type { CriticPreset } from '../mine/critic';

export type AttackMethod = 'minmax' | 'penalty' | 'pgd';
export const ATTACK_METHODS: readonly AttackMethod[] = ['minmax', 'penalty', 'pgd'];
export type Semantics = 'paper' | 'reference';
export const SEMANTICS: readonly Semantics[] = ['paper', 'reference'];
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
  biasCorrection: boolean;
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
  eps: 1.0,
  alpha: 0.01,
  beta: 0.1,
  c0: 1e-3,
  iters: 1000,
  kappa: 0,
  target: null,
  seed: 1,
  critic: 'paper',
  mineLr: 1.5e-5,
  mineSteps: 1,
  biasCorrection: false,
  semantics: 'paper',
  deltaInit: 'zeros',
  searchSteps: 9,
  pgdStep: 0.01,
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

export function validateOptions(o: AttackOptions): void {
  const bad = (msg: string): never => {
    throw new RangeError(msg);
  };
  const finite = (name: string, v: number) => {
    if (!Number.isFinite(v)) bad(`${name} must be a finite number, got ${v}`);
  };
  for (const k of ['eps', 'alpha', 'beta', 'c0', 'kappa', 'mineLr', 'pgdStep'] as const) finite(k, o[k]);
  if (o.eps < 0 || o.eps > 1) bad(`eps must be in [0, 1], got ${o.eps}`);
  if (o.alpha <= 0) bad(`alpha must be > 0, got ${o.alpha}`);
  if (o.beta < 0 || o.beta > 1) bad(`beta must be in [0, 1], got ${o.beta}`);
  if (o.c0 < 0) bad(`c0 must be ≥ 0, got ${o.c0}`);
  if (o.kappa < 0) bad(`kappa must be ≥ 0, got ${o.kappa}`);
  if (o.mineLr <= 0) bad(`mine lr must be > 0, got ${o.mineLr}`);
  if (o.pgdStep <= 0) bad(`pgd step must be > 0, got ${o.pgdStep}`);
  const int = (name: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi)
      bad(`${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  };
  int('iters', o.iters, 1, 100_000);
  int('mineSteps', o.mineSteps, 1, 1000);
  int('searchSteps', o.searchSteps, 1, 50);
  int('seed', o.seed, 0, 2 ** 32 - 1);
  int('traceDeltaEvery', o.traceDeltaEvery, 0, 100_000);
  if (o.target !== null) int('target', o.target, 0, 1000);
}
