/**
 * Batch evaluation over N samples, reported as the paper does: ASR over all samples and over those the
 * model classifies correctly (a misclassified clean image "succeeds" at once), MI mean ± std over
 * successes, iterations to first success, time per iteration.
 */
import { KindedError } from '../errors';
import type { FairMi, FairMiSettings } from '../mine/fair-mi';
import { classifierFairMi } from './fair-mi-of';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { runAttack } from './attack';
import type { AttackMethod, AttackOptions } from './options';
import { predictClass, sampleTensor, type AttackHooks, type SupervisedSample } from './supervised';
import type { AttackResult } from './trace';

/** What summarize reads of one sample's outcome: an attack result, or a run that diverged. */
export type SampleOutcome = Pick<
  AttackResult,
  | 'label'
  | 'predictedClean'
  | 'success'
  | 'failureReason'
  | 'miBest'
  | 'firstSuccessIter'
  | 'itersRun'
  | 'msPerIter'
> & {
  /** The run stopped with a non-finite value at this iteration (then success is false). */
  divergedAt?: number;
  /** Fair MI of the returned x′ (successes only, when asked for). */
  miFair?: FairMi;
  /** Why the fair MI of a success could not be measured (its critic diverged); it is then left out. */
  miFairProblem?: string;
};

type FairMiFields = Pick<SampleOutcome, 'miFair' | 'miFairProblem'>;

const OUTCOME_FIELDS = [
  'label',
  'predictedClean',
  'success',
  'failureReason',
  'miBest',
  'firstSuccessIter',
  'itersRun',
  'msPerIter',
  'divergedAt',
  'miFair',
  'miFairProblem',
] as const satisfies readonly (keyof SampleOutcome)[];

/**
 * Only what the summary reads of a result (no tensors, no δ): what crosses a thread or goes into a
 * shard file; fields a result does not have are left out, not written as undefined.
 */
export function sampleOutcome(r: SampleOutcome): SampleOutcome {
  const out: Record<string, unknown> = {};
  for (const k of OUTCOME_FIELDS) if (r[k] !== undefined) out[k] = r[k];
  return out as unknown as SampleOutcome;
}

/** A sample whose run diverged: no result, a failure with the divergence as its reason. */
export type DivergedSample = SampleOutcome & { index: number; divergedAt: number; success: false };

/**
 * The kind of a failure, for counting: the run diverged, its x′ failed the result check, it was
 * cancelled, or no iterate met the success rule.
 */
export function failureKind(
  o: SampleOutcome,
): 'diverged' | 'invalid-result' | 'cancelled' | 'no-success' | null {
  if (o.success) return null;
  if (o.divergedAt !== undefined) return 'diverged';
  const why = o.failureReason ?? '';
  if (why.startsWith('the returned x′')) return 'invalid-result';
  if (why.startsWith('cancelled')) return 'cancelled';
  return 'no-success';
}

export interface EvaluationSummary {
  method: AttackMethod;
  n: number;
  /** Samples whose clean prediction matches the label. */
  nCorrect: number;
  asr: number;
  asrCorrectOnly: number | null;
  miMean: number | null;
  miStd: number | null;
  /** Fair MI (mine/fair-mi.ts) over successful samples: mean and std of the per-sample means. */
  miFairMean: number | null;
  miFairStd: number | null;
  /** Successes whose fair MI was measured (the rest: miFairProblem, or not asked for). */
  nMiFair: number;
  meanFirstSuccessIter: number | null;
  msPerIter: number;
  /** Samples whose run stopped with a non-finite value (counted as failures). */
  nDiverged: number;
  /** Failures counted by kind (failureKind). */
  failures: Record<string, number>;
}

/**
 * A fair-MI measurement, or why it failed: a diverging measurement critic (or a cancel) says nothing
 * about the attack, so it must neither count as the sample's divergence nor end the evaluation.
 */
export async function fairMiOrProblem(
  run: () => Promise<FairMi>,
): Promise<{ value: FairMi; problem: null } | { value: null; problem: string }> {
  try {
    return { value: await run(), problem: null };
  } catch (e) {
    if (!(e instanceof KindedError)) throw e;
    return { value: null, problem: e.message };
  }
}

const mean = (v: readonly number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);

/** Mean and population std, or nulls for an empty list. */
export function meanStd(v: readonly number[]): { mean: number | null; std: number | null } {
  const m = mean(v);
  if (m === null) return { mean: null, std: null };
  return { mean: m, std: Math.sqrt(v.reduce((s, e) => s + (e - m) * (e - m), 0) / v.length) };
}

