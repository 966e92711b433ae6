/**
 * The run store keeps the phases of the latest step (a step starts at line 3); the worker's phase
 * messages parse against their schema; the panel's line map covers Algorithm 1 and MINE as the loop does.
 */
import { describe, expect, it } from 'vitest';
import { LOOP_PHASE_NAMES } from '../core/attacks/phases';
import { parseWorkerToUi, type PhaseMessage } from '../worker/protocol';
import { ALGORITHM_1, MINE_ALGORITHM, linesOf, mineLinesOf } from './algorithm-text';
import { useRunStore } from './run-store';

const phase = (t: number, p: PhaseMessage['phase'], runId = 1): PhaseMessage => ({
  type: 'phase',
  runId,
  t,
  part: 'both',
  phase: p,
  values: p === 'iteration' ? { t } : { c: 0.5 },
});

describe('the phases of the latest step', () => {
  it('start afresh at each step and ignore other runs', () => {
    useRunStore.setState({ runId: 1, phases: [] });
    const { apply } = useRunStore.getState();
    for (const p of ['iteration', 'delta-step', 'critic-step'] as const) apply(phase(1, p));
    apply(phase(1, 'booking', 2));
    expect(useRunStore.getState().phases.map((p) => p.phase)).toEqual([
      'iteration',
      'delta-step',
      'critic-step',
    ]);
    apply(phase(2, 'iteration'));
    expect(useRunStore.getState().phases.map((p) => [p.t, p.phase])).toEqual([[2, 'iteration']]);
    // Sampled while running: a phase of another iteration stands alone.
    apply(phase(5, 'dual-ascent'));
    expect(useRunStore.getState().phases.map((p) => [p.t, p.phase])).toEqual([[5, 'dual-ascent']]);
  });

  it('travel as checked messages', () => {
    const ok = parseWorkerToUi({
      ...phase(3, 'booking'),
      values: { success: true, took: false, bestMi: null },
    });
    expect(ok.ok).toBe(true);
    expect(parseWorkerToUi({ ...phase(3, 'booking'), phase: 'lunch' }).ok).toBe(false);
    expect(parseWorkerToUi({ ...phase(3, 'booking'), values: { c: 'high' } }).ok).toBe(false);
  });

  it('map every phase onto lines the panel shows, in order', () => {
    const lines = LOOP_PHASE_NAMES.flatMap(linesOf);
    expect(lines).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const n of lines) expect(ALGORITHM_1.some((l) => l.n === n)).toBe(true);
    for (const n of [...mineLinesOf(true), ...mineLinesOf(false)])
      expect(MINE_ALGORITHM.some((l) => l.n === n)).toBe(true);
  });
});
