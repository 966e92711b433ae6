/**
 * The unsupervised MinMax attack (UAE, ALGORITHM.md §5): min_δ max_c c·f⁺(x+δ) + I_θ(x, x+δ) on an
 * autoencoder criterion. Success is f⁺ = 0 with I > 0, and the successful iterate of SMALLEST
 * positive I is kept; with no success the iterate of smallest f⁺ comes back, flagged as a failure.
 * Authors' driver: T = 40, ε = 1.0, 20 MINE steps per iteration.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import { BestKeeper, bookedIterate } from './booking';
import { autoencoderTarget, reconstructionError, type AttackedAutoencoder } from './autoencoder-target';
import { MineDescent, type StepPart } from './mine-descent';
import type { AttackOptions } from './options';
import { nextC } from './schedule';
import type { AttackHooks } from './supervised';
import type { IterationRecord } from './trace';

export interface UaeResult {
  success: boolean;
  firstSuccessIter: number | null;
  /** Smallest positive I among successes, or null. */
  miBest: number | null;
  delta: Float32Array;
  adversarial: Float32Array;
  linf: number;
  l2: number;
  /** f at the returned iterate, and the two reconstruction errors it compares. */
  f: number;
  reconClean: number;
  reconAdv: number;
  itersRun: number;
  msPerIter: number;
  cancelled: boolean;
}

/** The authors' unsupervised settings on top of the general defaults. */
export const UAE_DEFAULTS: Partial<AttackOptions> = { iters: 40, eps: 1.0, mineSteps: 20 };

export class UaeRun {
  t = 0;
  criticSteps = 0;
  c: number;
  private readonly x: tf.Tensor4D;
  private readonly target: ReturnType<typeof autoencoderTarget>;
  private readonly descent: MineDescent;
  private readonly keeper = new BestKeeper((a, b) => a < b);
  private elapsedMs = 0;

  constructor(
    private readonly ae: AttackedAutoencoder,
    x: Float32Array,
    private readonly opts: AttackOptions,
  ) {
    const [h, w, ch] = ae.inputShape;
    if (x.length !== h * w * ch)
      throw new Error(`input has ${x.length} values, the autoencoder expects ${h}×${w}×${ch}`);
    this.x = tf.tensor4d(x, [1, h, w, ch]);
    this.target = autoencoderTarget(ae, this.x);
    this.c = opts.c0;
    this.descent = new MineDescent(this.target, this.x, opts, new Rng(opts.seed));
  }

  get done(): boolean {
    return this.t >= this.opts.iters;
  }

  async step(part: StepPart = 'both'): Promise<IterationRecord> {
    const start = performance.now();
    if (part === 'critic') this.criticSteps += 1;
    else this.t += 1;
    const m = await this.descent.step(this.c, part);
    const booked = bookedIterate(this.opts.semantics, m, this.descent.previousDelta!, this.descent.delta);
    if (part !== 'critic') {
      const fForC = this.opts.semantics === 'paper' ? m.fAfter : m.fBefore;
      this.c = nextC(this.c, this.t, this.opts.beta, Math.max(0, fForC));
    }
    const success = this.keeper.offer(booked, this.t, booked.f <= 0 && booked.mi > 0);
    const rec: IterationRecord = {
      t: this.t,
      part,
      searchStep: 0,
      c: this.c,
      f: booked.f,
      fPlus: Math.max(0, booked.f),
      mi: booked.mi,
      success,
      linf: booked.linf,
      l2: booked.l2,
      bestMi: this.keeper.best?.mi ?? null,
      predicted: NaN,
      reconAdv: booked.readout,
    };
    const every = this.opts.traceDeltaEvery;
    if (every > 0 && this.t % every === 0) rec.delta = await this.descent.effectiveDelta(booked.delta);
    this.elapsedMs += performance.now() - start;
    return rec;
  }

  async result(cancelled = false): Promise<UaeResult> {
    const chosen = this.keeper.chosen() ?? this.descent.delta;
    const packed = tf.tidy(() => {
      const adv = this.descent.adversarial(chosen);
      const diff = tf.sub(adv, this.x);
      return tf.concat([
        reconstructionError(this.ae, this.x, this.x),
        reconstructionError(this.ae, this.x, adv),
        tf.reshape(tf.max(tf.abs(diff)), [1]),
        tf.reshape(tf.sqrt(tf.sum(tf.square(diff))), [1]),
        tf.reshape(diff, [-1]),
        tf.reshape(adv, [-1]),
      ]);
    });
    const v = (await packed.data()) as Float32Array;
    packed.dispose();
    const n = this.x.size;
    return {
      success: this.keeper.best !== null,
      firstSuccessIter: this.keeper.firstSuccessIter,
      miBest: this.keeper.best?.mi ?? null,
      reconClean: v[0]!,
      reconAdv: v[1]!,
      f: v[1]! - v[0]!,
      linf: v[2]!,
      l2: v[3]!,
      delta: v.slice(4, 4 + n),
      adversarial: v.slice(4 + n, 4 + 2 * n),
      itersRun: this.t,
      msPerIter: this.t > 0 ? this.elapsedMs / this.t : 0,
      cancelled,
    };
  }

  dispose(): void {
    this.descent.dispose();
    this.keeper.dispose();
    this.target.dispose();
    this.x.dispose();
  }
}

export async function attackUae(
  ae: AttackedAutoencoder,
  x: Float32Array,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<UaeResult> {
  const run = new UaeRun(ae, x, opts);
  try {
    while (!run.done) {
      if (hooks.signal?.aborted) return await run.result(true);
      await hooks.onIteration?.(await run.step());
    }
    return await run.result();
  } finally {
    run.dispose();
  }
}
