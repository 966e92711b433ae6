/**
 * MINE on distributions whose mutual information is known in closed form: the oracle that proves
 * the DV machinery right (docs/ALGORITHM.md §9). A small critic T(x, y) = MLP([x, y]) (2 → 64 → 64 → 1),
 * trained by Adam on fresh batches; the marginal pairs shuffle y within the batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { KindedError } from '../errors';
import '../gradients';
import { glorotUniform, Rng } from '../rng';
import { dvBound } from './dv';
import { permutationMatrix } from './permutation';

/** n pairs of scalars, as two length-n arrays. */
export type PairSampler = (n: number, rng: Rng) => { x: Float32Array; y: Float32Array };

export const samplers = {
  /** Standard bivariate normal with correlation ρ: I = −½ ln(1 − ρ²). */
  gaussian(rho: number): PairSampler {
    if (!(rho > -1 && rho < 1)) throw new RangeError(`rho must be in (−1, 1), got ${rho}`);
    const s = Math.sqrt(1 - rho * rho);
    return (n, rng) => {
      const x = new Float32Array(n);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const a = rng.normal();
        x[i] = a;
        y[i] = rho * a + s * rng.normal();
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

export const trueMi = {
  gaussian: (rho: number) => -0.5 * Math.log(1 - rho * rho),
  /** ln 2 − H_b(p) in nats. */
  bsc: (p: number) =>
    p <= 0 || p >= 1 ? Math.log(2) : Math.log(2) + p * Math.log(p) + (1 - p) * Math.log(1 - p),
};

export interface KnownMiOptions {
  steps: number;
  batch: number;
  lr: number;
  hidden: number;
  seed: number;
  /** The estimate is the mean DV value over this many final steps. */
  averageLast: number;
}

export const DEFAULT_KNOWN_MI_OPTIONS: KnownMiOptions = {
  steps: 3000,
  batch: 512,
  lr: 1e-3,
  hidden: 64,
  seed: 1,
  averageLast: 300,
};

export async function estimateKnownMi(
  sampler: PairSampler,
  partial: Partial<KnownMiOptions> = {},
): Promise<{ estimate: number; trace: number[] }> {
  const o = { ...DEFAULT_KNOWN_MI_OPTIONS, ...partial };
  const rng = new Rng(o.seed);
  const init = rng.fork('critic');
  const mk = (shape: number[], zero = false) => {
    const t = zero ? tf.zeros(shape) : tf.tensor(glorotUniform(init, shape), shape);
    const v = tf.variable(t, true);
    t.dispose();
    return v;
  };
  const vars = [
    mk([2, o.hidden]),
    mk([o.hidden], true),
    mk([o.hidden, o.hidden]),
    mk([o.hidden], true),
    mk([o.hidden, 1]),
  ];
  const [w1, b1, w2, b2, w3] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const critic = (xy: tf.Tensor2D) =>
    tf.matMul(tf.relu(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xy, w1), b1)), w2), b2)), w3);
  const opt = tf.train.adam(o.lr, 0.9, 0.999, 1e-8);
  const trace: number[] = [];
  const data = rng.fork('data');
  try {
    for (let s = 0; s < o.steps; s++) {
      const { x, y } = sampler(o.batch, data);
      const perm = permutationMatrix(data.permutation(o.batch));
      const loss = opt.minimize(
        () =>
          tf.tidy(() => {
            const xt = tf.tensor2d(x, [o.batch, 1]);
            const yt = tf.tensor2d(y, [o.batch, 1]);
            const joint = critic(tf.concat([xt, yt], 1));
            const marg = critic(tf.concat([xt, tf.matMul(perm, yt) as tf.Tensor2D], 1));
            return tf.neg(dvBound(joint, marg));
          }),
        true,
        vars,
      );
      perm.dispose();
      if (!loss) throw new Error('MINE training produced no loss');
      const estimate = -(await loss.data())[0]!;
      loss.dispose();
      // An estimate that overflowed would average into NaN (or ±Infinity): stop and say where.
      if (!Number.isFinite(estimate))
        throw new KindedError(
          'diverged',
          `MINE step ${s + 1} produced a non-finite estimate (${estimate}): the training diverged`,
          {
            iteration: s + 1,
          },
        );
      trace.push(estimate);
    }
  } finally {
    opt.dispose();
    for (const v of vars) v.dispose();
  }
  const tail = trace.slice(-Math.max(1, Math.min(o.averageLast, trace.length)));
  return { estimate: tail.reduce((a, b) => a + b, 0) / tail.length, trace };
}
