/**
 * The fair MI (mine/fair-mi.ts) of an example an attack returned: the samples come from the attacked
 * model, as during the attack (the classifier's first conv, or the autoencoder's first conv / random
 * projections), and the critic preset is the run's.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CriticPreset } from '../mine/critic';
import { fairMi, type FairMi, type FairMiSettings } from '../mine/fair-mi';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { autoencoderTarget, type AttackedAutoencoder } from './autoencoder-target';
import type { AttackOptions } from './options';
import { marginSpec, sampleTensor, type SupervisedSample } from './supervised';
import { supervisedTarget, type AttackTarget } from './target';

async function measure(
  target: AttackTarget,
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
  // Random-projection mode draws from a bank seeded here: a seed of its own, not the attack's bank.
  const target = autoencoderTarget(ae, x, (seed ^ 0x5fa1) >>> 0);
  try {
    return await measure(target, x, adversarial, critic, settings, seed, signal);
  } finally {
    target.dispose();
    x.dispose();
  }
}
