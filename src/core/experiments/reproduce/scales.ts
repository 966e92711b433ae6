/**
 * The three scales of every experiment and the cost model that turns a scale into expected seconds.
 * quick: about 2 minutes per experiment on a 2-core machine on wasm (CI runs it); standard: about an
 * hour; paper: the authors' sizes (1,000 samples; the autoencoders' full training), whose time here
 * is printed before it starts. Every figure of the cost model was measured on this machine (see
 * COSTS), not guessed. Free of tfjs (main-thread-imports.test.ts): the app's Paper view reads it.
 */
import { KindedError } from '../../errors';
import { FAIR_MI_STEP_MS } from '../../mine/fair-mi-cost';
import type { AttackMethod } from '../../attacks/options';
import type { CriticPreset } from '../../mine/critic';
import { FAIR_MI_DEFAULTS, type FairMiSettings } from '../../mine/fair-mi-settings';
import type { AutoencoderKind } from '../../models/autoencoders';
import type { ExperimentName, ScaleName } from './types';

/** The supervised experiments (asr-mi, mi-distribution, minmax-vs-pgd). */
export interface SupervisedSettings {
  kind: 'supervised';
  /** Test images 0..n−1. */
  n: number;
  methods: AttackMethod[];
  /** T for every method; the penalty baseline runs T per binary-search step. */
  iters: number;
  searchSteps: number;
  eps: number;
  alpha: number;
  beta: number;
  c0: number;
  mineLr: number;
  mineSteps: number;
  pgdStep: number;
  /** One critic for the attacks, the in-loop MI and the fair MI. */
  critic: CriticPreset;
  fairMi: FairMiSettings;
  /** minmax-vs-pgd: images shown in the grid (the first ones). */
  gridImages: number;
  /** mi-distribution: histogram bins (shared by all methods). */
  bins: number;
}

/** The reconstruction experiment (augmentation.ts once per autoencoder). */
export interface ReconstructionSettings {
  kind: 'reconstruction';
  aes: AutoencoderKind[];
  /** Training images N (the first N) and test images (the first ones) for the error. */
  train: number;
  test: number;
  /** Epochs of Original and of every retraining, per autoencoder. */
  epochs: Record<AutoencoderKind, number>;
  /** MINE-UAE and L2-UAE: T, MINE steps per iteration, L2-UAE search steps, ε. */
  iters: number;
  mineSteps: number;
  searchSteps: number;
  eps: number;
  /** 'auto': the engine's per-autoencoder default (paper in random-projection mode, lite on conv). */
  critic: CriticPreset | 'auto';
}

export type ExperimentSettings = SupervisedSettings | ReconstructionSettings;

const ALL_AES: AutoencoderKind[] = ['sparse', 'dense', 'conv', 'adversarial'];
const epochsAll = (e: number): Record<AutoencoderKind, number> => ({
  sparse: e,
  dense: e,
  conv: e,
  adversarial: e,
});

function supervised(
  methods: AttackMethod[],
  over: Partial<SupervisedSettings> & Pick<SupervisedSettings, 'n' | 'iters' | 'critic'>,
): SupervisedSettings {
  return {
    kind: 'supervised',
    methods,
    searchSteps: 9,
    eps: 1,
    alpha: 0.01,
    beta: 0.1,
    c0: 1e-3,
    mineLr: 1.5e-5,
    mineSteps: 1,
    pgdStep: 0.01,
    fairMi: { ...FAIR_MI_DEFAULTS },
    gridImages: 0,
    bins: 0,
    ...over,
  };
}

const fair = (steps: number, restarts: number): FairMiSettings => ({ ...FAIR_MI_DEFAULTS, steps, restarts });

const ASR_MI: SupervisedMethods = ['penalty', 'minmax'];
const DISTRIBUTION: SupervisedMethods = ['penalty', 'minmax', 'pgd'];
const VERSUS: SupervisedMethods = ['pgd', 'minmax'];
type SupervisedMethods = AttackMethod[];

