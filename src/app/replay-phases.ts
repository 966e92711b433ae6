/**
 * Algorithm 1's phases of one recorded iterate, rebuilt from the run record for the pseudo-code
 * panel of a replayed run: what the loop emitted at that step (core/attacks/phases.ts) follows from
 * the iterate's scalars, the one before it, and the engine's α, ε and c₀. Two values are inferred:
 * δ* was taken (booking) when I* changed, and line 7's f and ‖δ‖ are the booked iterate's (in the
 * reference semantics the loop emits the new iterate's there, which the record does not keep).
 */
import type { IterationScalars, PhaseMessage } from '../worker/protocol';

type Options = Readonly<Record<string, string | number | boolean | null>>;

const numberOr = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);

export function replayedPhases(
  records: readonly IterationScalars[],
  index: number,
  options: Options,
): PhaseMessage[] {
  const r = records[index];
  if (r === undefined) return [];
  const before = index > 0 ? records[index - 1] : undefined;
  const previous = before !== undefined && before.searchStep === r.searchStep ? before : undefined;
  const base = { type: 'phase' as const, runId: 0, t: r.t, part: r.part };
  const phases: PhaseMessage[] = [{ ...base, phase: 'iteration', values: { t: r.t } }];
  if (r.part !== 'critic')
    phases.push({
      ...base,
      phase: 'delta-step',
      values: {
        alpha: numberOr(options.alpha, NaN),
        c: previous?.c ?? numberOr(options.c0, NaN),
        eps: numberOr(options.eps, NaN),
      },
    });
  phases.push({
    ...base,
    phase: 'critic-step',
    values: { trained: r.part !== 'attacker', mi: r.mi, f: r.f, linf: r.linf, l2: r.l2 },
  });
  if (r.part !== 'critic')
    phases.push({ ...base, phase: 'dual-ascent', values: { c: r.c, fPlus: Math.max(0, r.f) } });
  const took = r.bestMi !== null && r.bestMi !== (previous?.bestMi ?? null);
  phases.push({ ...base, phase: 'booking', values: { success: r.success, took, bestMi: r.bestMi } });
  return phases;
}
