/**
 * Running MINE-UAE: its defaults, one image stepped one iteration at a time (UaeRun: the CLI, the
 * app), and many images to the end (attackUaeBatch: `augment`, the experiment panel). The attack
 * itself (docs/ALGORITHM.md §5: min_δ max_c c·f⁺(x+δ) + I_θ(x, x+δ), success f ≤ 0 with I > 0, the
 * smallest positive I kept, else the iterate of smallest f flagged as a failure) is written once, in
 * uae-batch.ts. Authors' driver: T = 40, ε = 1.0, 20 MINE steps per iteration.
 */
import * as tf from '@tensorflow/tfjs-core';
import { reconstructionError, type AttackedAutoencoder } from './autoencoder-target';
import { attackToEnd } from './run-to-end';
import type { StepPart } from '../vocabulary';
import type { PhaseListener } from './phases';
import type { AttackOptions } from './options';
import type { ResumeState } from './resume';
import type { IterationRecord, ReturnedExample } from './trace';
import { assertFiniteAutoencoder } from './autoencoder-target';
import { checkBatch } from './batch-images';
import { UaeBatch, type UaeBatchResult } from './uae-batch';

// Kept in a module without tfjs, so that the app's URL defaults read the same values.
export { UAE_DEFAULTS, uaeCritic } from './uae-defaults';

export interface UaeResult extends ReturnedExample {
  /** The two reconstruction errors f compares: ‖x − AE(x)‖² and ‖x − AE(x′)‖². */
  reconClean: number;
  reconAdv: number;
}

/**
 * One image's MINE-UAE, stepped one iteration (or one player) at a time: the CLI's `attack --method
 * uae` and the app's run. It is the batched attack (uae-batch.ts) with a batch of one, so image
 * `imageId` of a batch gets exactly this run's trace.
 */
export class UaeRun {
  private readonly run: UaeBatch;
  /** The critic's latest shuffle of the marginal term, for display (SteppedRun). */
  readonly estimator: { readonly permutation: Int32Array | null };

  /** `resume`: continue another run's state (resume.ts); the MINE critic starts fresh. */
  constructor(
    ae: AttackedAutoencoder,
    x: Float32Array,
    opts: AttackOptions,
    resume?: ResumeState,
    imageId = 0,
  ) {
    const run = new UaeBatch(ae, x, [imageId], opts, resume, false);
    this.run = run;
    this.estimator = {
      get permutation() {
        return run.permutation;
      },
    };
  }

  get t(): number {
    return this.run.t;
  }

  get resumedFrom(): number {
    return this.run.resumedFrom;
  }

  get done(): boolean {
    return this.run.done;
  }

  /** Hears each phase of Algorithm 1 as a step reaches it (phases.ts). */
  set onPhase(listener: PhaseListener | null) {
    this.run.onPhase = listener;
  }

  async step(part: StepPart = 'both'): Promise<IterationRecord> {
    return (await this.run.step(part))[0]!;
  }

  async result(cancelled = false): Promise<UaeResult> {
    const r = await this.run.result(cancelled);
    return { ...r.items[0]!, itersRun: r.itersRun, msPerIter: r.msPerIter, cancelled: r.cancelled };
  }

  dispose(): void {
    this.run.dispose();
  }
}

/** What a UAE-style result measures on the returned x′ (already in the box). */
export async function measureUae(
  ae: AttackedAutoencoder,
  x: tf.Tensor4D,
  adv: tf.Tensor4D,
): Promise<Pick<UaeResult, 'reconClean' | 'reconAdv' | 'f' | 'linf' | 'l2' | 'delta' | 'adversarial'>> {
  const packed = tf.tidy(() => {
    const diff = tf.sub(adv, x);
    return tf.concat([
      reconstructionError(ae, x, x),
      reconstructionError(ae, x, adv),
      tf.reshape(tf.max(tf.abs(diff)), [1]),
      tf.reshape(tf.sqrt(tf.sum(tf.square(diff))), [1]),
      tf.reshape(diff, [-1]),
      tf.reshape(adv, [-1]),
    ]);
  });
  const v = (await packed.data()) as Float32Array;
  packed.dispose();
  const n = x.size;
  return {
    reconClean: v[0]!,
    reconAdv: v[1]!,
    f: v[1]! - v[0]!,
    linf: v[2]!,
    l2: v[3]!,
    delta: v.slice(4, 4 + n),
    adversarial: v.slice(4 + n, 4 + 2 * n),
  };
}

export const attackUae = attackToEnd(
  (ae: AttackedAutoencoder, x: Float32Array, opts) => new UaeRun(ae, x, opts),
);

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

/** MINE-UAEs for B images (image i of `images` has id ids[i]), run to the end or to a cancel. */
export async function attackUaeBatch(
  ae: AttackedAutoencoder,
  images: Float32Array,
  ids: readonly number[],
  opts: AttackOptions,
  hooks: { onIteration?: (p: UaeBatchProgress) => void | Promise<void>; signal?: AbortSignal } = {},
): Promise<UaeBatchResult> {
  checkBatch(ae, images, ids.length);
  await assertFiniteAutoencoder(ae, images);
  const run = new UaeBatch(ae, images, ids, opts);
  try {
    const succeeded = new Set<number>();
    while (!run.done) {
      if (hooks.signal?.aborted) return await run.result(true);
      const recs = await run.step();
      for (const [b, r] of recs.entries()) if (r.success) succeeded.add(b);
      await hooks.onIteration?.({
        t: run.t,
        iters: opts.iters,
        succeeded: succeeded.size,
        meanMi: recs.reduce((s, r) => s + r.mi, 0) / recs.length,
        f: Float32Array.from(recs, (r) => r.f),
        mi: Float32Array.from(recs, (r) => r.mi),
      });
    }
    return await run.result();
  } finally {
    run.dispose();
  }
}
