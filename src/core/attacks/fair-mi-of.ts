/**
 * The fair MI (mine/fair-mi.ts) of an example an attack returned: the samples come from the attacked
 * model, as during the attack (the classifier's first conv, or the autoencoder's first conv / random
 * projections), and the critic preset is the run's.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CriticPreset } from '../mine/critic';
import { fairMi, type FairMi, type FairMiSettings, type MiSamples } from '../mine/fair-mi';
import type { AttackedClassifier } from '../models/attacked-classifier';
import type { AttackedAutoencoder } from './autoencoder-target';
import { autoencoderSamples } from './uae-samples';
import type { AttackOptions } from './options';
import { marginSpec, sampleTensor, type SupervisedSample } from './supervised';
import { supervisedTarget } from './target';

/** fairMi of (x, x′) with x′'s pixels given; disposes x. */
async function measure(
  target: MiSamples,
  x: tf.Tensor4D,
  adversarial: Float32Array,
  run: { critic: CriticPreset; seed: number },
  settings: FairMiSettings,
  signal?: AbortSignal,
): Promise<FairMi> {
  let adv: tf.Tensor4D | null = null;
  try {
    adv = tf.tensor4d(adversarial, x.shape);
    return await fairMi(target, x, adv, run.critic, settings, run.seed, signal);
  } finally {
    x.dispose();
    adv?.dispose();
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
  const target = supervisedTarget(clf, marginSpec(opts as AttackOptions, sample.label));
  const x = sampleTensor(clf, sample);
  return measure(target, x, adversarial, opts, settings, signal);
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
  return measure(autoencoderSamples(ae, seed), x, adversarial, { critic, seed }, settings, signal);
}
