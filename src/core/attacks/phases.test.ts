/**
 * The loop's phase events: emitted in Algorithm 1's order at the points the step reaches, each
 * player's step covering its own lines, with the values the records hold; and listening changes
 * nothing in the run (the records are the same with and without a listener).
 */
import { describe, expect, it } from 'vitest';
import { barImage } from '../testing/tiny-classifier';
import { tinyModels } from '../testing/tiny-models';
import type { StepPart } from '../vocabulary';
import { MinMaxRun } from './minmax';
import { resolveOptions } from './options';
import { LOOP_PHASES, type LoopPhase } from './phases';
import type { IterationRecord } from './trace';
import { UaeRun } from './uae';

const tiny = tinyModels();
const x = barImage();
const parts: StepPart[] = ['both', 'critic', 'attacker', 'both'];

async function steps(listen: boolean, semantics: 'paper' | 'reference') {
  const run = await MinMaxRun.create(
    tiny.clf,
    { x, label: 3 },
    resolveOptions({ critic: 'lite', iters: 10, seed: 4, semantics }),
  );
  const events: LoopPhase[] = [];
  if (listen) run.onPhase = (e) => events.push(e);
  const records: IterationRecord[] = [];
  try {
    for (const part of parts) records.push(await run.step(part));
  } finally {
    run.dispose();
  }
  return { events, records };
}

describe('phase events of the MinMax loop', () => {
  it('follow Algorithm 1 line by line, each player covering its lines', async () => {
    const { events } = await steps(true, 'paper');
    const byStep = parts.map((_, i) => events.filter((e) => e.t === [1, 1, 2, 3][i] && e.part === parts[i]));
    expect(byStep.map((s) => s.map((e) => e.phase))).toEqual([
      ['iteration', 'delta-step', 'critic-step', 'dual-ascent', 'booking'],
      ['iteration', 'critic-step', 'booking'],
      ['iteration', 'delta-step', 'critic-step', 'dual-ascent', 'booking'],
      ['iteration', 'delta-step', 'critic-step', 'dual-ascent', 'booking'],
    ]);
    const lines = events.map((e) => LOOP_PHASES[e.phase][0]);
    expect(lines.slice(0, 5)).toEqual([3, 4, 7, 8, 10]);
    expect(byStep[1]!.find((e) => e.phase === 'critic-step')!.values.trained).toBe(true);
    expect(byStep[2]!.find((e) => e.phase === 'critic-step')!.values.trained).toBe(false);
  });

  it('carry the values the records hold', async () => {
    for (const semantics of ['paper', 'reference'] as const) {
      const { events, records } = await steps(true, semantics);
      const of = (phase: string) => events.filter((e) => e.phase === phase).map((e) => e.values);
      expect(
        of('booking').map((v) => [v.success, v.bestMi]),
        semantics,
      ).toEqual(records.map((r) => [r.success, r.bestMi]));
      expect(
        of('critic-step').map((v) => v.mi),
        semantics,
      ).toEqual(records.map((r) => r.mi));
      // A critic-only step leaves c alone: dual ascent is heard for the other three.
      expect(
        of('dual-ascent').map((v) => v.c),
        semantics,
      ).toEqual(records.filter((r) => r.part !== 'critic').map((r) => r.c));
    }
  });

  it('change nothing in the run', async () => {
    for (const semantics of ['paper', 'reference'] as const) {
      const heard = await steps(true, semantics);
      const quiet = await steps(false, semantics);
      expect(heard.records).toEqual(quiet.records);
    }
  });

  it('come from MINE-UAE too, with the same phases', async () => {
    const run = new UaeRun(tiny.ae, x, resolveOptions({ critic: 'lite', iters: 3, mineSteps: 2, seed: 2 }));
    const events: LoopPhase[] = [];
    run.onPhase = (e) => events.push(e);
    try {
      await run.step('both');
    } finally {
      run.dispose();
    }
    expect(events.map((e) => e.phase)).toEqual([
      'iteration',
      'delta-step',
      'critic-step',
      'dual-ascent',
      'booking',
    ]);
  });
});
