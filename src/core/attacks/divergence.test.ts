/**
 * The issue's measured cases (α 1e300, c0 1e308, MINE lr 1e30 and 10, κ 1e308), on the small seeded
 * classifier: refused by the limits, and with the limits lifted (the loop called with the absurd
 * option) the run stops with kind 'diverged' at an iteration instead of returning a NaN x′ as a
 * success. Every method's loop, the batched UAE generators and mine-check are covered.
 */
import { describe, expect, it } from 'vitest';
import { KindedError } from '../errors';
import { estimateKnownMi, samplers } from '../mine/known-mi';
import { barImage } from '../testing/tiny-classifier';
import { tinyModels } from '../testing/tiny-models';
import { runAttack } from './attack';
import { checkRecord } from './checks';
import { evaluate } from './evaluate';
import { attackL2Uae } from './l2-uae';
import { attackL2UaeBatch } from './l2-uae-batch';
import { resolveOptions, type AttackMethod, type AttackOptions } from './options';
import type { IterationRecord } from './trace';
import { attackUae, attackUaeBatch } from './uae';

const tiny = tinyModels();
const x = barImage();
const label = 3;

/** Options past the limits: what validateOptions refuses, handed to the loop directly. */
function lifted(over: Partial<AttackOptions>, base: Partial<AttackOptions> = {}): AttackOptions {
  return { ...resolveOptions({ critic: 'lite', iters: 4, ...base }), ...over };
}

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<KindedError> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KindedError);
  return e as KindedError;
}

const ISSUE_CASES: [string, Partial<AttackOptions>, RegExp][] = [
  ['alpha 1e300', { alpha: 1e300 }, /alpha must be ≤ 10000/],
  ['c0 1e308', { c0: 1e308 }, /c0 must be ≤ 1000000/],
  ['mine lr 1e30', { mineLr: 1e30 }, /mine lr must be ≤ 0\.01/],
  ['mine lr 10', { mineLr: 10 }, /mine lr must be ≤ 0\.01/],
  ['kappa 1e308', { kappa: 1e308 }, /kappa must be ≤ 1000/],
];

describe('the limits refuse the measured cases', () => {
  it.each(ISSUE_CASES)('%s is a usage error naming the limit and why', (_, over, message) => {
    let thrown: unknown;
    try {
      resolveOptions(over);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KindedError);
    expect((thrown as KindedError).kind).toBe('usage');
    expect((thrown as KindedError).message).toMatch(message);
  });

  it('accepts every limit and default themselves', () => {
    expect(() =>
      resolveOptions({ alpha: 1e4, c0: 1e6, kappa: 1e3, mineLr: 1e-2, pgdStep: 2, searchSteps: 20 }),
    ).not.toThrow();
  });
});

