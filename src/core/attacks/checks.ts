/**
 * The two checks every attack passes before anything it computed is reported. An iteration whose f,
 * I, c or δ is not finite has diverged (an overflow, or a backend fault that looks the same): the run
 * stops with a 'diverged' error instead of booking garbage. A returned x′ must be finite, inside the
 * [0, 1] box and within ε of x; one that is not is a failure with its reason, never a success.
 */
import { KindedError } from '../errors';
import type { IterationRecord } from './trace';

/** What one iteration produced, as read back: δ enters as a reduced scalar (e.g. ‖x′ − x‖₂). */
export interface IterationValues {
  f: number;
  /** NaN-free I; undefined for methods without one (PGD, L2-UAE). */
  mi?: number;
  c: number;
  /** A reduction of δ that any non-finite entry makes non-finite (a sum, a norm). */
  delta: number;
}

/** Where the iteration stands: from 1, and for a binary search its step (from 0) and the per-step T. */
export interface IterationPosition {
  t: number;
  searchStep?: number;
  itersPerStep?: number;
  /** Batched runs: which image (its id) diverged. */
  image?: number;
}

/** Throws KindedError('diverged', …, { iteration }) when any value is not finite. */
export function checkIteration(v: IterationValues, at: IterationPosition): void {
  const values: [string, number][] = [
    ['f', v.f],
    ...(v.mi === undefined ? [] : ([['I', v.mi]] as [string, number][])),
    ['c', v.c],
    ['‖δ‖', v.delta],
  ];
  if (values.every(([, x]) => Number.isFinite(x))) return;
  const step = at.searchStep ?? 0;
  const overall = step * (at.itersPerStep ?? 0) + at.t;
  const where = step > 0 ? ` of search step ${step + 1}` : '';
  const image = at.image === undefined ? '' : ` (image ${at.image})`;
  const shown = values.map(([k, x]) => `${k} = ${x}`);
  throw new KindedError(
    'diverged',
    `iteration ${at.t}${where}${image} produced a non-finite value (${shown.join(', ')}): the run diverged`,
    {
      iteration: overall,
      ...(step > 0 ? { searchStep: step + 1 } : {}),
      ...(at.image === undefined ? {} : { image: at.image }),
    },
  );
}

/** ‖x′ − x‖∞ may exceed ε by float32 rounding, never by more. */
export const EPS_TOLERANCE = 1e-6;

/**
 * Why the returned x′ cannot be reported as an attack result, or null when it can: x′ finite, inside
 * [0, 1], and ‖x′ − x‖∞ ≤ ε + 1e-6. `x` and `adversarial` are the pixels of one image.
 */
export function resultProblem(x: Float32Array, adversarial: Float32Array, eps: number): string | null {
  if (x.length !== adversarial.length)
    return `the returned x′ has ${adversarial.length} values, the input ${x.length}`;
  let nonFinite = 0;
  let outside = 0;
  let far = 0;
  let linf = 0;
  for (let i = 0; i < x.length; i++) {
    const a = adversarial[i]!;
    if (!Number.isFinite(a)) {
      nonFinite++;
      continue;
    }
    if (a < 0 || a > 1) outside++;
    const d = Math.abs(a - x[i]!);
    if (d > eps + EPS_TOLERANCE) far++;
    linf = Math.max(linf, d);
  }
  const px = (n: number) => `${n} pixel${n === 1 ? '' : 's'}`;
  if (nonFinite > 0) return `the returned x′ has ${px(nonFinite).replace(' ', ' non-finite ')}`;
  if (outside > 0) return `the returned x′ has ${px(outside)} outside [0, 1]`;
  if (far > 0) return `the returned x′ is ${linf.toPrecision(4)} from x in L∞ (${px(far)} beyond ε = ${eps})`;
  return null;
}

/** The stream check of one record (f, I where the method has one, c, ‖x′ − x‖₂ for δ). */
export function checkRecord(rec: IterationRecord, withMi: boolean, itersPerStep: number): void {
  checkIteration(
    { f: rec.f, ...(withMi ? { mi: rec.mi } : {}), c: rec.c, delta: rec.l2 },
    { t: rec.t, searchStep: rec.searchStep, itersPerStep },
  );
}

/**
 * The verdict on a finished run: a success needs a booked success AND a returned x′ that passes
 * resultProblem; otherwise the reason is the result's problem, or why nothing succeeded.
 */
export function verdict(
  booked: boolean,
  problem: string | null,
  noSuccess: () => string,
): { success: boolean; failureReason: string | null } {
  if (problem !== null) return { success: false, failureReason: problem };
  return booked ? { success: true, failureReason: null } : { success: false, failureReason: noSuccess() };
}
