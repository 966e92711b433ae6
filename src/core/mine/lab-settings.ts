/**
 * The MINE lab's settings and their bounds, shared by the view (its fields), its link and the worker
 * protocol (which checks them again on receipt). The facts are rows of the settings table
 * (core/settings.ts, the lab… rows); this names them as the lab's message and store do.
 */
import { LIMITS, type NumericLimit } from '../limits';
import { SETTINGS } from '../settings';
import type { BoundName } from './bound-names';

export type LabLimit = NumericLimit;

/** The lab's numeric settings → their rows in the settings table (and their link fields). */
export const LAB_NUMBER_KEYS = {
  rho: 'labRho',
  dim: 'labDim',
  steps: 'labSteps',
  batch: 'labBatch',
  tau: 'labTau',
  lr: 'labLr',
  seed: 'labSeed',
} as const;
export type LabLimitName = keyof typeof LAB_NUMBER_KEYS;

export const LAB_LIMITS: { readonly [K in LabLimitName]: LabLimit } = Object.fromEntries(
  Object.entries(LAB_NUMBER_KEYS).map(([name, key]) => [name, LIMITS[key]]),
) as never;

/** The lab's cases and bounds, from the same table. */
export const LAB_SOURCES = SETTINGS.labSource.values;
export type LabSource = (typeof LAB_SOURCES)[number];

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