describe('with the limits lifted, the loops stop with kind "diverged"', () => {
  it.each([
    ['alpha 1e300', { alpha: 1e300 }, 1],
    ['c0 1e308', { c0: 1e308 }, 1],
    ['mine lr 1e30', { mineLr: 1e30 }, 2],
    ['kappa 1e308', { kappa: 1e308 }, 1],
  ] as const)('MinMax, %s: stops with kind diverged at the iteration', async (_, over, at) => {
    const seen: IterationRecord[] = [];
    const e = await rejection(
      runAttack('minmax', tiny.clf, { x, label }, lifted(over), { onIteration: (r) => void seen.push(r) }),
    );
    expect(e.kind).toBe('diverged');
    expect(e.details.iteration).toBe(at);
    expect(e.message).toMatch(new RegExp(`^iteration ${at} produced a non-finite value`));
    // Nothing non-finite was ever handed out before the stop.
    expect(seen).toHaveLength(at - 1);
  });

  it('MINE lr 10 stays finite on this model (refused by the limit: its estimate is garbage, not NaN)', async () => {
    const r = await runAttack('minmax', tiny.clf, { x, label }, lifted({ mineLr: 10 }));
    expect(r.adversarial.every(Number.isFinite)).toBe(true);
  });

  it.each<[AttackMethod, Partial<AttackOptions>]>([
    ['penalty', { c0: 1e39 }],
    ['pgd', { kappa: 1e39 }],
  ])('%s diverges at iteration 1 with an absurd setting', async (method, over) => {
    const e = await rejection(runAttack(method, tiny.clf, { x, label }, lifted(over, { searchSteps: 2 })));
    expect(e.kind).toBe('diverged');
    expect(e.details.iteration).toBe(1);
  });

  it('penalty: the iteration counts over all search steps, the message names the step', async () => {
    // c grows ×10 per failed step: from 1e37 the second step's c·f⁺ is past float32.
    const opts = lifted({ c0: 1e37, kappa: 1e3 }, { searchSteps: 3, iters: 2 });
    const e = await rejection(runAttack('penalty', tiny.clf, { x, label }, opts));
    expect(e.kind).toBe('diverged');
    expect(e.message).toMatch(/^iteration 1 of search step \d produced a non-finite value/);
    expect(e.details.iteration).toBe((Number(e.details.searchStep) - 1) * 2 + 1);
  });

  it('MINE-UAE and L2-UAE diverge with an absurd step and c', async () => {
    const uae = await rejection(
      attackUae(tiny.ae, x, lifted({ alpha: 1e39, c0: 1e39 }, { deltaInit: 'uniform', mineSteps: 2 })),
    );
    expect(uae.kind).toBe('diverged');
    expect(uae.message).toMatch(/^iteration \d+ produced a non-finite value/);
    const l2 = await rejection(attackL2Uae(tiny.ae, x, lifted({ c0: 1e39 }, { searchSteps: 1 })));
    expect(l2.kind).toBe('diverged');
  });

  it('the batched UAE generators of augment stop too, naming the image', async () => {
    const images = new Float32Array([...x, ...x]);
    const uae = await rejection(
      attackUaeBatch(
        tiny.ae,
        images,
        [5, 6],
        lifted({ mineLr: 1e30 }, { deltaInit: 'uniform', mineSteps: 1 }),
      ),
    );
    expect(uae.kind).toBe('diverged');
    expect(uae.details.image).toBe(5);
    const l2 = await rejection(
      attackL2UaeBatch(tiny.ae, images, [5, 6], lifted({ c0: 1e39 }, { searchSteps: 1 })),
    );
    expect(l2.kind).toBe('diverged');
  });

  it('mine-check: an estimate that becomes non-finite is a divergence, not an estimate', async () => {
    const e = await rejection(estimateKnownMi(samplers.gaussian(0.9), { steps: 20, batch: 64, lr: 1e30 }));
    expect(e.kind).toBe('diverged');
    expect(e.message).toMatch(/MINE step \d+ produced a non-finite estimate/);
  });
});

describe('the record check the worker shares', () => {
  const rec: IterationRecord = {
    t: 2,
    part: 'both',
    searchStep: 1,
    c: 0.1,
    f: NaN,
    fPlus: NaN,
    mi: NaN,
    success: false,
    linf: 0.1,
    l2: 1,
    bestMi: null,
    predicted: 3,
  };

  it('keeps the message the fallback alert quotes, and counts the iteration over search steps', () => {
    let e: unknown;
    try {
      checkRecord(rec, true, 10);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(KindedError);
    expect((e as KindedError).message).toMatch(
      /^iteration 2 of search step 2 produced a non-finite value \(f = NaN, I = NaN/,
    );
    expect((e as KindedError).details).toEqual({ iteration: 12, searchStep: 2 });
  });

  it('ignores I for methods without one, never a non-finite δ or c', () => {
    expect(() => {
      checkRecord({ ...rec, f: 1, mi: NaN }, false, 10);
    }).not.toThrow();
    expect(() => {
      checkRecord({ ...rec, f: 1, mi: 0, l2: Infinity }, false, 10);
    }).toThrow(/‖δ‖ = Infinity/);
    expect(() => {
      checkRecord({ ...rec, f: 1, mi: 0, c: Infinity }, true, 10);
    }).toThrow(/c = Infinity/);
  });
});

describe('evaluate', () => {
  it('counts a divergence as that sample’s failure and goes on with the next', async () => {
    const samples = [0, 1, 2].map(() => ({ x, label }));
    const seen: number[] = [];
    const { summary, results, diverged } = await evaluate(
      'minmax',
      tiny.clf,
      samples,
      lifted({ alpha: 1e300 }),
      {
        onSample: (i) => void seen.push(i),
      },
    );
    expect(seen).toEqual([0, 1, 2]);
    expect(results).toHaveLength(0);
    expect(diverged.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(summary.n).toBe(3);
    expect(summary.asr).toBe(0);
    expect(summary.nDiverged).toBe(3);
    expect(summary.failures).toEqual({ diverged: 3 });
    expect(diverged[0]!.failureReason).toMatch(/^iteration 1 produced a non-finite value/);
  });

  it('counts failures by kind when nothing diverges', async () => {
    const samples = [0, 1].map(() => ({ x, label }));
    const { summary } = await evaluate('minmax', tiny.clf, samples, lifted({}, { kappa: 1e3, iters: 2 }));
    expect(summary.nDiverged).toBe(0);
    expect(summary.failures).toEqual({ 'no-success': 2 });
  });
});
