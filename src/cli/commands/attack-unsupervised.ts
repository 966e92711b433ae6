/** `attack --method mine-uae|l2-uae`: one MNIST test image against an autoencoder. */
import { assertFiniteAutoencoder, wrapAutoencoder } from '../../core/attacks/autoencoder-target';
import { fairMiOrProblem } from '../../core/attacks/evaluate';
import { autoencoderFairMi } from '../../core/attacks/fair-mi-of';
import type { FairMi, FairMiSettings } from '../../core/mine/fair-mi';
import { attackL2Uae } from '../../core/attacks/l2-uae';
import type { IterationRecord, ReturnedExample } from '../../core/attacks/trace';
import { attackUae, uaeCritic } from '../../core/attacks/uae';
import { UsageError } from '../args';
import type { AttackConfig } from '../attack-flags';
import { loadModel, log, versions } from '../context';
import { probeImages } from './probe';

/**
 * The `miFair` field of an attack's JSON: measured on a success (null on a failure, or with
 * --fair-mi-restarts 0); a measurement whose critic diverged is reported, not thrown.
 */
export async function fairMiOf(
  success: boolean,
  settings: FairMiSettings,
  run: () => Promise<FairMi>,
): Promise<
  { mean: number; std: number; steps: number; restarts: number; lr: number } | { error: string } | null
> {
  if (!success || settings.restarts === 0) return null;
  const fair = await fairMiOrProblem(run);
  if (fair.problem !== null) return { error: fair.problem };
  const { mean, std, steps, restarts, lr } = fair.value;
  return { mean, std, steps, restarts, lr };
}

/** The fields of an attack's JSON that every attack reports, in their order. */
export function outcomeJson(r: ReturnedExample, miFair: Awaited<ReturnType<typeof fairMiOf>>) {
  return {
    success: r.success,
    failureReason: r.failureReason,
    firstSuccessIter: r.firstSuccessIter,
    miBest: r.miBest,
    miFair,
    linf: r.linf,
    l2: r.l2,
    f: r.f,
    itersRun: r.itersRun,
    msPerIter: r.msPerIter,
  };
}

export async function unsupervisedAttack(
  cfg: AttackConfig,
  index: number,
  sample: { x: Float32Array; label: number },
): Promise<Record<string, unknown>> {
  const { name, model } = await loadModel(cfg.model);
  try {
    let ae;
    try {
      ae = wrapAutoencoder(model);
    } catch (e) {
      throw new UsageError(
        `${cfg.method} needs an autoencoder (e.g. --model conv-ae): ${(e as Error).message}`,
      );
    }
    await assertFiniteAutoencoder(ae, await probeImages(sample.x), name);
    const o = cfg.criticGiven ? cfg.options : { ...cfg.options, critic: uaeCritic(ae.conv1 !== null) };
    log(
      `${cfg.method} on ${name} (${ae.conv1 ? `conv-mode MINE, K=${ae.conv1.channels}` : 'random-projection MINE'}), ` +
        `test image ${index} (label ${sample.label}), ε=${o.eps}, T=${o.iters}, ${o.mineSteps} MINE steps, critic ${o.critic}`,
    );
    const onIteration = (rec: IterationRecord) => {
      if (rec.t === 1 || rec.t % 10 === 0) {
        log(
          `  t=${rec.t}${rec.searchStep ? ` step=${rec.searchStep}` : ''} c=${rec.c.toExponential(3)} f=${rec.f.toFixed(4)} I=${rec.mi.toFixed(4)} best=${rec.bestMi?.toFixed(4) ?? '-'}`,
        );
      }
    };
    const r =
      cfg.method === 'mine-uae'
        ? await attackUae(ae, sample.x, o, { onIteration })
        : await attackL2Uae(ae, sample.x, o, { onIteration });
    const miFair = await fairMiOf(r.success, cfg.fairMi, () =>
      autoencoderFairMi(ae, sample.x, r.adversarial, o.critic, cfg.fairMi, o.seed),
    );
    return {
      method: cfg.method,
      dataset: 'mnist',
      index,
      label: sample.label,
      ...outcomeJson(r, miFair),
      reconClean: r.reconClean,
      reconAdv: r.reconAdv,
      backend: cfg.backend,
      critic: o.critic,
      mineSteps: o.mineSteps,
      seed: o.seed,
      eps: o.eps,
      deltaInit: o.deltaInit,
      alpha: o.alpha,
      semantics: o.semantics,
      model: name,
      versions: versions(),
    };
  } finally {
    model.dispose();
  }
}
