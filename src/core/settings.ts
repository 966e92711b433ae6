/**
 * The settings a person chooses, as one table. For each: its values (a range, with why the maximum is
 * where it is, or a list), its default, its symbol and label, its help line, and where it is spelled.
 * The CLI's flags (cli/setting-flags.ts), the app's link (app/url-state.ts), the worker's settings
 * message (worker/protocol-fields.ts), the app's controls, the engine's option check and the README's
 * limits table are all made from it, so a field is written here once.
 *
 * Maxima say where the maths breaks: the engine computes in float32 (largest value ≈ 3.4e38), and
 * the figures quoted were measured with the shipped MNIST classifier, lite critic, test image 0,
 * T = 100, wasm (README, "Limits"). The name of a setting (its key) is its name in the engine's
 * options, the link and the worker protocol; the CLI spells it in kebab case (`mineLr`: `--mine-lr`).
 * tfjs-free: the app's main thread reads it.
 */
import {
  AUTOENCODER_TITLES,
  AUTOENCODERS,
  CRITIC_TITLES,
  CRITICS,
  METHOD_TITLES,
  METHODS,
  SEMANTICS,
  SEMANTICS_TITLES,
  TASK_TITLES,
  TASKS,
} from './vocabulary';
import { BOUND_LABELS, BOUND_NAMES } from './mine/bound-names';
import { LAB_ROWS } from './settings-lab';
import {
  choice,
  CLI_ONLY,
  kebab,
  numeric,
  where,
  type ChoiceSetting,
  type NumericSetting,
  type Setting,
} from './setting-rows';

export type { ChoiceSetting, NumericSetting, Setting };

