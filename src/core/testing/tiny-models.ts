/** The attack tests' fixture: the seeded tiny classifier and conv autoencoder, on wasm. */
import { beforeAll } from 'vitest';
import { initBackend } from '../backend';
import { wrapAutoencoder, type AttackedAutoencoder } from '../attacks/autoencoder-target';
import { wrapClassifier, type AttackedClassifier } from '../models/attacked-classifier';
import { tinyClassifier } from './tiny-classifier';
import { tinyConvAutoencoder } from './tiny-autoencoders';

/** At a test file's top level (it registers a beforeAll): the models are set (and the backend started) before its tests. */
export function tinyModels(): { clf: AttackedClassifier; ae: AttackedAutoencoder } {
  const models = {} as { clf: AttackedClassifier; ae: AttackedAutoencoder };
  beforeAll(async () => {
    await initBackend('wasm');
    models.clf = wrapClassifier(tinyClassifier());
    models.ae = wrapAutoencoder(tinyConvAutoencoder());
  });
  return models;
}
