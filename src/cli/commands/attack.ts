/** `attack`: one MNIST test image, one attack, the result as the CLI contract says. */
import { runAttack } from '../../core/attacks/attack';
import type { AttackMethod } from '../../core/attacks/options';
import { classifierFairMi } from '../../core/attacks/fair-mi-of';
import { fairMiOf, outcomeJson, unsupervisedAttack } from './attack-unsupervised';
import {
  assertFiniteClassifier,
  disposeClassifier,
  wrapClassifier,
} from '../../core/models/attacked-classifier';
import { type ParsedFlags } from '../args';
import { ATTACK_FLAGS, attackConfig, settingFlag } from '../attack-flags';
import { loadModel, log, mnistSample, startBackend, versions } from '../context';
import { probeImages } from './probe';

export const ATTACK_COMMAND_FLAGS = {
  ...ATTACK_FLAGS,
  index: settingFlag('index'),
};

export async function attackCommand(f: ParsedFlags): Promise<Record<string, unknown>> {
  const cfg = attackConfig(f);
  const index = f.index as number;
  const sample = await mnistSample(index);
  await startBackend(cfg.backend);
  if (cfg.unsupervised) return unsupervisedAttack(cfg, index, sample);
  const method = cfg.method as AttackMethod;
  const { name, model } = await loadModel(cfg.model);
  const clf = wrapClassifier(model);
  try {
    await assertFiniteClassifier(clf, await probeImages(sample.x), name);
    log(
      `${cfg.method} on ${name}, test image ${index} (label ${sample.label}), ε=${cfg.options.eps}, T=${cfg.options.iters}, critic ${cfg.options.critic}`,
    );
    const r = await runAttack(method, clf, sample, cfg.options, {
      onIteration: (rec) => {
        if (rec.t === 1 || rec.t % 50 === 0) {
          log(
            `  t=${rec.t}${rec.searchStep ? ` step=${rec.searchStep}` : ''} c=${rec.c.toExponential(3)} f=${rec.f.toFixed(3)} I=${rec.mi.toFixed(3)} best=${rec.bestMi?.toFixed(3) ?? '-'}`,
          );
        }
      },
    });
    const miFair = await fairMiOf(r.success, cfg.fairMi, () =>
      classifierFairMi(clf, sample, r.adversarial, cfg.options, cfg.fairMi),
    );
    return {
      method: cfg.method,
      dataset: 'mnist',
      index,
      label: r.label,
      predicted: r.predictedAdv,
      predictedClean: r.predictedClean,
      ...outcomeJson(r, miFair),
      backend: cfg.backend,
      critic: cfg.options.critic,
      seed: cfg.options.seed,
      eps: cfg.options.eps,
      target: cfg.options.target,
      kappa: cfg.options.kappa,
      semantics: cfg.options.semantics,
      model: name,
      versions: versions(),
    };
  } finally {
    disposeClassifier(clf);
    model.dispose();
  }
}
