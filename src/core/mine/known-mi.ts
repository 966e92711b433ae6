/**
 * MINE on distributions whose mutual information is known in closed form: the oracle that proves
 * the DV machinery right (docs/ALGORITHM.md §9), and the MINE lab's engine. A small critic
 * T(x, y) = MLP([x, y]) (2d → 64 → 64 → 1), trained by Adam on fresh batches to maximise one of the
 * bounds of bounds.ts; the marginal pairs shuffle y within the batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { KindedError } from '../errors';
import '../gradients';
import { glorotUniform, Rng } from '../rng';
import type { BoundName } from './bound-names';
import { infoNce, MovingAverage, mineSurrogateLoss, nwj, smile } from './bounds';
import { dvBound } from './dv';
import { checkBitTable } from './known-mi-exact';
import { permutationMatrix } from './permutation';

export { checkBitTable, trueMi, type BitTable } from './known-mi-exact';

/** n pairs of d-vectors (d = `dim`, 1 when absent), as two row-major n×d arrays. */
export type PairSampler = ((n: number, rng: Rng) => { x: Float32Array; y: Float32Array }) & {
  readonly dim?: number;
};

export const samplers = {
  /**
   * d independent standard bivariate normal pairs, each with correlation ρ (X and Y d-vectors):
   * I = −(d/2) ln(1 − ρ²).
   */
  gaussian(rho: number, dim = 1): PairSampler {
    if (!(rho > -1 && rho < 1)) throw new RangeError(`rho must be in (−1, 1), got ${rho}`);
    if (!(Number.isInteger(dim) && dim >= 1))
      throw new RangeError(`dimension must be an integer ≥ 1, got ${dim}`);
    const s = Math.sqrt(1 - rho * rho);
    const draw = (n: number, rng: Rng) => {
      const x = new Float32Array(n * dim);
      const y = new Float32Array(n * dim);
      for (let i = 0; i < n * dim; i++) {
        const a = rng.normal();
        x[i] = a;
        y[i] = rho * a + s * rng.normal();
      }
      return { x, y };
    };
    return Object.assign(draw, { dim });
  },
  /** Two bits drawn from a joint table (checked by `checkBitTable`), coded as ±1. */
  table(p: readonly number[]): PairSampler {
    const q = checkBitTable(p);
    return (n, rng) => {
      const x = new Float32Array(n);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng.uniform();
        const cell = u < q[0] ? 0 : u < q[0] + q[1] ? 1 : u < q[0] + q[1] + q[2] ? 2 : 3;
        x[i] = cell >= 2 ? 1 : -1;
        y[i] = cell % 2 === 1 ? 1 : -1;
      }
      return { x, y };
    };
  },
  /** Fair bit X sent through a binary symmetric channel with flip probability p (±1 coded). */
  bsc(p: number): PairSampler {
    return (n, rng) => {
      const x = new Float32Array(n);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const b = rng.uniform() < 0.5 ? 1 : -1;
        x[i] = b;
        y[i] = rng.uniform() < p ? -b : b;
      }
      return { x, y };
    };
  },
};

export interface KnownMiOptions {
  steps: number;
  batch: number;
  lr: number;
  hidden: number;
  seed: number;
  /** The estimate is the mean value over this many final steps. */
  averageLast: number;
  /** The bound the critic maximises; its value is the estimate (MINE's is DV's). */
  bound: BoundName;
  /** SMILE's clip. */
  tau: number;
  /** MINE's moving-average rate α. */
  maRate: number;
}

export const DEFAULT_KNOWN_MI_OPTIONS: KnownMiOptions = {
  steps: 3000,
  batch: 512,
  lr: 1e-3,
  hidden: 64,
  seed: 1,
  averageLast: 300,
  bound: 'dv',
  tau: 5,
  maRate: 0.01,
};

export interface KnownMiHooks {
  /** After every step: its 1-based number and the bound's value on that batch. */
  readonly onStep?: (step: number, value: number) => void | Promise<void>;
  /** Stops the training after the step in progress; the estimate is then of the steps done. */
  readonly signal?: AbortSignal;
}

type Critic = (xy: tf.Tensor2D) => tf.Tensor2D;

/**
 * One step's objective (to maximise) and the value to report, for the chosen bound. x, y: [n, d].
 * `ma` is MINE's moving average so far (null before the first step).
 */
