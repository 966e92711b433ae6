/**
 * The four MNIST autoencoders of the paper (docs/ALGORITHM.md §7, recipes in NOTES.md), as tfjs layers
 * models over 28×28×1 images in [0, 1]. Dense ones take flat 784-vectors. Each comes with the parts
 * its training needs (the sparse penalty reads the hidden layer; the adversarial one has an encoder,
 * a decoder and a latent discriminator).
 */
import * as tfl from '@tensorflow/tfjs-layers';

import type { AutoencoderKind } from '../vocabulary';

export type { AutoencoderKind };

/** Shipped folder name under public/models/. */
export const AUTOENCODER_NAMES: Readonly<Record<AutoencoderKind, string>> = {
  sparse: 'sparse-ae',
  dense: 'dense-ae',
  conv: 'conv-ae',
  adversarial: 'adversarial-ae',
};

export interface AutoencoderParts {
  kind: AutoencoderKind;
  /** The model the attacks and the experiment use: x ↦ AE(x). */
  model: tfl.LayersModel;
  /** Sparse AE: the hidden layer whose mean activation the KL penalty reads. */
  hidden?: tfl.layers.Layer;
  /** Adversarial AE. */
  encoder?: tfl.LayersModel;
  discriminator?: tfl.LayersModel;
}

export const AAE_LATENT = 2;

function seeded(
  seed: number | undefined,
): () => ReturnType<typeof tfl.initializers.glorotUniform> | undefined {
  let next = seed;
  return () => (next === undefined ? undefined : tfl.initializers.glorotUniform({ seed: next++ }));
}

export function buildAutoencoder(kind: AutoencoderKind, seed?: number): AutoencoderParts {
  const init = seeded(seed);
  switch (kind) {
    case 'sparse':
    case 'dense': {
      const hidden = tfl.layers.dense({
        name: 'encoded',
        inputShape: [784],
        units: 128,
        activation: 'sigmoid',
        kernelInitializer: init(),
      });
      const model = tfl.sequential({
        name: `${kind}-ae`,
        layers: [
          hidden,
          tfl.layers.dense({ name: 'decoded', units: 784, activation: 'sigmoid', kernelInitializer: init() }),
        ],
      });
      return { kind, model, hidden };
    }
    case 'conv': {
      const conv = (filters: number, name: string, activation: 'relu' | 'sigmoid' = 'relu', first = false) =>
        tfl.layers.conv2d({
          name,
          filters,
          kernelSize: 5,
          padding: 'same',
          activation,
          kernelInitializer: init(),
          ...(first ? { inputShape: [28, 28, 1] } : {}),
        });
      const model = tfl.sequential({
        name: 'conv-ae',
        layers: [
          conv(16, 'conv1', 'relu', true),
          tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2, padding: 'same' }),
          conv(8, 'conv2'),
          tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2, padding: 'same' }),
          conv(8, 'conv3'),
          tfl.layers.upSampling2d({ name: 'up1', size: [2, 2] }),
          conv(16, 'conv4'),
          tfl.layers.upSampling2d({ name: 'up2', size: [2, 2] }),
          conv(1, 'decoded', 'sigmoid'),
        ],
      });
      return { kind, model };
    }
    case 'adversarial': {
      const dense = (units: number, activation: 'relu' | 'sigmoid', name: string, inputDim?: number) =>
        tfl.layers.dense({
          name,
          units,
          activation,
          kernelInitializer: init(),
          ...(inputDim ? { inputShape: [inputDim] } : {}),
        });
      const encoderLayers = [
        dense(1000, 'relu', 'enc1', 784),
        dense(1000, 'relu', 'enc2'),
        dense(AAE_LATENT, 'sigmoid', 'latent'),
      ];
      const decoderLayers = [
        dense(1000, 'relu', 'dec1'),
        dense(1000, 'relu', 'dec2'),
        dense(784, 'sigmoid', 'decoded'),
      ];
      const model = tfl.sequential({ name: 'adversarial-ae', layers: [...encoderLayers, ...decoderLayers] });
      const input = tfl.input({ shape: [784] });
      let z = input as tfl.SymbolicTensor;
      for (const l of encoderLayers) z = l.apply(z) as tfl.SymbolicTensor;
      const encoder = tfl.model({ name: 'aae-encoder', inputs: input, outputs: z });
      const discriminator = tfl.sequential({
        name: 'aae-discriminator',
        layers: [
          dense(1000, 'relu', 'disc1', AAE_LATENT),
          dense(1000, 'relu', 'disc2'),
          dense(1, 'sigmoid', 'real'),
        ],
      });
      return { kind, model, encoder, discriminator };
    }
  }
}

/** Disposes the model and, for the adversarial AE, its discriminator (the encoder shares the model's layers). */
export function disposeAutoencoder(parts: AutoencoderParts): void {
  parts.model.dispose();
  parts.discriminator?.dispose();
}

/** Whether the model takes flat 784-vectors (dense kinds) rather than 28×28×1 images. */
export function takesFlatInput(kind: AutoencoderKind): boolean {
  return kind !== 'conv';
}
