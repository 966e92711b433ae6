/**
 * The unsupervised MinMax attack on B images at once, for the augmentation experiment (one UAE per
 * training image). Per image it is `UaeRun` in paper semantics: δ step on c·f⁺ + I, then the MINE
 * steps at the new x′, c from f⁺ of the new iterate, success f ≤ 0 with I > 0, the smallest positive
 * I kept, the iterate of smallest f returned (and flagged) when nothing succeeds. The images share no
 * state: each has its own critic, c, δ0 and random draws from a generator seeded by (seed, image id),
 * so an image's UAE does not depend on which batch it was put in.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { glorotLimit, Rng } from '../rng';
import { criticLayout } from '../mine/critic';
import { BatchedCritic, type PreparedSamples } from '../mine/batched-critic';
import {
  bankProjectionSamples,
  drawBankRows,
  projectionBank,
  RP_DIM,
  RP_SAMPLES,
} from '../mine/random-projection';
import { convSamplesBatch } from '../models/first-conv';
import { assertFiniteAutoencoder, autoencoderTarget, type AttackedAutoencoder } from './autoencoder-target';
import { checkIteration, resultProblem, verdict } from './checks';
import { emptyStats, foldIterate, uaeFailure } from './failure';
import type { AttackOptions } from './options';
import { nextC } from './schedule';

export interface UaeBatchItem {
  success: boolean;
  /** Null on success; else why (uaeFailure, or a returned x′ that failed its check). */
  failureReason: string | null;
  firstSuccessIter: number | null;
  /** Smallest positive I among successes, or null. */
  miBest: number | null;
  adversarial: Float32Array;
  f: number;
  reconClean: number;
  reconAdv: number;
  linf: number;
  l2: number;
}

export interface UaeBatchProgress {
  t: number;
  iters: number;
  /** Images with at least one success so far. */
  succeeded: number;
  meanMi: number;
  /** This iteration's f and I per image (what the booking saw). */
  f: Float32Array;
  mi: Float32Array;
}

/** Checks a batch of flat images against the autoencoder's input; returns the pixels per image. */
export function checkBatch(ae: AttackedAutoencoder, images: Float32Array, n: number): number {
  const [h, w, ch] = ae.inputShape;
  const size = h * w * ch;
  if (n === 0) throw new Error('no images to attack');
  if (images.length !== n * size)
    throw new Error(`expected ${n} images of ${size} values, got ${images.length} values`);
  return size;
}

/** Per image, `next` where mask is 1, else `held` (which it disposes); `held` itself when nothing changes. */
export function keepWhere(held: tf.Tensor4D, next: tf.Tensor4D, mask: Float32Array): tf.Tensor4D {
  if (!mask.some((m) => m > 0)) return held;
  const out = tf.tidy(() => {
    const m = tf.reshape(tf.tensor1d(mask), [mask.length, 1, 1, 1]);
    return tf.add(tf.mul(m, next), tf.mul(tf.sub(1, m), held)) as tf.Tensor4D;
  });
  held.dispose();
  return out;
}

/** The generator of image `id` under `seed`: the same whichever batch the image is in. */
export function imageRng(seed: number, id: number): Rng {
  return new Rng(seed).fork(`image-${id}`);
}

