/**
 * The L2-UAE baseline (ALGORITHM.md §6): the UAE criterion with ‖δ‖²₂ in place of the MI term,
 * minimise ‖δ‖²₂ + c·f⁺, Carlini–Wagner style: a binary search on a fixed c, each step restarting
 * from the authors' δ0 ~ U(−ε, ε); the successful iterate (f ≤ 0) of smallest ‖δ‖₂ is kept.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { Rng } from '../rng';
import { autoencoderTarget, type AttackedAutoencoder } from './autoencoder-target';
import type { AttackOptions } from './options';
import { measureIterate } from './target';
import { initialSearch, nextSearch } from './schedule';
import type { AttackHooks } from './supervised';
import { measureUae, type UaeResult } from './uae';

export async function attackL2Uae(
  ae: AttackedAutoencoder,
  xValues: Float32Array,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<UaeResult> {
  const [h, w, ch] = ae.inputShape;
  const x = tf.tensor4d(xValues, [1, h, w, ch]);
  const target = autoencoderTarget(ae, x);
  const lo = tf.tidy(() => tf.maximum(tf.neg(x), -opts.eps));
  const hi = tf.tidy(() => tf.minimum(tf.sub(1, x), opts.eps));
  const project = (d: tf.Tensor) => tf.minimum(tf.maximum(d, lo), hi) as tf.Tensor4D;
  const root = new Rng(opts.seed);
  let best: { l2: number; delta: tf.Tensor4D; iter: number } | null = null;
  let closest: { f: number; delta: tf.Tensor4D } | null = null;
  let search = initialSearch(opts.c0);
  let total = 0;
  let elapsed = 0;
  let cancelled = false;
  let firstSuccessIter: number | null = null;
  try {
    outer: for (let s = 0; s < opts.searchSteps; s++) {
      const init = root.fork(`search-${s}`).fillUniform(new Float32Array(x.size), -opts.eps, opts.eps);
      let delta = tf.tidy(() => project(tf.tensor4d(init, x.shape)));
      let succeeded = false;
      const c = search.c;
      const grad = tf.grad((d: tf.Tensor) =>
        tf.add(
          tf.sum(tf.square(d)),
          tf.mul(c, tf.sum(tf.relu(target.criterion(tf.add(x, d) as tf.Tensor4D)))),
        ),
      );
      try {
        for (let t = 1; t <= opts.iters; t++) {
          if (hooks.signal?.aborted) {
            cancelled = true;
            break outer;
          }
          const start = performance.now();
          total += 1;
          const next = tf.tidy(() => project(tf.sub(delta, tf.mul(grad(delta), opts.alpha))));
          delta.dispose();
          delta = next;
          const packed = tf.tidy(() => measureIterate(target, x, tf.add(x, delta) as tf.Tensor4D));
          const v = await packed.data();
          packed.dispose();
          const [f, recon, linf, l2] = [v[0]!, v[1]!, v[2]!, v[3]!];
          const success = f <= 0;
          if (success) {
            succeeded = true;
            firstSuccessIter ??= total;
            if (best === null || l2 < best.l2) {
              best?.delta.dispose();
              best = { l2, delta: tf.keep(tf.clone(delta)), iter: total };
            }
          }
          if (closest === null || f < closest.f) {
            closest?.delta.dispose();
            closest = { f, delta: tf.keep(tf.clone(delta)) };
          }
          elapsed += performance.now() - start;
          await hooks.onIteration?.({
            t,
            part: 'both',
            searchStep: s,
            c,
            f,
            fPlus: Math.max(0, f),
            mi: NaN,
            success,
            linf,
            l2,
            bestMi: null,
            predicted: NaN,
            reconAdv: recon,
          });
        }
      } finally {
        delta.dispose();
      }
      search = nextSearch(search, succeeded);
    }
    const chosen = best?.delta ?? closest?.delta;
    if (!chosen) throw new Error('L2-UAE ran no iteration');
    const adv = tf.tidy(() => tf.add(x, chosen) as tf.Tensor4D);
    try {
      return {
        ...(await measureUae(ae, x, adv)),
        success: best !== null,
        firstSuccessIter,
        miBest: null,
        itersRun: total,
        msPerIter: total > 0 ? elapsed / total : 0,
        cancelled,
      };
    } finally {
      adv.dispose();
    }
  } finally {
    const held = [x, lo, hi] as tf.Tensor[];
    if (best) held.push((best as { delta: tf.Tensor4D }).delta);
    if (closest) held.push((closest as { delta: tf.Tensor4D }).delta);
    tf.dispose(held);
    target.dispose();
  }
}
