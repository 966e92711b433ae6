/** Flags shared by `attack` and `evaluate`, and their translation into engine options. */
import { resolveOptions, type AttackOptions, type DeltaInit } from '../core/attacks/options';
import { HEADLESS_BACKENDS, type HeadlessBackend } from '../core/backend';
import { UAE_DEFAULTS } from '../core/attacks/uae';
import { KindedError } from '../core/errors';
import { FAIR_MI_DEFAULTS, type FairMiSettings } from '../core/mine/fair-mi';
import { SETTINGS, settingsIn, type Setting, type SettingName } from '../core/settings';
import { UNSUPERVISED_METHODS, type CriticPreset, type Method } from '../core/vocabulary';
import { UsageError, type FlagSpec, type FlagSpecs, type ParsedFlags } from './args';

/**
 * The flag of a setting of the table (core/settings.ts): its values or range, default and help.
 * `noDefault`: the method picks the default (attackConfig); `help`: the command's own words for it.
 * --help says why a maximum is where it is.
 */
export function settingFlag(
  name: SettingName,
  { noDefault = false, help }: { noDefault?: boolean; help?: string } = {},
): FlagSpec {
  const s: Setting = { ...SETTINGS[name], help: help ?? SETTINGS[name].help };
  const aliases = s.flagAliases === undefined ? {} : { aliases: s.flagAliases };
  if (s.kind === 'choice')
    return {
      type: s.values,
      ...(noDefault || s.default === null ? {} : { default: s.default }),
      help: s.unset === undefined ? s.help : `${s.help}; default: ${s.unset}`,
      ...aliases,
      ...(s.valueAliases === undefined ? {} : { valueAliases: s.valueAliases }),
    };
  return {
    type: s.integer ? 'int' : 'number',
    min: s.min,
    max: s.max,
    ...(noDefault || s.unset !== undefined ? {} : { default: s.default }),
    help: `${s.help}; max: ${s.why}`,
    ...aliases,
  };
}

/** The settings whose default depends on the method: those where MINE-UAE's (UAE_DEFAULTS) differ. */
const byMethod = (name: SettingName) =>
  Object.hasOwn(UAE_DEFAULTS, name) &&
  UAE_DEFAULTS[name as keyof typeof UAE_DEFAULTS] !== SETTINGS[name].default;

/** Flags of the settings `attack` and `evaluate` share (not those of one command: --index, --lr). */
const SETTING_FLAGS: FlagSpecs = Object.fromEntries(
  settingsIn('flag')
    .filter((k) => (SETTINGS[k] as Setting).command === undefined)
    .map((k): [string, FlagSpec] => [SETTINGS[k].flag!, settingFlag(k, { noDefault: byMethod(k) })]),
);

export const ATTACK_FLAGS: FlagSpecs = {
  ...SETTING_FLAGS,
  backend: { type: HEADLESS_BACKENDS, default: 'wasm', help: 'tfjs backend' },
  model: {
    type: 'string',
    help: 'shipped model name or path to model.json; default mnist-classifier, mine-uae/l2-uae conv-ae',
  },
  'delta-init': {
    type: ['zeros', 'uniform', 'glorot'],
    help: 'δ0; default zeros (paper semantics), glorot (reference and mine-uae: the authors), uniform U(−ε, ε)',
  },
  'bias-correction': { type: 'bool', help: 'the same as --bound mine (the moving-average MINE gradient)' },
  'no-random-start': { type: 'bool', help: 'PGD: start from δ = 0' },
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

/** --bound, or mine for the older --bias-correction (which overrides the default dv, no other bound). */
function boundOf(f: ParsedFlags): AttackOptions['bound'] {
  const given = (f.bound as AttackOptions['bound'] | null) ?? SETTINGS.bound.default;
  if (f['bias-correction'] !== true) return given;
  if (given !== SETTINGS.bound.default && given !== 'mine')
    throw new UsageError(`--bias-correction means --bound mine; it cannot go with --bound ${given}`);
  return 'mine';
}

export function attackConfig(f: ParsedFlags): AttackConfig {
  const method = f.method as AttackConfig['method'];
  const unsupervised = (UNSUPERVISED_METHODS as readonly string[]).includes(method);
  try {
    // A flag left out takes MINE-UAE's default on an autoencoder, else the table's.
    const value = (k: SettingName) =>
      f[SETTINGS[k].flag!] ??
      (unsupervised && byMethod(k) ? UAE_DEFAULTS[k as keyof typeof UAE_DEFAULTS] : SETTINGS[k].default);
    const options = resolveOptions({
      eps: value('eps') as number,
      iters: value('iters') as number,
      seed: value('seed') as number,
      critic: (f.critic as CriticPreset | null) ?? (unsupervised ? 'lite' : 'paper'),
      deltaInit: (f['delta-init'] as DeltaInit | null) ?? (unsupervised ? UAE_DEFAULTS.deltaInit : undefined),
      target: (f.target as number | null) ?? null,
      kappa: value('kappa') as number,
      semantics: value('semantics') as AttackOptions['semantics'],
      alpha: (f.alpha as number | null) ?? (method === 'mine-uae' ? UAE_DEFAULTS.alpha : undefined),
      beta: value('beta') as number,
      c0: value('c0') as number,
      mineLr: value('mineLr') as number,
      mineSteps: value('mineSteps') as number,
      bound: boundOf(f),
      smileTau: value('smileTau') as number,
      searchSteps: value('searchSteps') as number,
      pgdStep: value('pgdStep') as number,
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
