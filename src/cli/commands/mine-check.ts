/** `mine-check`: MINE against the closed-form MI of a correlated Gaussian pair. */
import { HEADLESS_BACKENDS, type HeadlessBackend } from '../../core/backend';
import type { BoundName } from '../../core/mine/bound-names';
import { estimateKnownMi, samplers, trueMi } from '../../core/mine/known-mi';
import type { FlagSpecs, ParsedFlags } from '../args';
import { settingFlag } from '../attack-flags';
import { log, startBackend, versions } from '../context';

export const MINE_CHECK_FLAGS: FlagSpecs = {
  // ρ, d, the bound and τ are the MINE lab's rows of the settings table (same ranges and defaults);
  // steps, batch and lr keep the oracle's own, longer defaults (docs/ALGORITHM.md §9).
  rho: settingFlag('labRho'),
  dim: settingFlag('labDim'),
  bound: settingFlag('labBound'),
  tau: settingFlag('labTau'),
  steps: { type: 'int', default: 3000, min: 1, max: 1_000_000, help: 'Adam steps' },
  batch: { type: 'int', default: 512, min: 2, max: 8192, help: 'pairs per step' },
  lr: settingFlag('mineCheckLr'),
  seed: settingFlag('seed', { help: 'seed' }),
  backend: { type: HEADLESS_BACKENDS, default: 'wasm', help: 'tfjs backend' },
  json: { type: 'bool', help: 'print one JSON object on stdout' },
  help: { type: 'bool', help: 'this help' },
};

export async function mineCheckCommand(f: ParsedFlags): Promise<Record<string, unknown>> {
  await startBackend(f.backend as HeadlessBackend);
  const rho = f.rho as number;
  const steps = f.steps as number;
  const dim = f.dim as number;
  const bound = f.bound as BoundName;
  const truth = trueMi.gaussian(rho, dim);
  const started = performance.now();
  const { estimate } = await estimateKnownMi(samplers.gaussian(rho, dim), {
    bound,
    tau: f.tau as number,
    steps,
    batch: f.batch as number,
    lr: f.lr as number,
    seed: f.seed as number,
    averageLast: Math.max(1, Math.min(300, Math.floor(steps / 10))),
  });
  log(`ρ=${rho}, d=${dim}: true I=${truth.toFixed(4)} nats, ${bound} ${estimate.toFixed(4)}`);
  return {
    rho,
    dim,
    bound,
    trueMi: truth,
    estimate,
    relError: truth > 0 ? Math.abs(estimate - truth) / truth : Math.abs(estimate),
    steps,
    seed: f.seed,
    backend: f.backend,
    seconds: (performance.now() - started) / 1000,
    versions: versions(),
  };
}