export async function attackUaeBatch(
  ae: AttackedAutoencoder,
  images: Float32Array,
  ids: readonly number[],
  opts: AttackOptions,
  hooks: { onIteration?: (p: UaeBatchProgress) => void | Promise<void>; signal?: AbortSignal } = {},
): Promise<{ items: UaeBatchItem[]; msPerIter: number; itersRun: number; cancelled: boolean }> {
  if (opts.semantics !== 'paper') throw new Error('the batched UAE generator runs paper semantics only');
  const [h, w, ch] = ae.inputShape;
  const n = ids.length;
  const size = checkBatch(ae, images, n);
  await assertFiniteAutoencoder(ae, images);

  const rngs = ids.map((id) => imageRng(opts.seed, id));
  const mineRngs = rngs.map((r) => r.fork('mine'));
  const sampleRngs = rngs.map((r) => r.fork('samples'));
  const delta0 = new Float32Array(n * size);
  rngs.forEach((r, b) => {
    const d = r.fork('delta');
    const lim =
      opts.deltaInit === 'uniform' ? opts.eps : opts.deltaInit === 'glorot' ? glorotLimit([1, h, w, ch]) : 0;
    if (lim > 0) d.fillUniform(delta0.subarray(b * size, (b + 1) * size), -lim, lim);
  });

  const x = tf.tensor4d(images, [n, h, w, ch]);
  const target = autoencoderTarget(ae, x);
  const conv1 = ae.conv1;
  const k = conv1 ? conv1.channels : RP_SAMPLES;
  const critic = new BatchedCritic(criticLayout(opts.critic, target.sampleShape), mineRngs, opts.mineLr);
  const bank = conv1 ? null : projectionBank(opts.seed);
  const lo = tf.tidy(() => tf.maximum(tf.neg(x), -opts.eps));
  const hi = tf.tidy(() => tf.minimum(tf.sub(1, x), opts.eps));
  const project = (d: tf.Tensor) => tf.minimum(tf.maximum(d, lo), hi) as tf.Tensor4D;
  let delta = tf.tidy(() => project(tf.tensor4d(delta0, x.shape)));
  let best = tf.zerosLike(x);
  let closest = tf.zerosLike(x);

  const c = new Float64Array(n).fill(opts.c0);
  const bestMi: (number | null)[] = new Array<number | null>(n).fill(null);
  const closestF = new Float64Array(n).fill(Infinity);
  const firstSuccess: (number | null)[] = new Array<number | null>(n).fill(null);
  const stats = ids.map(() => emptyStats());

  // Per evaluation, a fresh shuffle of each image's K samples (from its critic's generator, as
  // MineEstimator draws it) and, for random projections, fresh bank rows (from its sample generator).
  const shuffle = () => {
    const perm = new Int32Array(n * k);
    mineRngs.forEach((r, b) => {
      const p = r.permutation(k);
      for (let i = 0; i < k; i++) perm[b * k + i] = b * k + p[i]!;
    });
    return tf.tensor1d(perm, 'int32');
  };
  const draw = (xAdv: tf.Tensor4D) => {
    const perm = shuffle();
    let zx: tf.Tensor;
    let zy: tf.Tensor;
    if (conv1) {
      zx = convSamplesBatch(conv1, x);
      zy = convSamplesBatch(conv1, xAdv);
    } else {
      const rows = new Int32Array(n * 2 * k);
      sampleRngs.forEach((r, b) => drawBankRows(r, k, rows, b * 2 * k));
      ({ x: zx, y: zy } = bankProjectionSamples(bank!, RP_DIM, x, xAdv, rows, k));
    }
    return { zx, zy, perm };
  };
  // Conv mode: x's maps are fixed for the whole attack and x′'s for an iteration's MINE steps, so
  // their θ-free part is prepared once (same draws as `draw`, which would recompute them per step).
  const cleanSamples = conv1 ? tf.tidy(() => critic.prepare(convSamplesBatch(conv1, x))) : null;
  const mineSamples = (xAdv: tf.Tensor4D) => {
    const held = conv1 ? tf.tidy(() => critic.prepare(convSamplesBatch(conv1, xAdv))) : null;
    return {
      /** One MINE step's samples; `owned` is what the caller disposes after the step. */
      next: (): { zx: PreparedSamples; zy: PreparedSamples; perm: tf.Tensor1D; owned: tf.Tensor[] } => {
        if (cleanSamples && held) {
          const perm = shuffle();
          return { zx: cleanSamples, zy: held, perm, owned: [perm] };
        }
        const d = draw(xAdv);
        const zx = critic.prepare(d.zx);
        const zy = critic.prepare(d.zy);
        tf.dispose([d.zx, d.zy]);
        return { zx, zy, perm: d.perm, owned: [d.perm, zx.cols, zy.cols] };
      },
      dispose: () => held?.cols.dispose(),
    };
  };

  let elapsed = 0;
  let itersRun = 0;
  let cancelled = false;
  try {
    for (let t = 1; t <= opts.iters; t++) {
      if (hooks.signal?.aborted) {
        cancelled = true;
        break;
      }
      itersRun = t;
      const start = performance.now();
      const cT = tf.tensor1d(Float32Array.from(c));
      const grad = tf.tidy(() =>
        tf.grad((d: tf.Tensor) => {
          const xa = tf.add(x, d) as tf.Tensor4D;
          const f = target.criterion(xa);
          const s = draw(xa);
          // miDirection −1: the UAE lowers I.
          return tf.add(tf.sum(tf.mul(cT, tf.relu(f))), tf.sum(critic.bounds(s.zx, s.zy, k, s.perm)));
        })(delta),
      );
      cT.dispose();
      const next = tf.tidy(() => project(tf.sub(delta, tf.mul(grad, opts.alpha))));
      tf.dispose([grad, delta]);
      delta = next;

      const xAdv = tf.tidy(() => tf.add(x, delta) as tf.Tensor4D);
      let mi: tf.Tensor1D | null = null;
      const samples = mineSamples(xAdv);
      for (let s = 0; s < opts.mineSteps; s++) {
        const smp = samples.next();
        mi?.dispose();
        mi = critic.trainStep(smp.zx, smp.zy, k, smp.perm);
        tf.dispose(smp.owned);
      }
      samples.dispose();
      // Σ|δ| per image rides along for the divergence check: no extra readback.
      const packed = tf.tidy(() =>
        tf.concat([target.criterion(xAdv), mi!, tf.sum(tf.abs(delta), [1, 2, 3])]),
      );
      tf.dispose([xAdv, mi!]);
      const v = await packed.data();
      packed.dispose();

      const takeBest = new Float32Array(n);
      const takeClosest = new Float32Array(n);
      let succeeded = 0;
      let miSum = 0;
      for (let b = 0; b < n; b++) {
        const f = v[b]!;
        const m = v[n + b]!;
        miSum += m;
        c[b] = nextC(c[b]!, t, opts.beta, Math.max(0, f));
        checkIteration({ f, mi: m, c: c[b]!, delta: v[2 * n + b]! }, { t, image: ids[b] });
        foldIterate(stats[b]!, f, m, t);
        if (f <= 0 && m > 0) {
          firstSuccess[b] ??= t;
          const held = bestMi[b];
          if (held === null || held === undefined || m < held) {
            bestMi[b] = m;
            takeBest[b] = 1;
          }
        }
        if (f < closestF[b]!) {
          closestF[b] = f;
          takeClosest[b] = 1;
        }
        if (firstSuccess[b] !== null) succeeded += 1;
      }
      best = keepWhere(best, delta, takeBest);
      closest = keepWhere(closest, delta, takeClosest);
      elapsed += performance.now() - start;
      await hooks.onIteration?.({
        t,
        iters: opts.iters,
        succeeded,
        meanMi: miSum / n,
        f: Float32Array.from(v.subarray(0, n)),
        mi: Float32Array.from(v.subarray(n, 2 * n)),
      });
    }

    const chosenMask = bestMi.map((m) => (m === null ? 0 : 1));
    const packed = tf.tidy(() => {
      const m = tf.reshape(tf.tensor1d(chosenMask, 'float32'), [n, 1, 1, 1]);
      const adv = tf.add(x, tf.add(tf.mul(m, best), tf.mul(tf.sub(1, m), closest))) as tf.Tensor4D;
      const diff = tf.reshape(tf.sub(adv, x), [n, -1]);
      return tf.concat([
        target.readout(x),
        target.readout(adv),
        tf.max(tf.abs(diff), 1),
        tf.sqrt(tf.sum(tf.square(diff), 1)),
        tf.reshape(adv, [-1]),
      ]);
    });
    const out = (await packed.data()) as Float32Array;
    packed.dispose();
    const items: UaeBatchItem[] = ids.map((_, b) => {
      const adversarial = out.slice(4 * n + b * size, 4 * n + (b + 1) * size);
      const problem = resultProblem(images.subarray(b * size, (b + 1) * size), adversarial, opts.eps);
      const shape = { iters: opts.iters, cancelled };
      const v = verdict(bestMi[b] !== null, problem, () => uaeFailure(stats[b]!, shape));
      return {
        ...v,
        firstSuccessIter: v.success ? (firstSuccess[b] ?? null) : null,
        miBest: v.success ? (bestMi[b] ?? null) : null,
        reconClean: out[b]!,
        reconAdv: out[n + b]!,
        f: out[n + b]! - out[b]!,
        linf: out[2 * n + b]!,
        l2: out[3 * n + b]!,
        adversarial,
      };
    });
    return { items, msPerIter: itersRun > 0 ? elapsed / itersRun : 0, itersRun, cancelled };
  } finally {
    critic.dispose();
    target.dispose();
    tf.dispose([x, lo, hi, delta, best, closest]);
    cleanSamples?.cols.dispose();
  }
}