export function summarize(method: AttackMethod, results: readonly SampleOutcome[]): EvaluationSummary {
  const n = results.length;
  const correct = results.filter((r) => r.predictedClean === r.label);
  const successes = results.filter((r) => r.success);
  const mis = successes.map((r) => r.miBest).filter((v): v is number => v !== null && Number.isFinite(v));
  const firsts = successes.map((r) => r.firstSuccessIter).filter((v): v is number => v !== null);
  const fairs = successes.map((r) => r.miFair?.mean).filter((v): v is number => v !== undefined);
  const mi = meanStd(mis);
  const fair = meanStd(fairs);
  const iters = results.reduce((s, r) => s + r.itersRun, 0);
  const ms = results.reduce((s, r) => s + r.msPerIter * r.itersRun, 0);
  const failures: Record<string, number> = {};
  for (const r of results) {
    const kind = failureKind(r);
    if (kind !== null) failures[kind] = (failures[kind] ?? 0) + 1;
  }
  return {
    method,
    n,
    nCorrect: correct.length,
    asr: n ? successes.length / n : 0,
    asrCorrectOnly: correct.length ? correct.filter((r) => r.success).length / correct.length : null,
    miMean: mi.mean,
    miStd: mi.std,
    miFairMean: fair.mean,
    miFairStd: fair.std,
    nMiFair: fairs.length,
    meanFirstSuccessIter: mean(firsts),
    msPerIter: iters ? ms / iters : 0,
    nDiverged: failures.diverged ?? 0,
    failures,
  };
}

export interface EvaluateHooks {
  onSample?: (index: number, r: SampleOutcome) => void;
  signal?: AbortSignal;
  /** Measure each success's fair MI with these settings (and the sample's seed). */
  fairMi?: FairMiSettings;
  /** Every iteration of every sample's attack (awaited: the app's worker yields here to hear a cancel). */
  onIteration?: AttackHooks['onIteration'];
}

/** A sample whose run diverged: a failure with the divergence as its reason. */
async function divergedOutcome(
  clf: AttackedClassifier,
  sample: SupervisedSample,
  index: number,
  e: KindedError,
): Promise<DivergedSample> {
  const x = sampleTensor(clf, sample);
  let predictedClean: number;
  try {
    predictedClean = await predictClass(clf, x);
  } finally {
    x.dispose();
  }
  const at = e.details.iteration;
  return {
    index,
    label: sample.label,
    predictedClean,
    success: false,
    failureReason: e.message,
    miBest: null,
    firstSuccessIter: null,
    itersRun: 0,
    msPerIter: 0,
    divergedAt: typeof at === 'number' ? at : 0,
  };
}

/** One sample's attack with its own seed (seed + index), as `evaluate` runs it; a divergence is its failure. */
export async function attackSample(
  method: AttackMethod,
  clf: AttackedClassifier,
  sample: SupervisedSample,
  index: number,
  opts: AttackOptions,
  hooks: Omit<EvaluateHooks, 'onSample'> = {},
): Promise<
  { result: AttackResult & FairMiFields; diverged: null } | { result: null; diverged: DivergedSample }
> {
  const sampleOpts = { ...opts, seed: (opts.seed + index) >>> 0 };
  try {
    const done: AttackResult & FairMiFields = await runAttack(method, clf, sample, sampleOpts, {
      signal: hooks.signal,
      onIteration: hooks.onIteration,
    });
    if (done.success && hooks.fairMi && hooks.fairMi.restarts > 0) {
      const fair = await fairMiOrProblem(() =>
        classifierFairMi(clf, sample, done.adversarial, sampleOpts, hooks.fairMi!, hooks.signal),
      );
      if (fair.problem === null) done.miFair = fair.value;
      else if (!hooks.signal?.aborted) done.miFairProblem = fair.problem;
    }
    return { result: done, diverged: null };
  } catch (e) {
    if (!(e instanceof KindedError && e.kind === 'diverged')) throw e;
    return { result: null, diverged: await divergedOutcome(clf, sample, index, e) };
  }
}

/**
 * Attacks each sample with its own state (seed + index), one after another. A run that diverges is
 * that sample's failure (counted in nDiverged); the evaluation goes on with the next sample.
 */
export async function evaluate(
  method: AttackMethod,
  clf: AttackedClassifier,
  samples: readonly SupervisedSample[],
  opts: AttackOptions,
  hooks: EvaluateHooks = {},
): Promise<{
  summary: EvaluationSummary;
  results: (AttackResult & FairMiFields)[];
  diverged: DivergedSample[];
}> {
  const results: (AttackResult & FairMiFields)[] = [];
  const diverged: DivergedSample[] = [];
  const outcomes: SampleOutcome[] = [];
  for (let i = 0; i < samples.length; i++) {
    if (hooks.signal?.aborted) break;
    const one = await attackSample(method, clf, samples[i]!, i, opts, hooks);
    if (one.result !== null) results.push(one.result);
    else diverged.push(one.diverged);
    const r: SampleOutcome = one.result ?? one.diverged;
    outcomes.push(r);
    hooks.onSample?.(i, r);
  }
  return { summary: summarize(method, outcomes), results, diverged };
}
