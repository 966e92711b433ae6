/**
 * The MINE lab's settings and their bounds, shared by the view (its fields) and the worker protocol
 * (which checks them again on receipt). Lab-only: no attack, CLI flag or link reads them.
 */
import type { BoundName } from './bound-names';

export interface LabLimit {
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly integer: boolean;
}

const lim = (min: number, max: number, def: number, integer = false): LabLimit => ({
  min,
  max,
  default: def,
  integer,
});

export const LAB_LIMITS = {
  /** |ρ| = 1 has infinite MI; 0.999 is already 3.1 nats per dimension. */
  rho: lim(-0.999, 0.999, 0.9),
  /** The critic's input is 2d wide; 20 dimensions at ρ = 0.9 is 16.6 nats, beyond every bound's reach. */
  dim: lim(1, 20, 1, true),
  steps: lim(10, 20000, 600, true),
  /** InfoNCE scores all N² pairs: its batch is capped separately (INFONCE_MAX_BATCH). */
  batch: lim(8, 2048, 256, true),
  /** SMILE's clip; above ~80 exp(τ) overflows float32 and SMILE is DV. */
  tau: lim(0.1, 80, 5),
  lr: lim(1e-5, 0.1, 3e-3),
} as const;
export type LabLimitName = keyof typeof LAB_LIMITS;

/**
 * N² critic evaluations a step: at 128 (16,384 rows) 400 steps took 39 s on wasm in Node on a loaded
 * 2-core machine, against 1.5 s for DV at a batch of 256.
 */
export const INFONCE_MAX_BATCH = 128;

/** What the label of a lab limit says when a value is outside it, or null. */
export function outOfLabLimit(name: LabLimitName, value: number, label: string): string | null {
  const l = LAB_LIMITS[name];
  if (!Number.isFinite(value)) return `${label} must be a number`;
  if (l.integer && !Number.isInteger(value)) return `${label} must be a whole number`;
  if (value < l.min || value > l.max) return `${label} must be between ${l.min} and ${l.max}, got ${value}`;
  return null;
}

export function batchProblem(bound: BoundName, batch: number): string | null {
  return bound === 'infonce' && batch > INFONCE_MAX_BATCH
    ? `InfoNCE scores all N² pairs of a batch: its batch must be at most ${INFONCE_MAX_BATCH}, got ${batch}`
    : null;
}
