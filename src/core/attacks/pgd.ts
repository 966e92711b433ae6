/**
 * The PGD L∞ baseline on the same margin criterion: sign steps, projection onto
 * [−ε, ε] ∩ [−x, 1−x], optional uniform random start. For comparison with MinMax, I(x, x') of the
 * returned example is then measured by a freshly trained MINE with the attack's MINE settings
 * (iters × mineSteps Adam steps; the best estimate is reported, as MinMax reports its best).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { Rng } from '../rng';
import { criticLayout } from '../mine/critic';
import { MineEstimator } from '../mine/estimator';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { convSamples } from '../models/first-conv';
import { BestKeeper } from './booking';
import { measureIterate, supervisedTarget } from './target';
import type { AttackOptions } from './options';
import {
  emptyResultBase,
  marginSpec,
  measureReturned,
  predictClass,
  sampleTensor,
  type AttackHooks,
  type SupervisedSample,
} from './supervised';
import type { AttackResult, IterationRecord } from './trace';

export async function attackPgd(
  clf: AttackedClassifier,
  sample: SupervisedSample,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<AttackResult> {
  const x = sampleTensor(clf, sample);
  const spec = marginSpec(opts, sample.label);
  const rng = new Rng(opts.seed);
  const target = supervisedTarget(clf, spec);
  const lo = tf.tidy(() => tf.maximum(tf.neg(x), -opts.eps));
  const hi = tf.tidy(() => tf.minimum(tf.sub(1, x), opts.eps));
  const project = (d: tf.Tensor): tf.Tensor4D => tf.minimum(tf.maximum(d, lo), hi) as tf.Tensor4D;
  const init = new Float32Array(x.size);
  if (opts.pgdRandomStart) rng.fork('delta').fillUniform(init, -opts.eps, opts.eps);
  let delta = tf.tidy(() => project(tf.tensor4d(init, x.shape)));
  // PGD has no I: success is booked on f alone, and the last success is the one returned.
  const keeper = new BestKeeper(() => true);
  let t = 0;
  let elapsed = 0;
  let cancelled = false;
  try {
    const predictedClean = await predictClass(clf, x);
    const gradF = tf.grad((d: tf.Tensor) => tf.sum(target.criterion(tf.add(x, d) as tf.Tensor4D)));
    while (t < opts.iters) {
      if (hooks.signal?.aborted) {
        cancelled = true;
        break;
      }
      const start = performance.now();
      t += 1;
      const next = tf.tidy(() => project(tf.sub(delta, tf.mul(tf.sign(gradF(delta)), opts.pgdStep))));
      delta.dispose();
      delta = next;
      const packed = tf.tidy(() => measureIterate(target, x, tf.add(x, delta) as tf.Tensor4D));
      const v = await packed.data();
      packed.dispose();
      const f = v[0]!;
      const success = keeper.offer({ f, readout: v[1]!, linf: v[2]!, l2: v[3]!, mi: NaN, delta }, t, f <= 0);
      elapsed += performance.now() - start;
      const rec: IterationRecord = {
        t,
        part: 'both',
        searchStep: 0,
        c: 0,
        f,
        fPlus: Math.max(0, f),
        mi: NaN,
        success,
        linf: v[2]!,
        l2: v[3]!,
        bestMi: null,
        predicted: v[1]!,
      };
      // δ stays in the box here, so the stored δ is the effective one.
      if (opts.traceDeltaEvery > 0 && t % opts.traceDeltaEvery === 0)
        rec.delta = Float32Array.from(await delta.data());
      await hooks.onIteration?.(rec);
    }
    const adv = tf.tidy(() => tf.add(x, keeper.chosen() ?? delta) as tf.Tensor4D);
    try {
      const measured = await measureReturned(clf, x, adv, spec);
      const success = keeper.best !== null;
      const miBest = success && !cancelled ? await measureMi(clf, x, adv, opts, rng.fork('mine')) : null;
      return {
        ...emptyResultBase('pgd', opts, sample.label, predictedClean),
        ...measured,
        success,
        firstSuccessIter: keeper.firstSuccessIter,
        miBest,
        itersRun: t,
        msPerIter: t > 0 ? elapsed / t : 0,
        cancelled,
      };
    } finally {
      adv.dispose();
    }
  } finally {
    tf.dispose([x, lo, hi, delta]);
    keeper.dispose();
  }
}

/** Best DV estimate of I(x, x') over a fresh MINE training run with the attack's settings. */
export async function measureMi(
  clf: AttackedClassifier,
  x: tf.Tensor4D,
  adv: tf.Tensor4D,
  opts: AttackOptions,
  rng: Rng,
): Promise<number> {
  const sx = convSamples(clf.conv1, x);
  const sy = convSamples(clf.conv1, adv);
  const [, h, w] = sx.shape;
  const est = new MineEstimator(criticLayout(opts.critic, { kind: 'maps', height: h, width: w }), rng, {
    lr: opts.mineLr,
    biasCorrection: opts.biasCorrection,
  });
  let best = -Infinity;
  try {
    const steps = opts.iters * opts.mineSteps;
    for (let s = 0; s < steps; s++) {
      const mi = est.trainStep(sx, sy);
      const v = (await mi.data())[0]!;
      mi.dispose();
      if (v > best) best = v;
    }
    return best;
  } finally {
    est.dispose();
    tf.dispose([sx, sy]);
  }
}