const TABLE = {
  task: choice(
    TASKS,
    'supervised',
    { symbol: 'task', label: 'Task', help: 'the classifier or an autoencoder', titles: TASK_TITLES },
    where(false, true, true),
  ),
  ae: choice(
    AUTOENCODERS,
    'dense',
    {
      symbol: 'autoencoder',
      label: 'Autoencoder',
      help: 'autoencoder (unsupervised task)',
      titles: AUTOENCODER_TITLES,
    },
    where(false, true, true),
  ),
  dataset: choice(
    ['mnist'] as const,
    'mnist',
    { symbol: 'data set', label: 'Data set', help: 'data set (MNIST test images)' },
    where(true, true, false),
  ),
  index: numeric(
    { min: 0, max: 9999, default: 0, integer: true },
    'the MNIST test set has 10,000 images',
    {
      symbol: 'index',
      label: 'test image',
      help: 'MNIST test image (t10k order, from 0)',
      command: 'attack',
    },
    where(true, true, false),
  ),
  method: choice(METHODS, 'minmax', {
    symbol: 'method',
    label: 'Method',
    titles: METHOD_TITLES,
    help: 'attack (mine-uae, l2-uae: on an autoencoder)',
    valueAliases: { uae: 'mine-uae' },
  }),
  eps: numeric(
    { min: 0, max: 1, default: 1 },
    'pixels lie in [0, 1]: at ε = 1 only the box binds, a larger ε changes nothing',
    { symbol: 'ε', label: 'L∞ budget', help: 'L∞ budget ε (authors: 1.0)' },
  ),
  alpha: numeric(
    { min: 1e-9, max: 1e4, default: 0.01 },
    'from α ≈ 1e4 every δ step already jumps to a corner of the box (first success at t = 1); the float32 step α·∇ overflows near 3e38 (α = 1e39: 495 of 784 pixels NaN)',
    { symbol: 'α', label: 'δ step size', help: 'δ step α; default 0.01 (the authors), mine-uae 0.1' },
  ),
  beta: numeric(
    { min: 0, max: 1, default: 0.1 },
    'c ← (1 − β/t^¼)c + βf⁺: above 1 the factor is negative at t = 1 and c is clamped to 0',
    { symbol: 'β', label: 'c step size', help: 'c step β' },
  ),
  iters: numeric(
    { min: 1, max: 100_000, default: 300, integer: true, appMax: 5000 },
    'bounds the work one request can ask for',
    {
      symbol: 'T',
      label: 'iterations',
      help: 'iterations T (penalty, l2-uae: per search step); default 300, mine-uae/l2-uae 40',
    },
  ),
  c0: numeric(
    { min: 0, max: 1e6, default: 1e-3 },
    'c weighs f⁺ in the float32 δ gradient (c0 = 1e39: every pixel NaN); the penalty search multiplies c by 10 per failed step, so c0·10^(search steps − 1) must stay far below 3.4e38',
    { symbol: 'c0', label: 'initial c', help: 'initial c' },
  ),
  kappa: numeric(
    { min: 0, max: 1e3, default: 0 },
    'logits of an MNIST classifier span tens, so a margin κ above 1e3 can never be met; from κ ≈ 1e7 f loses the logits to float32 rounding and c = βf⁺ overflows near 1e38',
    { symbol: 'κ', label: 'confidence margin', help: 'confidence κ of the margin' },
  ),
  target: numeric(
    { min: 0, max: 9, default: 0, integer: true, unset: 'untargeted' },
    'the ten MNIST classes',
    { symbol: 'target', label: 'target class', help: 'target class (targeted attack); default untargeted' },
  ),
  seed: numeric(
    { min: 0, max: 0xffffffff, default: 1, integer: true },
    'the generator is seeded with 32 bits',
    { symbol: 'seed', label: 'Seed', help: 'seed of δ0, critic init and shuffles' },
  ),
  critic: choice(CRITICS, null, {
    symbol: 'critic',
    label: 'MINE critic',
    titles: CRITIC_TITLES,
    help: 'MINE critic: paper (10.25 M params) or lite',
    unset: 'paper; mine-uae: paper on dense AEs, lite on the conv AE (the app chooses by back end)',
  }),
  bound: choice(BOUND_NAMES, 'dv', {
    symbol: 'bound',
    label: 'MI bound',
    titles: BOUND_LABELS,
    help: "MI bound the critic maximises and δ follows: dv (the paper's), mine (moving-average gradient), nwj, infonce (all K² pairs), smile (clip τ)",
  }),
  smileTau: numeric(
    { min: 0.1, max: 80, default: 5 },
    'SMILE clips the marginal scores to [−τ, τ]: above ~80 e^τ nears the float32 limit (e^88.7) and the clip never binds, so SMILE is DV',
    {
      symbol: 'SMILE τ',
      label: 'SMILE τ (clip of the marginal scores)',
      help: 'SMILE: clip τ of the marginal scores (bound smile)',
    },
  ),
  mineLr: numeric(
    { min: 1e-12, max: 1e-2, default: 1.5e-5 },
    "Adam moves each critic weight by ≈ lr per step: at lr 0.1 the critic's ReLUs die and I collapses to 0 (1e-2: I* 3.97), at 10 the estimate is −5e10, at 1e30 x′ turns NaN",
    { symbol: 'MINE lr', label: 'MINE learning rate', help: 'MINE Adam learning rate' },
  ),
  mineSteps: numeric(
    { min: 1, max: 1000, default: 1, integer: true, appMax: 50 },
    'bounds the work one iteration can ask for',
    {
      symbol: 'MINE steps',
      label: 'MINE steps per iteration',
      help: 'MINE steps per iteration; default 1, mine-uae 20 (the authors)',
    },
  ),
  semantics: choice(SEMANTICS, 'paper', {
    symbol: 'semantics',
    label: 'Semantics',
    titles: SEMANTICS_TITLES,
    help: 'paper pseudo-code or the authors reference code',
    flagAliases: ['preset'],
  }),
  searchSteps: numeric(
    { min: 1, max: 20, default: 9, integer: true },
    'c grows ×10 per failed search step: 20 steps take c0 ≤ 1e6 to at most 1e25, well inside float32 (50 steps from 1e-3 reach 1e46 = Infinity)',
    {
      symbol: 'search steps',
      label: 'binary-search steps on c',
      help: 'penalty, l2-uae: binary-search steps on c',
    },
    CLI_ONLY,
  ),
  pgdStep: numeric(
    { min: 1e-9, max: 2, default: 0.01 },
    'a sign step of 2 crosses the whole box [−ε, ε] (ε ≤ 1): a larger step lands on the same corner',
    { symbol: 'PGD step', label: 'PGD sign-step size', help: 'PGD sign-step size' },
    CLI_ONLY,
  ),
  fairMiSteps: numeric(
    { min: 1, max: 100_000, default: 1000, integer: true },
    'bounds the work of one measurement (1,000 lite-critic steps take ≈ 7 s on wasm)',
    { symbol: 'fair MI steps S', label: 'fair MI steps', help: 'fair MI: Adam steps of each fresh critic' },
    where(true, true, false),
  ),
  fairMiRestarts: numeric(
    { min: 0, max: 100, default: 3, integer: true },
    'bounds the work of one measurement; 0 skips the fair MI',
    {
      symbol: 'fair MI restarts R',
      label: 'fair MI restarts',
      help: 'fair MI: fresh critics averaged (0: skip the fair MI)',
    },
    where(true, true, false),
  ),
  fairMiLr: numeric(
    { min: 1e-9, max: 1e-2, default: 3e-4 },
    'at lr 1e-3 a fresh lite critic already overshoots (image 0: one restart of three fell from 2.0 to 0.4 between 300 and 1,000 steps); at 1e-2 the attack critic collapses',
    {
      symbol: 'fair MI lr',
      label: 'fair MI learning rate',
      help: 'fair MI: learning rate of the fresh critics',
    },
    CLI_ONLY,
  ),
  ...LAB_ROWS,
  mineCheckLr: numeric(
    { min: 1e-9, max: 0.1, default: 1e-3 },
    'mine-check at ρ = 0.9 (1,000 steps): lr 0.1 is 7 % off the true I, lr 1 is 69 % off, lr 10 is 90 % off',
    {
      symbol: 'mine-check lr',
      label: 'mine-check learning rate',
      help: 'Adam learning rate',
      flagName: 'lr',
      command: 'mine-check',
    },
    CLI_ONLY,
  ),
};

