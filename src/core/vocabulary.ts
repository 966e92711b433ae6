/**
 * The names the CLI, the URL and the worker protocol share, each list written once, with what
 * every method is (its traits) so that code asks "does it search?" instead of naming methods.
 * tfjs-free: the app's main thread reads it.
 */

/** Attack a classifier (the paper's supervised examples) or an autoencoder (its UAEs). */
export const TASKS = ['supervised', 'unsupervised'] as const;
export type Task = (typeof TASKS)[number];

/** The shipped autoencoders (public/models/<name>-ae/). */
export const AUTOENCODERS = ['sparse', 'dense', 'conv', 'adversarial'] as const;
export type AutoencoderKind = (typeof AUTOENCODERS)[number];

/** The MINE critic's size: the authors' architecture, or one ~70× smaller for CPUs. */
export const CRITICS = ['paper', 'lite'] as const;
export type CriticPreset = (typeof CRITICS)[number];

/** The paper's pseudo-code, or the authors' code where the two differ. */
export const SEMANTICS = ['paper', 'reference'] as const;
export type Semantics = (typeof SEMANTICS)[number];

export const SUPERVISED_METHODS = ['minmax', 'penalty', 'pgd'] as const;
export type AttackMethod = (typeof SUPERVISED_METHODS)[number];
export const UNSUPERVISED_METHODS = ['mine-uae', 'l2-uae'] as const;
export type UaeMethod = (typeof UNSUPERVISED_METHODS)[number];
export const METHODS = [...SUPERVISED_METHODS, ...UNSUPERVISED_METHODS] as const;
export type Method = (typeof METHODS)[number];

/** GAN Lab's players: both, the attacker (δ and c, θ frozen) or the MINE critic (θ only). */
export const STEP_PARTS = ['both', 'attacker', 'critic'] as const;
export type StepPart = (typeof STEP_PARTS)[number];

export interface MethodTraits {
  readonly task: Task;
  /** Two players (δ with c, and the MINE critic) that can be stepped apart: MinMax-style. */
  readonly twoPlayers: boolean;
  /** T iterations once per step of a binary search on c: Carlini–Wagner-style. */
  readonly searches: boolean;
  /** Books an I for each iterate (PGD measures its I afterwards; L2-UAE has none). */
  readonly booksMi: boolean;
  /** Carries a c between iterations (PGD has none). */
  readonly hasC: boolean;
}

export const METHOD_TRAITS: Readonly<Record<Method, MethodTraits>> = {
  minmax: { task: 'supervised', twoPlayers: true, searches: false, booksMi: true, hasC: true },
  penalty: { task: 'supervised', twoPlayers: false, searches: true, booksMi: true, hasC: true },
  pgd: { task: 'supervised', twoPlayers: false, searches: false, booksMi: false, hasC: false },
  'mine-uae': { task: 'unsupervised', twoPlayers: true, searches: false, booksMi: true, hasC: true },
  'l2-uae': { task: 'unsupervised', twoPlayers: false, searches: true, booksMi: false, hasC: true },
};

/** The methods that attack each task. */
export function methodsOf(task: Task): readonly Method[] {
  return task === 'supervised' ? SUPERVISED_METHODS : UNSUPERVISED_METHODS;
}

/** The traits of `method`, or null for a name that is no method (an untyped option record). */
export function traitsOf(method: unknown): MethodTraits | null {
  return typeof method === 'string' && Object.hasOwn(METHOD_TRAITS, method)
    ? METHOD_TRAITS[method as Method]
    : null;
}

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** How the app names each value in its choices (one home: the settings table points here). */
export const TASK_TITLES: Readonly<Record<Task, string>> = {
  supervised: 'Supervised: fool the classifier',
  unsupervised: 'Unsupervised: fool an autoencoder (UAE)',
};

export const AUTOENCODER_TITLES: Readonly<Record<AutoencoderKind, string>> = {
  sparse: 'Sparse AE (784–128–784, KL sparsity)',
  dense: 'Dense AE (784–128–784)',
  conv: 'Convolutional AE',
  adversarial: 'Adversarial AE (2-D latent)',
};

export const METHOD_TITLES: Readonly<Record<Method, string>> = {
  minmax: 'MinMax (MINE)',
  penalty: 'Penalty-based (binary search on c)',
  pgd: 'PGD (L∞)',
  'mine-uae': 'MINE-UAE (MinMax on the autoencoder)',
  'l2-uae': 'L2-UAE (binary search on c)',
};

export const CRITIC_TITLES: Readonly<Record<CriticPreset, string>> = {
  lite: 'lite (149 k parameters)',
  paper: "paper (10.25 M parameters, the authors')",
};

export const SEMANTICS_TITLES: Readonly<Record<Semantics, string>> = {
  paper: 'paper (the pseudo-code)',
  reference: "reference (the authors' code)",
};

/** Each method's short name, in tables, legends and progress lines. */
export const METHOD_NAMES: Readonly<Record<Method, string>> = {
  minmax: 'MinMax',
  penalty: 'Penalty-based',
  pgd: 'PGD',
  'mine-uae': 'MINE-UAE',
  'l2-uae': 'L2-UAE',
};

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻',
  0: '⁰',
  1: '¹',
  2: '²',
  3: '³',
  4: '⁴',
  5: '⁵',
  6: '⁶',
  7: '⁷',
  8: '⁸',
  9: '⁹',
};

/** σ as a power of ten where it is one below 0.01 (10⁻³), else as written. */
function sigmaText(sigma: string): string {
  const exponent = Math.log10(Number(sigma));
  return Number.isInteger(exponent) && exponent < -2
    ? `10${String(exponent).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]!)}`
    : sigma;
}

/**
 * The name of a method or augmentation: a method's short name, Gaussian noise `ga:σ` as
 * "GA (σ = …)", anything else as written.
 */
export function methodName(method: string): string {
  if (Object.hasOwn(METHOD_NAMES, method)) return METHOD_NAMES[method as Method];
  return method.startsWith('ga:') ? `GA (σ = ${sigmaText(method.slice(3))})` : method;
}
