/**
 * The one table of numeric limits for the attack and MINE settings. The engine's option check, the
 * CLI's flags, the URL schema and the worker protocol all read their bounds from here, so a value one
 * front end accepts is one every other accepts too. Each maximum says where the maths breaks: the
 * engine computes in float32 (largest value ≈ 3.4e38), and the figures quoted were measured with the
 * shipped MNIST classifier, lite critic, test image 0, T = 100, wasm (README, "Limits").
 */

export interface NumericLimit {
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly integer: boolean;
  /** Why the maximum is where it is (one line, for the README and the error messages). */
  readonly why: string;
}

const limit = (min: number, max: number, def: number, why: string, integer = false): NumericLimit => ({
  min,
  max,
  default: def,
  integer,
  why,
});

export const LIMITS = {
  eps: limit(0, 1, 1, 'pixels lie in [0, 1]: at ε = 1 only the box binds, a larger ε changes nothing'),
  alpha: limit(
    1e-9,
    1e4,
    0.01,
    'from α ≈ 1e4 every δ step already jumps to a corner of the box (first success at t = 1); the float32 step α·∇ overflows near 3e38 (α = 1e39: 495 of 784 pixels NaN)',
  ),
  beta: limit(
    0,
    1,
    0.1,
    'c ← (1 − β/t^¼)c + βf⁺: above 1 the factor is negative at t = 1 and c is clamped to 0',
  ),
  c0: limit(
    0,
    1e6,
    1e-3,
    'c weighs f⁺ in the float32 δ gradient (c0 = 1e39: every pixel NaN); the penalty search multiplies c by 10 per failed step, so c0·10^(search steps − 1) must stay far below 3.4e38',
  ),
  kappa: limit(
    0,
    1e3,
    0,
    'logits of an MNIST classifier span tens, so a margin κ above 1e3 can never be met; from κ ≈ 1e7 f loses the logits to float32 rounding and c = βf⁺ overflows near 1e38',
  ),
  mineLr: limit(
    1e-12,
    1e-2,
    1.5e-5,
    "Adam moves each critic weight by ≈ lr per step: at lr 0.1 the critic's ReLUs die and I collapses to 0 (1e-2: I* 3.97), at 10 the estimate is −5e10, at 1e30 x′ turns NaN",
  ),
  pgdStep: limit(
    1e-9,
    2,
    0.01,
    'a sign step of 2 crosses the whole box [−ε, ε] (ε ≤ 1): a larger step lands on the same corner',
  ),
  iters: limit(1, 100_000, 1000, 'bounds the work one request can ask for', true),
  mineSteps: limit(1, 1000, 1, 'bounds the work one iteration can ask for', true),
  searchSteps: limit(
    1,
    20,
    9,
    'c grows ×10 per failed search step: 20 steps take c0 ≤ 1e6 to at most 1e25, well inside float32 (50 steps from 1e-3 reach 1e46 = Infinity)',
    true,
  ),
  fairMiSteps: limit(
    1,
    100_000,
    1000,
    'bounds the work of one measurement (1,000 lite-critic steps take ≈ 7 s on wasm)',
    true,
  ),
  fairMiRestarts: limit(0, 100, 3, 'bounds the work of one measurement; 0 skips the fair MI', true),
  fairMiLr: limit(
    1e-9,
    1e-2,
    3e-4,
    'at lr 1e-3 a fresh lite critic already overshoots (image 0: one restart of three fell from 2.0 to 0.4 between 300 and 1,000 steps); at 1e-2 the attack critic collapses',
  ),
  mineCheckLr: limit(
    1e-9,
    0.1,
    1e-3,
    'mine-check at ρ = 0.9 (1,000 steps): lr 0.1 is 7 % off the true I, lr 1 is 69 % off, lr 10 is 90 % off',
  ),
} as const satisfies Record<string, NumericLimit>;

export type LimitName = keyof typeof LIMITS;

/** Why `value` is outside the limit named `name` (shown as `label`), or null when it is inside. */
export function outOfLimit(name: LimitName, value: number, label: string = name): string | null {
  const l = LIMITS[name];
  if (!Number.isFinite(value)) return `${label} must be a finite number, got ${value}`;
  if (l.integer && !Number.isInteger(value)) return `${label} must be an integer, got ${value}`;
  if (value < l.min) return `${label} must be ≥ ${l.min}, got ${value}`;
  if (value > l.max) return `${label} must be ≤ ${l.max}, got ${value} (${l.why})`;
  return null;
}

/** How each setting is spelled: CLI flag and URL field (– where it has none). */
export const LIMIT_NAMES: Readonly<Record<LimitName, string>> = {
  eps: 'ε: `--eps`, `eps`',
  alpha: 'α: `--alpha`, `alpha`',
  beta: 'β: `--beta`, `beta`',
  c0: 'c0: `--c0`, `c0`',
  kappa: 'κ: `--kappa`, `kappa`',
  mineLr: 'MINE lr: `--mine-lr`, `mineLr`',
  pgdStep: 'PGD step: `--pgd-step`, –',
  iters: 'T: `--iters`, `iters` (the app: ≤ 5000)',
  mineSteps: 'MINE steps: `--mine-steps`, `mineSteps` (the app: ≤ 50)',
  searchSteps: 'search steps: `--search-steps`, –',
  fairMiSteps: 'fair MI steps S: `--fair-mi-steps`, –',
  fairMiRestarts: 'fair MI restarts R: `--fair-mi-restarts`, –',
  fairMiLr: 'fair MI lr: `--fair-mi-lr`, –',
  mineCheckLr: 'mine-check lr: `mine-check --lr`, –',
};

/** The README's table of limits, generated from LIMITS (a unit test keeps the README in step). */
export function limitsMarkdown(): string {
  const rows = (Object.keys(LIMITS) as LimitName[]).map((k) => {
    const l = LIMITS[k];
    return `| ${LIMIT_NAMES[k]} | ${l.min} | ${l.max} | ${l.default} | ${l.why} |`;
  });
  return ['| setting | min | max | default | why the maximum |', '|---|---|---|---|---|', ...rows].join('\n');
}
