/** `evaluate`: attack test images 0..n−1 and summarise as the paper reports (whole, or one shard). */
import { attackSample, sampleOutcome, summarize, type SampleOutcome } from '../../core/attacks/evaluate';
import { toFloatBatch } from '../../core/data/dataset';
import {
  assertFiniteClassifier,
  disposeClassifier,
  wrapClassifier,
} from '../../core/models/attacked-classifier';
import type { AttackMethod } from '../../core/attacks/options';
import { UsageError, type ParsedFlags } from '../args';
import { ATTACK_FLAGS, attackConfig, type AttackConfig } from '../attack-flags';
import { loadModel, log, mnistTest, startBackend, versions } from '../context';
import {
  identityFlags,
  openShardOut,
  parseShard,
  shardImages,
  SHARD_KIND,
  SHARD_VERSION,
  type ShardSpec,
} from '../shard';
import { probeImages } from './probe';
import { defaultThreads } from '../threads/parallel-copies';
import { runImagePool } from '../threads/image-pool';
import type { EvaluateThreadResult } from '../threads/evaluate-worker';

export const EVALUATE_COMMAND_FLAGS = {
  ...ATTACK_FLAGS,
  n: { type: 'int' as const, default: 100, min: 1, max: 10_000, help: 'number of test images (0..n−1)' },
  shard: {
    type: 'string' as const,
    help: "k/n: attack only images k, k+n, k+2n, … (k from 0, as a batch engine's array index) and write them to --out; merge puts the shards together",
  },
  threads: {
    type: 'int' as const,
    default: defaultThreads(),
    min: 1,
    max: 64,
    help: "worker threads attacking images side by side, one tfjs backend each (default: the cores, at most 8); results equal one thread's",
  },
  out: {
    type: 'string' as const,
    help: "a shard's JSON-lines file (one line per image, appended as each ends; a shard started again with the same flags resumes from it)",
  },
};

/** What `evaluate` prints for a finished run, from its per-image outcomes (also what `merge` prints). */
export function evaluateReport(
  cfg: AttackConfig,
  model: string,
  outcomes: readonly SampleOutcome[],
  seconds: number,
  ranWith: Record<string, string>,
): Record<string, unknown> {
  return {
    ...summarize(cfg.method as AttackMethod, outcomes),
    backend: cfg.backend,
    critic: cfg.options.critic,
    seed: cfg.options.seed,
    eps: cfg.options.eps,
    iters: cfg.options.iters,
    semantics: cfg.options.semantics,
    fairMi: { steps: cfg.fairMi.steps, restarts: cfg.fairMi.restarts, lr: cfg.fairMi.lr },
    model,
    seconds,
    versions: ranWith,
  };
}

/** Checks evaluate's flags without loading anything: the config, n, and the shard if one is asked. */
export function evaluatePlan(f: ParsedFlags): { cfg: AttackConfig; n: number; shard: ShardSpec | null } {
  const cfg = attackConfig(f);
  if (cfg.unsupervised)
    throw new UsageError(
      `evaluate runs the supervised attacks; use augment for ${cfg.method} on a training set`,
    );
  const shard = f.shard === null ? null : parseShard(f.shard as string);
  if (shard !== null && f.out === null)
    throw new UsageError('--shard needs --out FILE.jsonl (where the shard writes its images)');
  if (shard === null && f.out !== null)
    throw new UsageError('--out writes a shard’s images: give --shard k/n too');
  return { cfg, n: f.n as number, shard };
}

export async function evaluateCommand(f: ParsedFlags): Promise<Record<string, unknown>> {
  const { cfg, n, shard } = evaluatePlan(f);
  const set = await mnistTest();
  if (n > set.count) throw new UsageError(`--n must be ≤ ${set.count}, got ${n}`);
  const images = shard === null ? Array.from({ length: n }, (_, i) => i) : shardImages(n, shard);
  await startBackend(cfg.backend);
  const { name, model } = await loadModel(cfg.model);
  const clf = wrapClassifier(model);
  const started = performance.now();
  const out =
    shard === null
      ? null
      : openShardOut(f.out as string, {
          kind: SHARD_KIND,
          version: SHARD_VERSION,
          command: 'evaluate',
          flags: identityFlags(f),
          images: n,
          shard,
          versions: versions(),
          context: { model: name },
        });
  try {
    // A model with broken weights is refused, not scored.
    await assertFiniteClassifier(clf, await probeImages(), name);
    const todo = images.filter((i) => !out?.done.has(i));
    log(
      `${cfg.method} on ${name}: n=${n}${shard === null ? '' : `, shard ${shard.index}/${shard.count}: ${images.length} images, ${images.length - todo.length} already done`}, ε=${cfg.options.eps}, T=${cfg.options.iters}, critic ${cfg.options.critic}`,
    );
    let ok = 0;
    const byImage = new Map<number, SampleOutcome>();
    const finish = (i: number, r: SampleOutcome, seconds: number) => {
      if (r.success) ok++;
      byImage.set(i, r);
      out?.append({ image: i, outcome: sampleOutcome(r), seconds });
      const outcome = r.success ? 'success' : `failed: ${r.failureReason ?? 'no reason'}`;
      log(
        `  [${byImage.size}/${todo.length}] image ${i} label ${r.label} ${outcome} I*=${r.miBest?.toFixed(3) ?? '-'}${r.miFair ? ` fair I=${r.miFair.mean.toFixed(3)}±${r.miFair.std.toFixed(3)}` : ''}${r.miFairProblem ? ` (fair MI not measured: ${r.miFairProblem})` : ''} first=${r.firstSuccessIter ?? '-'} (${ok}/${byImage.size})`,
      );
    };
    const threads = f.threads as number;
    if (threads > 1 && todo.length > 1) {
      log(`  ${Math.min(threads, todo.length)} worker threads`);
      await runImagePool(
        threads,
        new URL('../threads/evaluate-worker.ts', import.meta.url),
        { flags: identityFlags(f) },
        todo,
        (i, result) => {
          const r = result as EvaluateThreadResult;
          finish(i, r.outcome, r.seconds);
        },
      );
    } else {
      for (const i of todo) {
        const began = performance.now();
        const one = await attackSample(
          cfg.method as AttackMethod,
          clf,
          { x: toFloatBatch(set.images, [i]), label: set.labels[i]! },
          i,
          cfg.options,
          { fairMi: cfg.fairMi },
        );
        finish(i, one.result ?? one.diverged, (performance.now() - began) / 1000);
      }
    }
    // In image order, as one thread adds them up (a sum's rounding depends on its order).
    const outcomes = todo.map((i) => byImage.get(i)!);
    const seconds = (performance.now() - started) / 1000;
    if (shard === null) return evaluateReport(cfg, name, outcomes, seconds, versions());
    return {
      command: 'evaluate',
      shard: `${shard.index}/${shard.count}`,
      out: f.out,
      images: images.length,
      attacked: todo.length,
      resumed: images.length - todo.length,
      seconds,
      versions: versions(),
    };
  } finally {
    out?.close();
    disposeClassifier(clf);
    model.dispose();
  }
}
