import { describe, expect, it } from 'vitest';
import { emptyBooking, type ResumeState } from '../core/attacks/resume';
import { initialSearch } from '../core/attacks/schedule';
import { fallbackMessage, type FallbackFacts } from './fallback-message';

const state = (t: number, extra: Partial<ResumeState> = {}): ResumeState => ({
  t,
  delta: new Float32Array(4),
  c: 0.1,
  booking: emptyBooking(),
  ...extra,
});
const base: FallbackFacts = {
  failed: 'wasm',
  next: 'cpu',
  why: 'iteration 5 produced a non-finite value',
  method: 'minmax',
  iters: 30,
  last: { searchStep: 0, t: 4 },
  from: state(4),
};

describe('fallbackMessage', () => {
  it('MinMax: where it failed, where it continues, and that the critic restarts', () => {
    expect(fallbackMessage(base)).toBe(
      'The wasm backend failed at iteration 5 (iteration 5 produced a non-finite value); switched to cpu and ' +
        'continued from iteration 5 with the last δ (of iteration 4), c and δ* so far (the MINE critic ' +
        'restarts: its weights stayed on the failed backend).',
    );
  });

  it('reference semantics replays the last iteration', () => {
    expect(fallbackMessage({ ...base, from: state(3) })).toContain(
      'continued from iteration 4 with the last δ (of iteration 3)',
    );
  });

  it('nothing completed: a restart from iteration 1', () => {
    const m = fallbackMessage({ ...base, last: null, from: null });
    expect(m).toContain('failed at iteration 1 (');
    expect(m).toContain('restarted the run from iteration 1 (no iteration had completed)');
  });

  it('PGD: nothing restarts', () => {
    const m = fallbackMessage({ ...base, method: 'pgd' });
    expect(m).toContain(
      'continued from iteration 5 with the last δ (of iteration 4) and the last success so far',
    );
    expect(m).toContain('(PGD trains no critic: nothing restarts).');
    expect(m).not.toContain('critic restarts');
  });

  it('penalty: positions within the search, its c, and a step boundary', () => {
    const search = { step: 1, state: { ...initialSearch(5), c: 2.5 }, succeeded: false };
    // The penalty's run of T = 10 iterations per search step, failed after iteration t of step 2.
    const after = (t: number) =>
      fallbackMessage({
        ...base,
        method: 'penalty',
        iters: 10,
        last: { searchStep: 1, t },
        from: state(t, { search }),
      });
    const mid = after(3);
    expect(mid).toContain('failed at iteration 4 of search step 2 (');
    expect(mid).toContain(
      'continued from iteration 4 of search step 2 with the last δ (of iteration 3), c = 2.50',
    );
    const end = after(10);
    expect(end).toContain('failed at iteration 1 of search step 3 (');
    expect(end).toContain(
      "continued from iteration 1 of search step 3 with the search's next c (after c = 2.50)",
    );
  });
});