type Table = typeof TABLE;
export type SettingName = keyof Table;

/** Each setting with its CLI flag's name filled in (null where it has none). */
export const SETTINGS: {
  readonly [K in SettingName]: Omit<Table[K], 'flag'> & { readonly flag: string | null };
} = Object.fromEntries(
  Object.entries(TABLE).map(([key, s]) => [
    key,
    { ...s, flag: s.flag ? (('flagName' in s ? s.flagName : undefined) ?? kebab(key)) : null },
  ]),
) as never;

export type NumericName = {
  [K in SettingName]: Table[K] extends { kind: 'number' } ? K : never;
}[SettingName];
export type ChoiceName = { [K in SettingName]: Table[K] extends { kind: 'choice' } ? K : never }[SettingName];
/** The values a choice setting takes. */
export type ChoiceOf<K extends ChoiceName> = Table[K]['values'][number];

/** A setting's value: one of its choices, or a number (null where it may be left unset). */
export type SettingValue<K extends SettingName> = Table[K] extends { kind: 'choice' }
  ? ChoiceOf<K & ChoiceName>
  : Table[K] extends { unset: string }
    ? number | null
    : number;

/** The settings the worker's run settings carry, and those the app's link carries. */
export type ProtocolName = {
  [K in SettingName]: Table[K] extends { protocol: true } ? K : never;
}[SettingName];
export type UrlName = { [K in SettingName]: Table[K] extends { url: true } ? K : never }[SettingName];

export function isNumeric(s: Setting): s is NumericSetting {
  return s.kind === 'number';
}

/** The names of the settings a place spells, in the table's order. */
export function settingsIn(place: 'protocol'): ProtocolName[];
export function settingsIn(place: 'url'): UrlName[];
export function settingsIn(place: 'flag'): SettingName[];
export function settingsIn(place: 'flag' | 'url' | 'protocol'): SettingName[] {
  return (Object.keys(SETTINGS) as SettingName[]).filter((k) => {
    const s: Setting = SETTINGS[k];
    return place === 'flag' ? s.flag !== null : s[place];
  });
}
