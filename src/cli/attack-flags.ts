/** Flags shared by `attack` and `evaluate`, and their translation into engine options. */
import { resolveOptions, type AttackOptions, type DeltaInit } from '../core/attacks/options';
import { HEADLESS_BACKENDS, type HeadlessBackend } from '../core/backend';
import { UAE_DEFAULTS } from '../core/attacks/uae';
import { KindedError } from '../core/errors';
import { FAIR_MI_DEFAULTS, type FairMiSettings } from '../core/mine/fair-mi';
import { LIMITS, type LimitName } from '../core/limits';
import {
  CRITICS,
  METHODS,
  SEMANTICS,
  UNSUPERVISED_METHODS,
  type CriticPreset,
  type Method,
} from '../core/vocabulary';
import { UsageError, type FlagSpec, type FlagSpecs, type ParsedFlags } from './args';

/**
 * A numeric flag whose bounds (and default, unless `noDefault`: the method picks it) come from the
 * one table of limits; --help says why the maximum is where it is (the parser shows the range).
 */
export function limitFlag(name: LimitName, help: string, noDefault = false): FlagSpec {
  const l = LIMITS[name];
  return {
    type: l.integer ? 'int' : 'number',
    min: l.min,
    max: l.max,
    ...(noDefault ? {} : { default: l.default }),
    help: `${help}; max: ${l.why}`,
  };
}

export const ATTACK_FLAGS: FlagSpecs = {
  dataset: { type: ['mnist'], default: 'mnist', help: 'data set (MNIST test images)' },
  method: {
    type: METHODS,
    default: 'minmax',
    help: 'attack (mine-uae, l2-uae: on an autoencoder)',
    valueAliases: { uae: 'mine-uae' },
  },
  eps: limitFlag('eps', 'L∞ budget ε (authors: 1.0)'),
  iters: limitFlag(
    'iters',
    'iterations T (penalty, l2-uae: per search step); default 300, mine-uae/l2-uae 40',
    true,
  ),
  seed: { type: 'int', default: 1, min: 0, max: 4294967295, help: 'seed of δ0, critic init and shuffles' },
  critic: {
    type: CRITICS,
    help: 'MINE critic: paper (10.25 M params) or lite; default paper, mine-uae: paper on dense AEs, lite on conv AEs',
  },
  backend: { type: HEADLESS_BACKENDS, default: 'wasm', help: 'tfjs backend' },
  model: {
    type: 'string',
    help: 'shipped model name or path to model.json; default mnist-classifier, mine-uae/l2-uae conv-ae',
  },
  'delta-init': {
    type: ['zeros', 'uniform', 'glorot'],
    help: 'δ0; default zeros (paper semantics), glorot (reference and mine-uae: the authors), uniform U(−ε, ε)',
  },
  target: { type: 'int', min: 0, max: 9, help: 'target class (targeted attack)' },
  kappa: limitFlag('kappa', 'confidence κ of the margin'),
  semantics: {
    type: SEMANTICS,
    default: 'paper',
    help: 'paper pseudo-code or the authors reference code',
    aliases: ['preset'],
  },
  alpha: limitFlag('alpha', 'δ step α; default 0.01 (the authors), mine-uae 0.1', true),
  beta: limitFlag('beta', 'c step β'),
  c0: limitFlag('c0', 'initial c'),
  'mine-lr': limitFlag('mineLr', 'MINE Adam learning rate'),
  'mine-steps': limitFlag(
    'mineSteps',
    'MINE steps per iteration; default 1, mine-uae 20 (the authors)',
    true,
  ),
  'bias-correction': { type: 'bool', help: 'moving-average correction of the MINE gradient' },
  'search-steps': limitFlag('searchSteps', 'penalty, l2-uae: binary-search steps on c'),
  'pgd-step': limitFlag('pgdStep', 'PGD sign-step size'),
  'no-random-start': { type: 'bool', help: 'PGD: start from δ = 0' },
  'fair-mi-steps': limitFlag('fairMiSteps', 'fair MI: Adam steps of each fresh critic'),
  'fair-mi-restarts': limitFlag('fairMiRestarts', 'fair MI: fresh critics averaged (0: skip the fair MI)'),
  'fair-mi-lr': limitFlag('fairMiLr', 'fair MI: learning rate of the fresh critics'),
  json: { type: 'bool', help: 'print one JSON object on stdout' },
  help: { type: 'bool', help: 'this help' },
};

export interface AttackConfig {
  method: Method;
  /** mine-uae and l2-uae attack an autoencoder. */
  unsupervised: boolean;
  /** --critic was given; otherwise mine-uae takes the autoencoder's default (uaeCritic). */
  criticGiven: boolean;
  backend: HeadlessBackend;
  model: string;
  options: AttackOptions;
  /** How the returned example's fair MI is measured (restarts 0: not at all). */
  fairMi: FairMiSettings;
}

/** The fair-MI settings of --fair-mi-steps, --fair-mi-restarts and --fair-mi-lr. */
export function fairMiConfig(f: ParsedFlags): FairMiSettings {
  return {
    ...FAIR_MI_DEFAULTS,
    steps: f['fair-mi-steps'] as number,
    restarts: f['fair-mi-restarts'] as number,
    lr: f['fair-mi-lr'] as number,
  };
}

export function attackConfig(f: ParsedFlags): AttackConfig {
  const method = f.method as AttackConfig['method'];
  const unsupervised = (UNSUPERVISED_METHODS as readonly string[]).includes(method);
  try {
    const options = resolveOptions({
      eps: f.eps as number,
      iters: (f.iters as number | null) ?? (unsupervised ? UAE_DEFAULTS.iters : 300),
      seed: f.seed as number,
      critic: (f.critic as CriticPreset | null) ?? (unsupervised ? 'lite' : 'paper'),
      deltaInit: (f['delta-init'] as DeltaInit | null) ?? (unsupervised ? UAE_DEFAULTS.deltaInit : undefined),
      target: (f.target as number | null) ?? null,
      kappa: f.kappa as number,
      semantics: f.semantics as AttackOptions['semantics'],
      alpha: (f.alpha as number | null) ?? (method === 'mine-uae' ? UAE_DEFAULTS.alpha : undefined),
      beta: f.beta as number,
      c0: f.c0 as number,
      mineLr: f['mine-lr'] as number,
      mineSteps: (f['mine-steps'] as number | null) ?? (unsupervised ? UAE_DEFAULTS.mineSteps : 1),
      biasCorrection: f['bias-correction'] === true,
      searchSteps: f['search-steps'] as number,
      pgdStep: f['pgd-step'] as number,
      pgdRandomStart: f['no-random-start'] !== true,
    });
    return {
      method,
      unsupervised,
      criticGiven: f.critic !== null,
      backend: f.backend as HeadlessBackend,
      model: (f.model as string | null) ?? (unsupervised ? 'conv-ae' : 'mnist-classifier'),
      options,
      fairMi: fairMiConfig(f),
    };
  } catch (e) {
    if (e instanceof RangeError || (e instanceof KindedError && e.kind === 'usage'))
      throw new UsageError(e.message);
    throw e;
  }
}
