/**
 * The unsupervised target (docs/ALGORITHM.md §5): an autoencoder AE and its clean input x.
 *   f(x′) = ‖x − AE(x′)‖² − ‖x − AE(x)‖²  (sums over pixels; the reference is the CLEAN x),
 * so f ≤ 0 means AE still reconstructs x from x′ at least as well as from x itself. MINE-UAE's MI
 * term flips sign (the UAE is the x′ least similar to x); its samples are the AE's first-conv maps
 * when it has a convolution, random projections otherwise (uae-samples.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { assertFiniteOutputs } from '../models/attacked-classifier';
import { disposeFirstConv, findFirstConv, type FirstConv } from '../models/first-conv';
import type { AttackTarget } from './target';

export interface AttackedAutoencoder {
  model: tfl.LayersModel;
  /** Its first convolution, or null: then MINE uses random projections. */
  conv1: FirstConv | null;
  inputShape: [number, number, number];
  /** The model takes flat [batch, H·W·C] vectors (dense AEs) rather than images. */
  flat: boolean;
}

export function wrapAutoencoder(
  model: tfl.LayersModel,
  imageShape: [number, number, number] = [28, 28, 1],
): AttackedAutoencoder {
  const inShape = model.inputs[0]?.shape ?? [];
  const size = imageShape[0] * imageShape[1] * imageShape[2];
  const flat = inShape.length === 2;
  if (flat ? inShape[1] !== size : inShape.slice(1).join() !== imageShape.join()) {
    throw new Error(
      `autoencoder input ${JSON.stringify(inShape)} does not take ${imageShape.join('×')} images`,
    );
  }
  const outShape = model.outputs[0]?.shape ?? [];
  if (outShape.slice(1).reduce((a: number, b) => a * (b ?? NaN), 1) !== size) {
    throw new Error(`autoencoder output ${JSON.stringify(outShape)} is not a ${imageShape.join('×')} image`);
  }
  const hasConv = model.layers.some((l) => l.getClassName() === 'Conv2D');
  return { model, conv1: hasConv ? findFirstConv(model) : null, inputShape: imageShape, flat };
}

/** Refuses (KindedError 'invalid-input') an autoencoder whose reconstructions of the probe are not finite. */
export function assertFiniteAutoencoder(
  ae: AttackedAutoencoder,
  images: Float32Array,
  what = 'the autoencoder',
): Promise<void> {
  return assertFiniteOutputs(what, ae.model, images, ae.inputShape, ae.flat);
}

/** Releases what wrapAutoencoder made (its copy of the first conv's weights); the model stays. */
export function disposeAttackedAutoencoder(ae: AttackedAutoencoder): void {
  if (ae.conv1) disposeFirstConv(ae.conv1);
}

/** AE(x) as an image batch [B, H, W, C]. */
export function reconstruct(ae: AttackedAutoencoder, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const input = ae.flat ? tf.reshape(x, [x.shape[0], -1]) : x;
    return tf.reshape(ae.model.apply(input, { training: false }) as tf.Tensor, x.shape) as tf.Tensor4D;
  });
}

/** ‖x − AE(x′)‖² summed over pixels, per batch item. */
export function reconstructionError(ae: AttackedAutoencoder, x: tf.Tensor4D, xAdv: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(tf.sub(x, reconstruct(ae, xAdv))), [1, 2, 3]) as tf.Tensor1D);
}

/** What the UAEs attack: f and the reconstruction error of x′, for clean images x [B, H, W, C]. */
export interface AutoencoderCriterion extends Pick<AttackTarget, 'criterion' | 'readout'> {
  dispose(): void;
}

/**
 * The criterion for clean images x (kept by the caller; ‖x − AE(x)‖² is computed once here), per
 * image. The MINE samples of MINE-UAE are drawn in uae-samples.ts.
 */
export function autoencoderTarget(ae: AttackedAutoencoder, x: tf.Tensor4D): AutoencoderCriterion {
  const clean = tf.keep(reconstructionError(ae, x, x));
  return {
    criterion: (xAdv) => tf.tidy(() => tf.sub(reconstructionError(ae, x, xAdv), clean) as tf.Tensor1D),
    readout: (xAdv) => reconstructionError(ae, x, xAdv),
    dispose: () => {
      clean.dispose();
    },
  };
}
