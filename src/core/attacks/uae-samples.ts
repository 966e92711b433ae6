/**
 * The MINE samples of MINE-UAE for B pairs (x_b, x′_b) (docs/ALGORITHM.md §1): the autoencoder's
 * first-conv maps when it has a convolution (K = its channels), else K = 500 random projections of
 * 128 dimensions. Each image draws from its own generators: its critic's for the shuffle of the
 * marginal pairs (as MineEstimator draws it), its sample generator for the projection rows. So what
 * image b sees does not depend on the other images of its batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BatchedCritic, PreparedSamples } from '../mine/batched-critic';
import type { SampleShape } from '../mine/critic';
import type { MiSamples } from '../mine/fair-mi';
import {
  bankProjectionSamples,
  drawBankRows,
  projectionBank,
  RP_DIM,
  RP_SAMPLES,
} from '../mine/random-projection';
import { convSamples, convSamplesBatch } from '../models/first-conv';
import type { Rng } from '../rng';
import type { AttackedAutoencoder } from './autoencoder-target';

/** One evaluation's samples: x's and x′'s, and per image a shuffle as flat rows b·K + π_b(k). */
export interface DrawnSamples {
  zx: tf.Tensor;
  zy: tf.Tensor;
  perm: tf.Tensor1D;
}

/** What a critic of this autoencoder's MINE takes as one sample. */
export function uaeSampleShape(ae: AttackedAutoencoder): SampleShape {
  return ae.conv1
    ? { kind: 'maps', height: ae.conv1.outH, width: ae.conv1.outW }
    : { kind: 'vectors', dim: RP_DIM };
}

export class UaeSamples {
  /** Samples per image. */
  readonly k: number;
  private readonly bank: Float32Array | null;
  /** Conv mode: x's maps are fixed for the whole attack, so their θ-free part is prepared once. */
  private readonly clean: PreparedSamples | null;
  /** The first image's latest shuffle π (its sample k met x′'s sample π(k)), shown by the app. */
  lastShuffle: Int32Array | null = null;

  constructor(
    private readonly ae: AttackedAutoencoder,
    private readonly x: tf.Tensor4D,
    private readonly critic: BatchedCritic,
    private readonly mineRngs: readonly Rng[],
    private readonly sampleRngs: readonly Rng[],
    seed: number,
  ) {
    const conv1 = ae.conv1;
    this.k = conv1 ? conv1.channels : RP_SAMPLES;
    this.bank = conv1 ? null : projectionBank(seed);
    this.clean = conv1 ? tf.tidy(() => critic.prepare(convSamplesBatch(conv1, x))) : null;
  }

  /** A fresh shuffle of each image's K samples. */
  private shuffle(): tf.Tensor1D {
    const k = this.k;
    const perm = new Int32Array(this.mineRngs.length * k);
    this.mineRngs.forEach((r, b) => {
      const p = r.permutation(k);
      if (b === 0) this.lastShuffle = p;
      for (let i = 0; i < k; i++) perm[b * k + i] = b * k + p[i]!;
    });
    return tf.tensor1d(perm, 'int32');
  }

  /** One evaluation's samples of (x, x′), differentiable in x′: a fresh shuffle and, for random
   *  projections, fresh bank rows. */
  draw(xAdv: tf.Tensor4D): DrawnSamples {
    const perm = this.shuffle();
    const conv1 = this.ae.conv1;
    if (conv1) return { zx: convSamplesBatch(conv1, this.x), zy: convSamplesBatch(conv1, xAdv), perm };
    const k = this.k;
    const rows = new Int32Array(this.sampleRngs.length * 2 * k);
    this.sampleRngs.forEach((r, b) => drawBankRows(r, k, rows, b * 2 * k));
    const s = bankProjectionSamples(this.bank!, RP_DIM, this.x, xAdv, rows, k);
    return { zx: s.x, zy: s.y, perm };
  }

  /**
   * The samples of the MINE steps at one x′, the same draws as `draw` makes; in conv mode x′'s maps
   * are prepared once for all the steps. `owned`: what the caller disposes after the step.
   */
  forSteps(xAdv: tf.Tensor4D): {
    next(): { zx: PreparedSamples; zy: PreparedSamples; perm: tf.Tensor1D; owned: tf.Tensor[] };
    dispose(): void;
  } {
    const conv1 = this.ae.conv1;
    const clean = this.clean;
    const held = conv1 ? tf.tidy(() => this.critic.prepare(convSamplesBatch(conv1, xAdv))) : null;
    return {
      next: () => {
        if (clean && held) {
          const perm = this.shuffle();
          return { zx: clean, zy: held, perm, owned: [perm] };
        }
        const d = this.draw(xAdv);
        const zx = this.critic.prepare(d.zx);
        const zy = this.critic.prepare(d.zy);
        tf.dispose([d.zx, d.zy]);
        return { zx, zy, perm: d.perm, owned: [d.perm, zx.cols, zy.cols] };
      },
      dispose: () => held?.cols.dispose(),
    };
  }

  dispose(): void {
    this.clean?.cols.dispose();
  }
}

/**
 * The MINE samples of one pair for an autoencoder, drawn as MINE-UAE draws them (for the fair MI,
 * fair-mi-of.ts): its first-conv maps, or K random projections redrawn per evaluation from a bank
 * seeded by `seed` (a bank of the measurement's own, not the attack's).
 */
export function autoencoderSamples(ae: AttackedAutoencoder, seed: number): MiSamples {
  const conv1 = ae.conv1;
  let bank: Float32Array | null = null;
  return {
    sampleShape: uaeSampleShape(ae),
    samples: (x: tf.Tensor4D, xAdv: tf.Tensor4D, rng: Rng) => {
      if (conv1) return { x: convSamples(conv1, x), y: convSamples(conv1, xAdv) };
      bank ??= projectionBank((seed ^ 0x5fa1) >>> 0);
      const rows = drawBankRows(rng, RP_SAMPLES, new Int32Array(2 * RP_SAMPLES));
      return tf.tidy(() => {
        const s = bankProjectionSamples(bank!, RP_DIM, x, xAdv, rows, RP_SAMPLES);
        return { x: tf.reshape(s.x, [RP_SAMPLES, RP_DIM]), y: tf.reshape(s.y, [RP_SAMPLES, RP_DIM]) };
      });
    },
  };
}
