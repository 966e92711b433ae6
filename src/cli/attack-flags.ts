/** Flags shared by `attack` and `evaluate`, and their translation into engine options. */
import {
  ATTACK_METHODS,
  SEMANTICS,
  resolveOptions,
  type AttackMethod,
  type AttackOptions,
} from '../core/attacks/options';
import { HEADLESS_BACKENDS, type HeadlessBackend } from '../core/backend';
import { CRITIC_PRESETS, type CriticPreset } from '../core/mine/critic';
import { UsageError, type FlagSpecs, type ParsedFlags } from './args';

export const ATTACK_FLAGS: FlagSpecs = {
  dataset: { type: ['mnist'], default: 'mnist', help: 'data set (MNIST test images)' },
  method: { type: ATTACK_METHODS, default: 'minmax', help: 'attack' },
  eps: { type: 'number', default: 1.0, min: 0, max: 1, help: 'L∞ budget ε (authors: 1.0)' },
  iters: { type: 'int', default: 300, min: 1, max: 100000, help: 'iterations T (penalty: per search step)' },
  seed: { type: 'int', default: 1, min: 0, max: 4294967295, help: 'seed of δ0, critic init and shuffles' },
  critic: { type: CRITIC_PRESETS, default: 'paper', help: 'MINE critic: paper (10.25 M params) or lite' },
  backend: { type: HEADLESS_BACKENDS, default: 'wasm', help: 'tfjs backend' },
  model: { type: 'string', default: 'mnist-classifier', help: 'shipped model name or path to model.json' },
  target: { type: 'int', min: 0, max: 9, help: 'target class (targeted attack)' },
  kappa: { type: 'number', default: 0, min: 0, help: 'confidence κ of the margin' },
  preset: { type: SEMANTICS, default: 'paper', help: 'paper pseudo-code or the authors reference code' },
  alpha: { type: 'number', default: 0.01, min: 1e-9, help: 'δ step α' },
  beta: { type: 'number', default: 0.1, min: 0, max: 1, help: 'c step β' },
  c0: { type: 'number', default: 1e-3, min: 0, help: 'initial c' },
  'mine-lr': { type: 'number', default: 1.5e-5, min: 1e-12, help: 'MINE Adam learning rate' },
  'mine-steps': { type: 'int', default: 1, min: 1, max: 1000, help: 'MINE steps per iteration' },
  'bias-correction': { type: 'bool', help: 'moving-average correction of the MINE gradient' },
  'search-steps': { type: 'int', default: 9, min: 1, max: 50, help: 'penalty: binary-search steps on c' },
  'pgd-step': { type: 'number', default: 0.01, min: 1e-9, help: 'PGD sign-step size' },
  'no-random-start': { type: 'bool', help: 'PGD: start from δ = 0' },
  json: { type: 'bool', help: 'print one JSON object on stdout' },
  help: { type: 'bool', help: 'this help' },
};

export interface AttackConfig {
  method: AttackMethod;
  backend: HeadlessBackend;
  model: string;
  options: AttackOptions;
}

export function attackConfig(f: ParsedFlags): AttackConfig {
  try {
    const options = resolveOptions({
      eps: f.eps as number,
      iters: f.iters as number,
      seed: f.seed as number,
      critic: f.critic as CriticPreset,
      target: (f.target as number | null) ?? null,
      kappa: f.kappa as number,
      semantics: f.preset as AttackOptions['semantics'],
      alpha: f.alpha as number,
      beta: f.beta as number,
      c0: f.c0 as number,
      mineLr: f['mine-lr'] as number,
      mineSteps: f['mine-steps'] as number,
      biasCorrection: f['bias-correction'] === true,
      searchSteps: f['search-steps'] as number,
      pgdStep: f['pgd-step'] as number,
      pgdRandomStart: f['no-random-start'] !== true,
    });
    return {
      method: f.method as AttackMethod,
      backend: f.backend as HeadlessBackend,
      model: f.model as string,
      options,
    };
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}
