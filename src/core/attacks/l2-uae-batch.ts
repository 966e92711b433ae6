/**
 * The L2-UAE baseline (l2-uae.ts) on B images at once, for the augmentation experiment: per image a
 * binary search on c, each search step restarting from δ0 ~ U(−ε, ε) and taking T plain gradient
 * steps on ‖δ‖²₂ + c·f⁺; the successful iterate (f ≤ 0) of smallest ‖δ‖₂ is kept, else the iterate of
 * smallest f. Images share nothing but the kernels: draws come from each image's own generator.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DeltaBox } from './box';
import '../gradients';
import { assertFiniteAutoencoder, autoencoderTarget, type AttackedAutoencoder } from './autoencoder-target';
import { checkIteration, resultProblem, verdict } from './checks';
import { emptyStats, foldIterate, marginFailure } from './failure';
import type { AttackOptions } from './options';
import { globalIteration, initialSearch, nextSearch } from './schedule';
import { checkBatch, imageRng, keepWhere, selectPerImage } from './batch-images';

export interface L2UaeBatchItem {
  success: boolean;
  /** Null on success; else why (marginFailure over the search, or a returned x′ that failed its check). */
  failureReason: string | null;
  adversarial: Float32Array;
  f: number;
  l2: number;
}

export async function attackL2UaeBatch(
  ae: AttackedAutoencoder,
  images: Float32Array,
  ids: readonly number[],
  opts: AttackOptions,
  hooks: { onIteration?: (done: number, total: number) => void | Promise<void>; signal?: AbortSignal } = {},
): Promise<{ items: L2UaeBatchItem[]; cancelled: boolean }> {
  const [h, w, ch] = ae.inputShape;
  const n = ids.length;
  const size = checkBatch(ae, images, n);
  await assertFiniteAutoencoder(ae, images);
  const rngs = ids.map((id) => imageRng(opts.seed, id));
  const x = tf.tensor4d(images, [n, h, w, ch]);
  const target = autoencoderTarget(ae, x);
  const box = new DeltaBox(x, opts.eps);
  const project = (d: tf.Tensor) => box.project(d);
  let best = tf.zerosLike(x);
  let closest = tf.zerosLike(x);
  const bestL2 = new Float64Array(n).fill(Infinity);
  const closestF = new Float64Array(n).fill(Infinity);
  const searches = ids.map(() => initialSearch(opts.c0));
  const stats = ids.map(() => emptyStats());
  let stepsRun = 0;
  const total = opts.searchSteps * opts.iters;
  let cancelled = false;

  try {
    outer: for (let s = 0; s < opts.searchSteps; s++) {
      stepsRun = s + 1;
      const init = new Float32Array(n * size);
      rngs.forEach((r, b) =>
        r.fork(`search-${s}`).fillUniform(init.subarray(b * size, (b + 1) * size), -opts.eps, opts.eps),
      );
      let delta = tf.tidy(() => project(tf.tensor4d(init, x.shape)));
      const cT = tf.tensor1d(searches.map((q) => q.c));
      const grad = tf.grad((d: tf.Tensor) =>
        tf.add(
          tf.sum(tf.square(d)),
          tf.sum(tf.mul(cT, tf.relu(target.criterion(tf.add(x, d) as tf.Tensor4D)))),
        ),
      );
      const succeeded = new Array<boolean>(n).fill(false);
      try {
        for (let t = 1; t <= opts.iters; t++) {
          if (hooks.signal?.aborted) {
            cancelled = true;
            break outer;
          }
          const next = tf.tidy(() => project(tf.sub(delta, tf.mul(grad(delta), opts.alpha))));
          delta.dispose();
          delta = next;
          const packed = tf.tidy(() =>
            tf.concat([
              target.criterion(tf.add(x, delta) as tf.Tensor4D),
              tf.sqrt(tf.sum(tf.square(tf.reshape(delta, [n, -1])), 1)),
            ]),
          );
          const v = await packed.data();
          packed.dispose();
          const takeBest = new Float32Array(n);
          const takeClosest = new Float32Array(n);
          for (let b = 0; b < n; b++) {
            const f = v[b]!;
            const l2 = v[n + b]!;
            const at = { t, searchStep: s, itersPerStep: opts.iters, image: ids[b] };
            checkIteration({ f, c: searches[b]!.c, delta: l2 }, at);
            foldIterate(stats[b]!, f, NaN, globalIteration(s, opts.iters, t));
            if (f <= 0) {
              succeeded[b] = true;
              if (l2 < bestL2[b]!) {
                bestL2[b] = l2;
                takeBest[b] = 1;
              }
            }
            if (f < closestF[b]!) {
              closestF[b] = f;
              takeClosest[b] = 1;
            }
          }
          best = keepWhere(best, delta, takeBest);
          closest = keepWhere(closest, delta, takeClosest);
          await hooks.onIteration?.(globalIteration(s, opts.iters, t), total);
        }
      } finally {
        delta.dispose();
        cT.dispose();
      }
      searches.forEach((q, b) => (searches[b] = nextSearch(q, succeeded[b]!)));
    }
    const ok = Array.from(bestL2, (l) => Number.isFinite(l));
    const packed = tf.tidy(() => {
      const adv = tf.add(
        x,
        selectPerImage(ok, (o) => o, best, closest),
      ) as tf.Tensor4D;
      return tf.concat([
        target.criterion(adv),
        tf.sqrt(tf.sum(tf.square(tf.reshape(tf.sub(adv, x), [n, -1])), 1)),
        tf.reshape(adv, [-1]),
      ]);
    });
    const out = (await packed.data()) as Float32Array;
    packed.dispose();
    return {
      items: ids.map((_, b) => {
        const adversarial = out.slice(2 * n + b * size, 2 * n + (b + 1) * size);
        const problem = resultProblem(images.subarray(b * size, (b + 1) * size), adversarial, opts.eps);
        const search = { steps: stepsRun, firstC: opts.c0, lastC: searches[b]!.c };
        const v = verdict(ok[b]!, problem, () =>
          marginFailure(stats[b]!, { iters: opts.iters, search, cancelled }),
        );
        return { ...v, f: out[b]!, l2: out[n + b]!, adversarial };
      }),
      cancelled,
    };
  } finally {
    target.dispose();
    box.dispose();
    tf.dispose([x, best, closest]);
  }
}
