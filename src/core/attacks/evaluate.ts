/**
 * Batch evaluation over N samples, reported as the paper does: ASR over all samples and over those the
 * model classifies correctly (a misclassified clean image "succeeds" at once), MI mean ± std over
 * successes, iterations to first success, time per iteration.
 */
import type { AttackedClassifier } from '../models/attacked-classifier';
import { runAttack } from './attack';
import type { AttackMethod, AttackOptions } from './options';
import type { SupervisedSample } from './supervised';
import type { AttackResult } from './trace';

export interface EvaluationSummary {
  method: AttackMethod;
  n: number;
  /** Samples whose clean prediction matches the label. */
  nCorrect: number;
  asr: number;
  asrCorrectOnly: number | null;
  miMean: number | null;
  miStd: number | null;
  meanFirstSuccessIter: number | null;
  msPerIter: number;
}

export function summarize(method: AttackMethod, results: readonly AttackResult[]): EvaluationSummary {
  const n = results.length;
  const correct = results.filter((r) => r.predictedClean === r.label);
  const successes = results.filter((r) => r.success);
  const mis = successes.map((r) => r.miBest).filter((v): v is number => v !== null && Number.isFinite(v));
  const firsts = successes.map((r) => r.firstSuccessIter).filter((v): v is number => v !== null);
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
  const miMean = mean(mis);
  const miStd =
    miMean === null ? null : Math.sqrt(mis.reduce((s, v) => s + (v - miMean) * (v - miMean), 0) / mis.length);
  const iters = results.reduce((s, r) => s + r.itersRun, 0);
  const ms = results.reduce((s, r) => s + r.msPerIter * r.itersRun, 0);
  return {
    method,
    n,
    nCorrect: correct.length,
    asr: n ? successes.length / n : 0,
    asrCorrectOnly: correct.length ? correct.filter((r) => r.success).length / correct.length : null,
    miMean,
    miStd,
    meanFirstSuccessIter: mean(firsts),
    msPerIter: iters ? ms / iters : 0,
  };
}

export interface EvaluateHooks {
  onSample?: (index: number, r: AttackResult) => void;
  signal?: AbortSignal;
}

/** Attacks each sample with its own state (seed + index), one after another. */
export async function evaluate(
  method: AttackMethod,
  clf: AttackedClassifier,
  samples: readonly SupervisedSample[],
  opts: AttackOptions,
  hooks: EvaluateHooks = {},
): Promise<{ summary: EvaluationSummary; results: AttackResult[] }> {
  const results: AttackResult[] = [];
  for (let i = 0; i < samples.length; i++) {
    if (hooks.signal?.aborted) break;
    const r = await runAttack(
      method,
      clf,
      samples[i]!,
      { ...opts, seed: (opts.seed + i) >>> 0 },
      { signal: hooks.signal },
    );
    results.push(r);
    hooks.onSample?.(i, r);
  }
  return { summary: summarize(method, results), results };
}