/** Each experiment's settings at each scale. */
export const SCALES: Record<ExperimentName, Record<ScaleName, ExperimentSettings>> = {
  'asr-mi': {
    quick: supervised(ASR_MI, { n: 4, iters: 100, searchSteps: 5, critic: 'lite', fairMi: fair(300, 2) }),
    standard: supervised(ASR_MI, { n: 35, iters: 300, critic: 'lite' }),
    paper: supervised(ASR_MI, { n: 1000, iters: 1000, critic: 'paper' }),
  },
  'mi-distribution': {
    quick: supervised(DISTRIBUTION, {
      n: 5,
      iters: 100,
      searchSteps: 5,
      critic: 'lite',
      fairMi: fair(300, 1),
      bins: 6,
    }),
    standard: supervised(DISTRIBUTION, { n: 30, iters: 300, critic: 'lite', bins: 12 }),
    paper: supervised(DISTRIBUTION, { n: 1000, iters: 1000, critic: 'paper', bins: 30 }),
  },
  'minmax-vs-pgd': {
    quick: supervised(VERSUS, { n: 8, iters: 100, critic: 'lite', fairMi: fair(300, 2), gridImages: 4 }),
    standard: supervised(VERSUS, { n: 70, iters: 300, critic: 'lite', gridImages: 6 }),
    paper: supervised(VERSUS, { n: 1000, iters: 1000, critic: 'paper', gridImages: 8 }),
  },
  reconstruction: {
    quick: {
      kind: 'reconstruction',
      aes: ALL_AES,
      train: 10,
      test: 500,
      epochs: epochsAll(30),
      iters: 40,
      mineSteps: 5,
      searchSteps: 5,
      eps: 1,
      critic: 'auto',
    },
    standard: {
      kind: 'reconstruction',
      aes: ALL_AES,
      train: 200,
      test: 2000,
      epochs: epochsAll(20),
      iters: 40,
      mineSteps: 20,
      searchSteps: 9,
      eps: 1,
      critic: 'auto',
    },
    // The authors' recipes: 60,000 images; sparse and adversarial 50 epochs, dense and conv 20.
    paper: {
      kind: 'reconstruction',
      aes: ALL_AES,
      train: 60000,
      test: 10000,
      epochs: { sparse: 50, dense: 20, conv: 20, adversarial: 50 },
      iters: 40,
      mineSteps: 20,
      searchSteps: 9,
      eps: 1,
      critic: 'paper',
    },
  },
};

/** A smaller or larger run than a scale's (tests, smoke runs); recorded with the settings. */
export interface ScaleOverride {
  n?: number;
  iters?: number;
  searchSteps?: number;
  fairMiSteps?: number;
  fairMiRestarts?: number;
  train?: number;
  test?: number;
  epochs?: number;
  mineSteps?: number;
  aes?: AutoencoderKind[];
}

const usage = (msg: string) => new KindedError('usage', msg);

function positiveInt(name: string, v: number | undefined, max: number): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw usage(`${name} must be a whole number from 1 to ${max}, got ${v}`);
}

/** The settings of `name` at `scale`, with `override` applied and checked. */
export function settingsFor(
  name: ExperimentName,
  scale: ScaleName,
  override: ScaleOverride = {},
): ExperimentSettings {
  const base = structuredClone(SCALES[name][scale]);
  positiveInt('n', override.n, 10000);
  positiveInt('iters', override.iters, 100000);
  positiveInt('search steps', override.searchSteps, 20);
  positiveInt('fair MI steps', override.fairMiSteps, 100000);
  positiveInt('fair MI restarts', override.fairMiRestarts, 100);
  positiveInt('train', override.train, 60000);
  positiveInt('test', override.test, 10000);
  positiveInt('epochs', override.epochs, 1000);
  positiveInt('MINE steps', override.mineSteps, 1000);
  if (base.kind === 'supervised') {
    for (const k of ['train', 'test', 'epochs', 'aes'] as const)
      if (override[k] !== undefined) throw usage(`${name} has no setting '${k}' (it attacks test images)`);
    if (override.n !== undefined) base.n = override.n;
    if (override.iters !== undefined) base.iters = override.iters;
    if (override.searchSteps !== undefined) base.searchSteps = override.searchSteps;
    if (override.mineSteps !== undefined) base.mineSteps = override.mineSteps;
    if (override.fairMiSteps !== undefined) base.fairMi.steps = override.fairMiSteps;
    if (override.fairMiRestarts !== undefined) base.fairMi.restarts = override.fairMiRestarts;
    base.gridImages = Math.min(base.gridImages, base.n);
  } else {
    for (const k of ['n', 'fairMiSteps', 'fairMiRestarts'] as const)
      if (override[k] !== undefined)
        throw usage(`reconstruction has no setting '${k}' (train, test, epochs, iters… instead)`);
    if (override.train !== undefined) base.train = override.train;
    if (override.test !== undefined) base.test = override.test;
    if (override.epochs !== undefined) base.epochs = epochsAll(override.epochs);
    if (override.iters !== undefined) base.iters = override.iters;
    if (override.mineSteps !== undefined) base.mineSteps = override.mineSteps;
    if (override.searchSteps !== undefined) base.searchSteps = override.searchSteps;
    if (override.aes !== undefined) {
      if (override.aes.length === 0) throw usage('choose at least one autoencoder');
      if (new Set(override.aes).size !== override.aes.length) throw usage('an autoencoder is listed twice');
      base.aes = [...override.aes];
    }
  }
  return base;
}

