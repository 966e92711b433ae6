/**
 * Where the MinMax loop stands within Algorithm 1 as it runs: the events a pseudo-code view lights
 * its lines by. MinMaxLoop.step emits each one at the point it reaches in the code (not on a timer),
 * with the values known there; for a batch, the values are image 0's. A listener only reads: the
 * numbers of the run are the same with or without one.
 */
import type { StepPart } from '../vocabulary';

/** Each phase and the lines of Algorithm 1 it covers (first, last). */
export const LOOP_PHASES = {
  /** Line 3: for t = 1 … T (a critic-only step does not advance t). */
  iteration: [3, 3],
  /** Lines 4–6: the δ step on c·f⁺ ∓ I_θ and the two projections (the ε box, the [0, 1] box). */
  'delta-step': [4, 6],
  /** Line 7: the critic's Adam step(s) on I_θ(x, x + δ), and I_θ measured (after the readback). */
  'critic-step': [7, 7],
  /** Lines 8–9: dual ascent on c. */
  'dual-ascent': [8, 9],
  /** Lines 10–11: δ* and I* booked when the iterate succeeded with a better I. */
  booking: [10, 11],
} as const;
export type LoopPhaseName = keyof typeof LOOP_PHASES;

export interface LoopPhase {
  readonly phase: LoopPhaseName;
  readonly t: number;
  readonly part: StepPart;
  /** What the line computed, where it is known at that point (image 0 of a batch). */
  readonly values: Readonly<Record<string, number | boolean | null>>;
}

export type PhaseListener = (event: LoopPhase) => void;