function objective(
  o: KnownMiOptions,
  critic: Critic,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  perm: tf.Tensor2D,
  ma: number | null,
): { loss: tf.Scalar; report: tf.Scalar; margMeanExp: tf.Scalar | null } {
  const joint = critic(tf.concat([x, y], 1));
  if (o.bound === 'infonce') {
    const [n, d] = x.shape;
    const xs = tf.reshape(tf.tile(tf.reshape(x, [n, 1, d]), [1, n, 1]), [n * n, d]);
    const ys = tf.reshape(tf.tile(tf.reshape(y, [1, n, d]), [n, 1, 1]), [n * n, d]);
    const scores = tf.reshape(critic(tf.concat([xs, ys], 1) as tf.Tensor2D), [n, n]) as tf.Tensor2D;
    const v = infoNce(joint, scores);
    return { loss: tf.neg(v), report: v, margMeanExp: null };
  }
  const marg = critic(tf.concat([x, tf.matMul(perm, y)], 1) as tf.Tensor2D);
  switch (o.bound) {
    case 'dv': {
      const v = dvBound(joint, marg);
      return { loss: tf.neg(v), report: v, margMeanExp: null };
    }
    case 'nwj': {
      const v = nwj(joint, marg);
      return { loss: tf.neg(v), report: v, margMeanExp: null };
    }
    case 'smile': {
      const v = smile(joint, marg, o.tau);
      return { loss: tf.neg(v), report: v, margMeanExp: null };
    }
    case 'mine': {
      const v = dvBound(joint, marg);
      // Before any average exists, the first step is plain DV.
      const loss = ma === null ? tf.neg(v) : mineSurrogateLoss(joint, marg, ma);
      return { loss, report: v, margMeanExp: tf.mean(tf.exp(marg)) as tf.Scalar };
    }
  }
}

export async function estimateKnownMi(
  sampler: PairSampler,
  partial: Partial<KnownMiOptions> = {},
  hooks: KnownMiHooks = {},
): Promise<{ estimate: number; trace: number[] }> {
  const o = { ...DEFAULT_KNOWN_MI_OPTIONS, ...partial };
  const dim = sampler.dim ?? 1;
  const rng = new Rng(o.seed);
  const init = rng.fork('critic');
  const mk = (shape: number[], zero = false) => {
    const t = zero ? tf.zeros(shape) : tf.tensor(glorotUniform(init, shape), shape);
    const v = tf.variable(t, true);
    t.dispose();
    return v;
  };
  const vars = [
    mk([2 * dim, o.hidden]),
    mk([o.hidden], true),
    mk([o.hidden, o.hidden]),
    mk([o.hidden], true),
    mk([o.hidden, 1]),
  ];
  const [w1, b1, w2, b2, w3] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const critic: Critic = (xy) =>
    tf.matMul(tf.relu(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xy, w1), b1)), w2), b2)), w3);
  const opt = tf.train.adam(o.lr, 0.9, 0.999, 1e-8);
  const average = new MovingAverage(o.maRate);
  let ma: number | null = null;
  const trace: number[] = [];
  const data = rng.fork('data');
  try {
    for (let s = 0; s < o.steps && hooks.signal?.aborted !== true; s++) {
      const { x, y } = sampler(o.batch, data);
      const perm = permutationMatrix(data.permutation(o.batch));
      let kept: tf.Tensor[] = [];
      const loss = opt.minimize(
        () =>
          tf.tidy(() => {
            const xt = tf.tensor2d(x, [o.batch, dim]);
            const yt = tf.tensor2d(y, [o.batch, dim]);
            const out = objective(o, critic, xt, yt, perm, ma);
            // The reported value (and MINE's batch term) leave the tape's tidy with the loss.
            kept = [out.report, ...(out.margMeanExp === null ? [] : [out.margMeanExp])].map((t) =>
              tf.keep(t),
            );
            return out.loss;
          }),
        true,
        vars,
      );
      perm.dispose();
      if (!loss) throw new Error('MINE training produced no loss');
      loss.dispose();
      const [report, meanExp] = await Promise.all(kept.map(async (t) => (await t.data())[0]!));
      for (const t of kept) t.dispose();
      const estimate = report!;
      // An estimate that overflowed would average into NaN (or ±Infinity): stop and say where.
      if (!Number.isFinite(estimate))
        throw new KindedError(
          'diverged',
          `MINE step ${s + 1} produced a non-finite estimate (${estimate}): the training diverged`,
          {
            iteration: s + 1,
          },
        );
      if (meanExp !== undefined) ma = average.update(meanExp);
      trace.push(estimate);
      await hooks.onStep?.(s + 1, estimate);
    }
  } finally {
    opt.dispose();
    for (const v of vars) v.dispose();
  }
  const tail = trace.slice(-Math.max(1, Math.min(o.averageLast, trace.length)));
  // No step done (cancelled at once): no estimate.
  return { estimate: tail.length === 0 ? NaN : tail.reduce((a, b) => a + b, 0) / tail.length, trace };
}
