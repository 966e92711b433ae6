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

export const LOOP_PHASE_NAMES = Object.keys(LOOP_PHASES) as LoopPhaseName[];

/** What a phase's lines computed, where it is known at that point (image 0 of a batch). */
export interface PhaseValues {
  /** iteration: t. */
  readonly t?: number;
  /** delta-step: the step size, the c it weighs f⁺ with, the box. */
  readonly alpha?: number;
  readonly c?: number;
  readonly eps?: number;
  /** critic-step: θ trained (false: frozen, the attacker's step), I_θ, and f and ‖δ‖ of the new iterate. */
  readonly trained?: boolean;
  readonly mi?: number;
  readonly f?: number;
  readonly linf?: number;
  readonly l2?: number;
  /** dual-ascent: the new c (in `c`) and the f⁺ that drove it. */
  readonly fPlus?: number;
  /** booking: the booked iterate succeeded; it became δ*; I* so far. */
  readonly success?: boolean;
  readonly took?: boolean;
  readonly bestMi?: number | null;
}

export interface LoopPhase {
  readonly phase: LoopPhaseName;
  readonly t: number;
  readonly part: StepPart;
  readonly values: PhaseValues;
}

export type PhaseListener = (event: LoopPhase) => void;
