/**
 * The protocol's side of the limits table and of failure reasons: RunSettings past a limit are
 * refused with the reason, and a run's summary must say why it failed (and only when it failed).
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../core/limits';
import { parseUiToWorker, parseWorkerToUi, type RunSettings } from './protocol';
import { testImageMessage, testSettings } from './testing/messages';

const settings = testSettings();
const image = testImageMessage();
const run = (s: Partial<RunSettings>) => ({
  type: 'run',
  runId: 1,
  settings: { ...settings, ...s },
  image,
  paused: false,
});

describe('RunSettings follow the limits table', () => {
  it('accepts each limit itself', () => {
    const edge = {
      alpha: LIMITS.alpha.max,
      c0: LIMITS.c0.max,
      kappa: LIMITS.kappa.max,
      mineLr: LIMITS.mineLr.max,
    };
    expect(parseUiToWorker(run(edge)).ok).toBe(true);
  });

  it.each([
    ['alpha', 1e300, 'alpha must be ≤ 10000'],
    ['c0', 1e308, 'c0 must be ≤ 1000000'],
    ['mineLr', 10, 'mineLr must be ≤ 0.01'],
    ['kappa', 1e308, 'kappa must be ≤ 1000'],
    ['beta', 1.5, 'beta must be ≤ 1'],
    ['eps', -0.1, 'eps must be ≥ 0'],
  ] as const)('refuses %s = %s with the reason', (key, value, message) => {
    const parsed = parseUiToWorker(run({ [key]: value }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });
});

describe('a run summary carries its failure reason', () => {
  const summary = {
    success: false,
    failureReason: 'f stayed > 0 for all 300 iterations (smallest f 0.21 at iteration 14)',
    cancelled: false,
    firstSuccessIter: null,
    miBest: null,
    predictedClean: 9,
    predictedAdv: 9,
    linf: 0.3,
    l2: 1.4,
    f: 0.21,
    itersRun: 300,
    msPerIter: 20,
  };
  const view = { probs: new Float32Array(10), maps: new Float32Array(0), k: 0, mapH: 0, mapW: 0 };
  const done = (s: object) => ({
    type: 'done',
    runId: 1,
    summary: s,
    delta: new Float32Array(784),
    adversarial: view,
    backend: 'wasm',
  });

  it('round-trips a failure with its reason and a success without one', () => {
    expect(parseWorkerToUi(done(summary))).toEqual({ ok: true, value: done(summary) });
    const ok = { ...summary, success: true, failureReason: null, firstSuccessIter: 3, miBest: 0.5 };
    expect(parseWorkerToUi(done(ok))).toEqual({ ok: true, value: done(ok) });
  });

  it('refuses a failure without a reason, a success with one, and a reason that is not text', () => {
    expect(parseWorkerToUi(done({ ...summary, failureReason: null })).ok).toBe(false);
    expect(parseWorkerToUi(done({ ...summary, success: true })).ok).toBe(false);
    expect(parseWorkerToUi(done({ ...summary, failureReason: 3 })).ok).toBe(false);
    const without = Object.fromEntries(Object.entries(summary).filter(([k]) => k !== 'failureReason'));
    expect(parseWorkerToUi(done(without)).ok).toBe(false);
  });
});
