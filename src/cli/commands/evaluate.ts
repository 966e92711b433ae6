/** `evaluate`: attack test images 0..n−1 and summarise as the paper reports. */
import { evaluate } from '../../core/attacks/evaluate';
import { toFloatBatch } from '../../core/data/dataset';
import {
  assertFiniteClassifier,
  disposeClassifier,
  wrapClassifier,
} from '../../core/models/attacked-classifier';
import type { AttackMethod } from '../../core/attacks/options';
import { UsageError, type ParsedFlags } from '../args';
import { ATTACK_FLAGS, attackConfig } from '../attack-flags';
import { loadModel, log, mnistTest, startBackend, versions } from '../context';
import { probeImages } from './probe';

export const EVALUATE_COMMAND_FLAGS = {
  ...ATTACK_FLAGS,
  n: { type: 'int' as const, default: 100, min: 1, max: 10_000, help: 'number of test images (0..n−1)' },
};

export async function evaluateCommand(f: ParsedFlags): Promise<Record<string, unknown>> {
  const cfg = attackConfig(f);
  if (cfg.unsupervised)
    throw new UsageError(
      `evaluate runs the supervised attacks; use augment for ${cfg.method} on a training set`,
    );
  const method = cfg.method as AttackMethod;
  const n = f.n as number;
  const set = await mnistTest();
  if (n > set.count) throw new UsageError(`--n must be ≤ ${set.count}, got ${n}`);
  const samples = Array.from({ length: n }, (_, i) => ({
    x: toFloatBatch(set.images, [i]),
    label: set.labels[i]!,
  }));
  await startBackend(cfg.backend);
  const { name, model } = await loadModel(cfg.model);
  const clf = wrapClassifier(model);
  const started = performance.now();
  try {
    // A model with broken weights is refused, not scored.
    await assertFiniteClassifier(clf, await probeImages(), name);
    log(
      `${cfg.method} on ${name}: n=${n}, ε=${cfg.options.eps}, T=${cfg.options.iters}, critic ${cfg.options.critic}`,
    );
    let ok = 0;
    const fairMi = cfg.fairMi;
    const { summary } = await evaluate(method, clf, samples, cfg.options, {
      fairMi,
      onSample: (i, r) => {
        if (r.success) ok++;
        const outcome = r.success ? 'success' : `failed: ${r.failureReason ?? 'no reason'}`;
        log(
          `  [${i + 1}/${n}] label ${r.label} ${outcome} I*=${r.miBest?.toFixed(3) ?? '-'}${r.miFair ? ` fair I=${r.miFair.mean.toFixed(3)}±${r.miFair.std.toFixed(3)}` : ''}${r.miFairProblem ? ` (fair MI not measured: ${r.miFairProblem})` : ''} first=${r.firstSuccessIter ?? '-'} (${ok}/${i + 1})`,
        );
      },
    });
    return {
      ...summary,
      backend: cfg.backend,
      critic: cfg.options.critic,
      seed: cfg.options.seed,
      eps: cfg.options.eps,
      iters: cfg.options.iters,
      semantics: cfg.options.semantics,
      fairMi: { steps: fairMi.steps, restarts: fairMi.restarts, lr: fairMi.lr },
      model: name,
      seconds: (performance.now() - started) / 1000,
      versions: versions(),
    };
  } finally {
    disposeClassifier(clf);
    model.dispose();
  }
}
