/**
 * The fair MI: one post-hoc measurement of I(x, x′), made the same way for the example every method
 * returns (MinMax, penalty, PGD, MINE-UAE, L2-UAE, Gaussian noise). The in-loop I* is not comparable
 * between methods: it is the best of as many noisy estimates as the method ran iterations (penalty
 * 2,700, MinMax 300, PGD none), so the method that looks more often looks better. Here R fresh critics
 * (the run's preset, seeded inits) are each trained for S Adam steps on the (x, x′) samples; each
 * restart's final θ is read as the mean DV estimate over a few fresh shuffles, and the figure is the
 * mean and std of those R finals: never a maximum.
 */
import * as tf from '@tensorflow/tfjs-core';
import { KindedError } from '../errors';
import { Rng } from '../rng';
import { criticLayout, type CriticPreset, type SampleShape } from './critic';
import { MineEstimator } from './estimator';
import type { FairMiSettings } from './fair-mi-settings';

// The settings and their defaults live in a tfjs-free module (the app's main thread reads them).
export { FAIR_MI_DEFAULTS, type FairMiSettings } from './fair-mi-settings';

export interface FairMi {
  mean: number;
  std: number;
  steps: number;
  restarts: number;
  lr: number;
  /** Each restart's final estimate, in restart order. */
  estimates: number[];
}

/** What the estimator needs of an attack target: its sample shape and the samples of a pair. */
export interface MiSamples {
  readonly sampleShape: SampleShape;
  samples(x: tf.Tensor4D, xAdv: tf.Tensor4D, rng: Rng): { x: tf.Tensor; y: tf.Tensor };
}

function meanStd(v: readonly number[]): { mean: number; std: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((s, e) => s + (e - mean) * (e - mean), 0) / v.length);
  return { mean, std };
}

/**
 * The fair MI of (x, x′) under `critic`. Deterministic in `seed`: two methods' examples of one image
 * measured with one seed meet the same critic inits and shuffles (common random numbers), so their
 * difference is the examples', not the draws'.
 */
export async function fairMi(
  target: MiSamples,
  x: tf.Tensor4D,
  xAdv: tf.Tensor4D,
  critic: CriticPreset,
  settings: FairMiSettings,
  seed: number,
  signal?: AbortSignal,
): Promise<FairMi> {
  if (!(settings.restarts >= 1 && settings.steps >= 1 && settings.finalShuffles >= 1))
    throw new KindedError(
      'usage',
      `fair MI needs ≥ 1 restart, step and final shuffle, got ${JSON.stringify(settings)}`,
    );
  const layout = criticLayout(critic, target.sampleShape);
  // Conv-map samples are fixed for a pair: prepared once. Random projections are redrawn per step.
  const fixed = target.sampleShape.kind === 'maps';
  const root = new Rng(seed).fork('fair-mi');
  const estimates: number[] = [];
  for (let r = 0; r < settings.restarts; r++) {
    const rng = root.fork(`restart-${r}`);
    const sampleRng = rng.fork('samples');
    const est = new MineEstimator(layout, rng.fork('critic'), { lr: settings.lr });
    const prepared = fixed ? target.samples(x, xAdv, sampleRng) : null;
    const draw = () => prepared ?? target.samples(x, xAdv, sampleRng);
    const release = (s: { x: tf.Tensor; y: tf.Tensor }) => {
      if (s !== prepared) tf.dispose([s.x, s.y]);
    };
    try {
      for (let s = 0; s < settings.steps; s++) {
        if (signal) {
          // wasm and cpu settle data() as microtasks: without a macrotask now and then, a cancel
          // (a worker message, SIGINT) would only be heard after all R × S steps.
          if (s % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 0));
          if (signal.aborted) throw new KindedError('failure', 'cancelled while measuring the fair MI');
        }
        const pair = draw();
        const mi = est.trainStep(pair.x, pair.y);
        release(pair);
        // One readback per step: a diverging critic is caught where it happens, not S steps later.
        const v = (await mi.data())[0]!;
        mi.dispose();
        if (!Number.isFinite(v))
          throw new KindedError(
            'diverged',
            `fair MI: critic step ${s + 1} (restart ${r + 1}) gave I = ${v}`,
            {
              iteration: s + 1,
            },
          );
      }
      est.collapsed(); // made outside the tidy below, which would otherwise dispose the estimator's copy
      const finals = tf.tidy(() => {
        const values: tf.Scalar[] = [];
        for (let k = 0; k < settings.finalShuffles; k++) {
          const pair = draw();
          values.push(est.mi(pair.x, pair.y));
        }
        return tf.stack(values);
      });
      const v = Array.from(await finals.data());
      finals.dispose();
      const { mean } = meanStd(v);
      if (!Number.isFinite(mean))
        throw new KindedError('diverged', `fair MI: the final estimate of restart ${r + 1} is ${mean}`, {
          iteration: settings.steps,
        });
      estimates.push(mean);
    } finally {
      est.dispose();
      if (prepared) tf.dispose([prepared.x, prepared.y]);
    }
  }
  return {
    ...meanStd(estimates),
    steps: settings.steps,
    restarts: settings.restarts,
    lr: settings.lr,
    estimates,
  };
}
