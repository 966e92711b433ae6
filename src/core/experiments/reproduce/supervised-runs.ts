/**
 * The attacks behind the three supervised experiments, on equal terms: every method attacks the same
 * test images 0..n−1, image i with seed (seed + i) for every method (common random numbers: the same
 * critic init and shuffles), the same T (the penalty baseline: T per binary-search step), the same
 * critic, and each success's x′ is measured by the same fair MI with the same seed. Samples run one
 * after another, all methods of a sample before the next, so a partial run covers every method alike.
 */
import { evaluate, summarize, type SampleOutcome } from '../../attacks/evaluate';
import type { IterationRecord } from '../../attacks/trace';
import { globalIteration } from '../../attacks/schedule';
import { resolveOptions, type AttackMethod, type AttackOptions } from '../../attacks/options';
import { toFloatBatch, type ImageSet } from '../../data/dataset';
import { disposeClassifier, wrapClassifier } from '../../models/attacked-classifier';
import type { SupervisedSettings } from './scales';
import { supervisedUnitMs } from './scales';
import { reusableUnits, type ReuseReport, type ReuseSource } from './reuse';
import { runUnits, type PlannedUnit, type UnitBase } from './state';
import type { ReproduceEnv, ReproduceHooks, ReproduceState } from './types';

/** One method on one test image: what the rows and figures need, as plain JSON. */
export interface SupervisedUnit extends UnitBase {
  index: number;
  method: AttackMethod;
  /** The attack's and the fair MI's seed (seed + index, the same for every method). */
  seed: number;
  label: number;
  predictedClean: number;
  success: boolean;
  failureReason: string | null;
  miBest: number | null;
  firstSuccessIter: number | null;
  itersRun: number;
  divergedAt?: number;
  miFair?: { mean: number; std: number; estimates: number[] };
  miFairProblem?: string;
  /** Norms of the returned x′ − x (null when the run diverged). */
  linf: number | null;
  l2: number | null;
  /** x′ (784 values) of the first KEPT_IMAGES images, for an image grid (whichever experiment drew it). */
  adversarial?: number[];
  /** The file this unit was taken from instead of being run again (reuse.ts). */
  reusedFrom?: string;
}

/**
 * x′ is kept for the first images, as many as the largest grid of any scale shows, so that a unit is
 * reusable by minmax-vs-pgd whichever experiment made it.
 */
export const KEPT_IMAGES = 8;

export function attackOptionsOf(s: SupervisedSettings, seed: number): AttackOptions {
  return resolveOptions({
    eps: s.eps,
    alpha: s.alpha,
    beta: s.beta,
    c0: s.c0,
    iters: s.iters,
    searchSteps: s.searchSteps,
    mineLr: s.mineLr,
    mineSteps: s.mineSteps,
    pgdStep: s.pgdStep,
    critic: s.critic,
    seed,
  });
}

export const unitKey = (index: number, method: string) => `${index}/${method}`;

function describe(u: SupervisedUnit, n: number): string {
  const what = u.success
    ? `success at iteration ${u.firstSuccessIter ?? '-'}, I* ${u.miBest?.toFixed(3) ?? '-'}`
    : `failed (${u.failureReason ?? 'no reason'})`;
  const fair = u.miFair
    ? `, fair MI ${u.miFair.mean.toFixed(3)} ± ${u.miFair.std.toFixed(3)}`
    : u.miFairProblem
      ? `, fair MI not measured: ${u.miFairProblem}`
      : '';
  return `sample ${u.index + 1}/${n} (test image ${u.index}, label ${u.label}) ${u.method}: ${what}${fair}`;
}

