/**
 * The phases a replay rebuilds from a record equal the ones the MinMax loop emitted while it ran
 * (paper semantics; the tiny models of core/testing), step by step and value by value.
 */
import { describe, expect, it } from 'vitest';
import { MinMaxRun } from '../core/attacks/minmax';
import { resolveOptions } from '../core/attacks/options';
import type { LoopPhase } from '../core/attacks/phases';
import type { IterationRecord } from '../core/attacks/trace';
import { barImage } from '../core/testing/tiny-classifier';
import { tinyModels } from '../core/testing/tiny-models';
import type { StepPart } from '../core/vocabulary';
import { replayedPhases } from './replay-phases';

const tiny = tinyModels();
const parts: StepPart[] = ['both', 'both', 'critic', 'attacker', 'both', 'both', 'both', 'both'];

describe('replayed phases', () => {
  it('are the ones the loop emitted at each recorded iterate', async () => {
    const opts = resolveOptions({ critic: 'lite', iters: 20, seed: 4, eps: 0.3, alpha: 0.05 });
    const run = await MinMaxRun.create(tiny.clf, { x: barImage(), label: 3 }, opts);
    const events: LoopPhase[] = [];
    run.onPhase = (e) => events.push(e);
    const records: IterationRecord[] = [];
    const steps: LoopPhase[][] = [];
    try {
      for (const part of parts) {
        const from = events.length;
        records.push(await run.step(part));
        steps.push(events.slice(from));
      }
    } finally {
      run.dispose();
    }
    const options = { alpha: opts.alpha, eps: opts.eps, c0: opts.c0 };
    expect(records.some((r) => r.success)).toBe(true);
    records.forEach((_, i) => {
      const replayed = replayedPhases(records, i, options).map(({ phase, t, part, values }) => ({
        phase,
        t,
        part,
        values,
      }));
      expect(replayed, `record ${i}`).toEqual(steps[i]);
    });
  });
});
