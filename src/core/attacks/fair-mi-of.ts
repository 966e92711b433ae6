/**
 * The fair MI (mine/fair-mi.ts) of an example an attack returned: the samples come from the attacked
 * model, as during the attack (the classifier's first conv, or the autoencoder's first conv / random
 * projections), and the critic preset is the run's.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CriticPreset } from '../mine/critic';
import { fairMi, type FairMi, type FairMiSettings, type MiSamples } from '../mine/fair-mi';
import type { AttackedClassifier } from '../models/attacked-classifier';
import {
  bankProjectionSamples,
  drawBankRows,
  projectionBank,
  RP_DIM,
  RP_SAMPLES,
} from '../mine/random-projection';
import { convSamples } from '../models/first-conv';
import type { Rng } from '../rng';
import type { AttackedAutoencoder } from './autoencoder-target';
import { uaeSampleShape } from './uae-samples';
import type { AttackOptions } from './options';
import { marginSpec, sampleTensor, type SupervisedSample } from './supervised';
import { supervisedTarget } from './target';

async function measure(
  target: MiSamples,
  x: tf.Tensor4D,
  adversarial: Float32Array,
  critic: CriticPreset,
  settings: FairMiSettings,
  seed: number,
  signal?: AbortSignal,
): Promise<FairMi> {
  const adv = tf.tensor4d(adversarial, x.shape);
  try {
    return await fairMi(target, x, adv, critic, settings, seed, signal);
  } finally {
    adv.dispose();
  }
}

/** Fair MI of a supervised attack's x′ for `sample`, under the run's critic and seed. */
export async function classifierFairMi(
  clf: AttackedClassifier,
  sample: SupervisedSample,
  adversarial: Float32Array,
  opts: Pick<AttackOptions, 'critic' | 'seed' | 'target' | 'kappa'>,
  settings: FairMiSettings,
  signal?: AbortSignal,
): Promise<FairMi> {
  const x = sampleTensor(clf, sample);
  try {
    const target = supervisedTarget(clf, marginSpec(opts as AttackOptions, sample.label));
    return await measure(target, x, adversarial, opts.critic, settings, opts.seed, signal);
  } finally {
    x.dispose();
  }
}

/** Fair MI of an unsupervised example x′ of clean image `image` (H·W·C values) for autoencoder `ae`. */
export async function autoencoderFairMi(
  ae: AttackedAutoencoder,
  image: Float32Array,
  adversarial: Float32Array,
  critic: CriticPreset,
  settings: FairMiSettings,
  seed: number,
  signal?: AbortSignal,
): Promise<FairMi> {
  const x = tf.tensor4d(image, [1, ...ae.inputShape]);
  try {
    return await measure(autoencoderSamples(ae, seed), x, adversarial, critic, settings, seed, signal);
  } finally {
    x.dispose();
  }
}

/**
 * The MINE samples of one pair for an autoencoder, as MINE-UAE draws them (uae-samples.ts): its
 * first-conv maps, or K random projections redrawn per evaluation from a bank seeded by `seed`
 * (a bank of the measurement's own, not the attack's).
 */
function autoencoderSamples(ae: AttackedAutoencoder, seed: number): MiSamples {
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