/** Runs (or continues) the units of a supervised experiment; true when all are done. */
export async function runSupervised(
  s: SupervisedSettings,
  seed: number,
  env: ReproduceEnv,
  state: ReproduceState,
  hooks: ReproduceHooks,
  reuse: readonly ReuseSource[] = [],
): Promise<{ complete: boolean; reuse: ReuseReport[] }> {
  const test: ImageSet = await env.testSet();
  if (s.n > test.count) throw new RangeError(`n must be ≤ ${test.count} test images, got ${s.n}`);
  const model = await env.loadClassifier();
  const clf = wrapClassifier(model);
  try {
    const plan: PlannedUnit<SupervisedUnit>[] = [];
    for (let i = 0; i < s.n; i++) {
      const sample = { x: toFloatBatch(test.images, [i]), label: test.labels[i]! };
      const sampleSeed = (seed + i) >>> 0;
      for (const method of s.methods)
        plan.push({
          key: unitKey(i, method),
          sample: i,
          method,
          costMs: supervisedUnitMs(s, method),
          describe: (u) => describe(u, s.n),
          run: async (tick) => {
            const out = await evaluate(method, clf, [sample], attackOptionsOf(s, sampleSeed), {
              fairMi: s.fairMi,
              signal: hooks.signal,
              onIteration: inUnit(tick, `sample ${i + 1}/${s.n} ${method}`, s, method),
            });
            if (hooks.signal?.aborted) return null;
            const r = out.results[0];
            const d = out.diverged[0];
            const base = r ?? d!;
            return {
              index: i,
              method,
              seed: sampleSeed,
              label: base.label,
              predictedClean: base.predictedClean,
              success: base.success,
              failureReason: base.failureReason,
              miBest: base.miBest,
              firstSuccessIter: base.firstSuccessIter,
              itersRun: base.itersRun,
              ...(d ? { divergedAt: d.divergedAt } : {}),
              ...(r?.miFair
                ? { miFair: { mean: r.miFair.mean, std: r.miFair.std, estimates: r.miFair.estimates } }
                : {}),
              ...(r?.miFairProblem ? { miFairProblem: r.miFairProblem } : {}),
              linf: r ? r.linf : null,
              l2: r ? r.l2 : null,
              ...(r && i < KEPT_IMAGES ? { adversarial: Array.from(r.adversarial) } : {}),
            };
          },
        });
    }
    const reused = reusableUnits(reuse, s, seed, env.backend, (i) => i < s.gridImages);
    const have = new Set((state.units as SupervisedUnit[]).map((u) => u.key));
    for (const p of plan) {
      const u = reused.units.get(p.key);
      if (u && !have.has(p.key)) state.units.push(u);
    }
    const complete = await runUnits(plan, state, s.n, hooks);
    return { complete, reuse: reused.reports };
  } finally {
    disposeClassifier(clf);
    model.dispose();
  }
}

/** The finished units of `method`, by test image. */
export function unitsOf(state: ReproduceState, method: AttackMethod): SupervisedUnit[] {
  return (state.units as SupervisedUnit[])
    .filter((u) => u.method === method)
    .sort((a, b) => a.index - b.index);
}

function outcomeOf(u: SupervisedUnit): SampleOutcome {
  return {
    label: u.label,
    predictedClean: u.predictedClean,
    success: u.success,
    failureReason: u.failureReason,
    miBest: u.miBest,
    firstSuccessIter: u.firstSuccessIter,
    itersRun: u.itersRun,
    msPerIter: 0,
    ...(u.divergedAt !== undefined ? { divergedAt: u.divergedAt } : {}),
    ...(u.miFair ? { miFair: { ...u.miFair, steps: 0, restarts: 0, lr: 0 } } : {}),
  };
}

/** Between ticks inside a unit: often enough for a progress line and a prompt cancel. */
const TICK_MS = 250;

/**
 * The per-iteration hook of one unit: a progress tick at most every TICK_MS, each followed by a turn
 * of the event loop, so a host's cancel (a worker message, a SIGINT) stops the attack within a
 * fraction of a second instead of at the end of the unit (a standard-scale penalty unit: minutes).
 */
function inUnit(
  tick: (message: string) => void,
  what: string,
  s: SupervisedSettings,
  method: AttackMethod,
): (rec: IterationRecord) => Promise<void> {
  const total = method === 'penalty' ? s.iters * s.searchSteps : s.iters;
  let last = performance.now();
  return async (rec) => {
    const now = performance.now();
    if (now - last < TICK_MS) return;
    last = now;
    tick(`${what}: iteration ${globalIteration(rec.searchStep, s.iters, rec.t)} of ${total}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
}

const meanOf = (v: readonly number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);

/**
 * One row per method: the contract fields (method, n, asr, miMean, miStd, miFairMean, miFairStd)
 * and what helps read them. Deterministic in the units (no times).
 */
export function supervisedRows(s: SupervisedSettings, state: ReproduceState): Record<string, unknown>[] {
  return s.methods.map((method) => {
    const units = unitsOf(state, method);
    const sum = summarize(method, units.map(outcomeOf));
    const ok = units.filter((u) => u.success);
    return {
      method,
      n: sum.n,
      asr: sum.asr,
      miMean: sum.miMean,
      miStd: sum.miStd,
      miFairMean: sum.miFairMean,
      miFairStd: sum.miFairStd,
      nMiFair: sum.nMiFair,
      nCorrect: sum.nCorrect,
      asrCorrectOnly: sum.asrCorrectOnly,
      meanFirstSuccessIter: sum.meanFirstSuccessIter,
      linfMean: meanOf(ok.map((u) => u.linf!)),
      l2Mean: meanOf(ok.map((u) => u.l2!)),
      nDiverged: sum.nDiverged,
      failures: sum.failures,
    };
  });
}

/** The settings as a flat record for the JSON output: what was run, in words where it helps. */
export function describeSupervised(s: SupervisedSettings): Record<string, unknown> {
  return {
    ...s,
    images: `MNIST test images 0..${s.n - 1}`,
    seeds: 'image i: seed + i, the same for every method and for its fair MI (common random numbers)',
    ...(s.methods.includes('penalty')
      ? { penaltyIters: `T = ${s.iters} per binary-search step × ${s.searchSteps} steps` }
      : {}),
    semantics: 'paper',
  };
}