/**
 * Measured unit costs (wasm, Node 20, this 2-core machine, one thread, other jobs running at
 * load ≈ 3; from the quick runs of each experiment and `npm run bench`). Milliseconds.
 */
export const COSTS = {
  /** One attack iteration incl. its MINE step; PGD: its sign step plus one step of its after-the-fact MINE. */
  iteration: {
    lite: { minmax: 19, penalty: 18, pgd: 15 },
    paper: { minmax: 216, penalty: 216, pgd: 210 },
  } as Record<CriticPreset, Record<AttackMethod, number>>,
  /** One Adam step of a fresh fair-MI critic (and the final reads, amortised). */
  fairMiStep: FAIR_MI_STEP_MS as Record<CriticPreset, number>,
  /** Per training image: one MINE-UAE at 20 MINE steps × 40 iterations, by critic; conv mode vs random projections. */
  uaePerImage: {
    conv: { lite: 2000, paper: 500000 },
    projections: { lite: 1900, paper: 5200 },
  },
  /** Per training image: one L2-UAE with 9 search steps × 40 iterations. */
  l2UaePerImage: { sparse: 60, dense: 60, conv: 900, adversarial: 200 } as Record<AutoencoderKind, number>,
  /** Per image and epoch of training; per test image of one error measurement. */
  trainPerImageEpoch: { sparse: 0.2, dense: 0.2, conv: 3, adversarial: 3.5 } as Record<
    AutoencoderKind,
    number
  >,
  testPerImage: { sparse: 0.02, dense: 0.02, conv: 0.3, adversarial: 0.1 } as Record<AutoencoderKind, number>,
  /** Per autoencoder, whatever N: building the six models, the GA and clean copies, the phases' set-up. */
  perAutoencoder: 8000,
};

/** Milliseconds of one supervised unit: `method` on one sample, its fair MI included. */
export function supervisedUnitMs(s: SupervisedSettings, method: AttackMethod): number {
  const iters = method === 'penalty' ? s.iters * s.searchSteps : s.iters;
  const mineFactor = method === 'pgd' ? 1 : s.mineSteps;
  const attack = iters * COSTS.iteration[s.critic][method] * (0.5 + 0.5 * mineFactor);
  return attack + s.fairMi.steps * s.fairMi.restarts * COSTS.fairMiStep[s.critic];
}

/** The critic MINE-UAE uses on `ae` under these settings. */
export function uaeCriticFor(s: ReconstructionSettings, ae: AutoencoderKind): CriticPreset {
  if (s.critic !== 'auto') return s.critic;
  return ae === 'conv' ? 'lite' : 'paper';
}

/** Milliseconds of one reconstruction unit: the whole table of one autoencoder. */
export function reconstructionUnitMs(s: ReconstructionSettings, ae: AutoencoderKind): number {
  const mode = ae === 'conv' ? 'conv' : 'projections';
  // About a quarter of an iteration's cost is the δ step and the AE, whatever the MINE steps.
  const scaleUae = (s.iters / 40) * (0.25 + (0.75 * s.mineSteps) / 20);
  const uae = s.train * COSTS.uaePerImage[mode][uaeCriticFor(s, ae)] * scaleUae;
  const l2 = s.train * COSTS.l2UaePerImage[ae] * (s.iters / 40) * (s.searchSteps / 9);
  // Original on N, then five retrainings (MINE-UAE, L2-UAE, two GA, clean) on 2N.
  const training = 11 * s.train * s.epochs[ae] * COSTS.trainPerImageEpoch[ae];
  const testing = 6 * s.test * COSTS.testPerImage[ae];
  return COSTS.perAutoencoder + uae + l2 + training + testing;
}

/** The cost model's seconds for a whole run with these settings. */
export function expectedSeconds(s: ExperimentSettings): number {
  if (s.kind === 'supervised')
    return (s.n * s.methods.reduce((sum, m) => sum + supervisedUnitMs(s, m), 0)) / 1000;
  return s.aes.reduce((sum, ae) => sum + reconstructionUnitMs(s, ae), 0) / 1000;
}
