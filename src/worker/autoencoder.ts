/** The shipped autoencoders, loaded on first use from the app's own origin and kept per worker. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  disposeAttackedAutoencoder,
  reconstruct,
  wrapAutoencoder,
  type AttackedAutoencoder,
} from '../core/attacks/autoencoder-target';
import type { AutoencoderKind, ImageView } from './protocol';

export function autoencoderUrl(name: AutoencoderKind): string {
  return new URL(`${import.meta.env.BASE_URL}models/${name}-ae/model.json`, self.location.origin).href;
}

const cache = new Map<AutoencoderKind, Promise<AttackedAutoencoder>>();

/** Loads (once) and wraps the autoencoder; a failed load is not cached, so a retry tries again. */
export function loadAutoencoder(name: AutoencoderKind): Promise<AttackedAutoencoder> {
  let loading = cache.get(name);
  if (loading === undefined) {
    loading = tfl.loadLayersModel(autoencoderUrl(name)).then(
      (model) => wrapAutoencoder(model),
      (e: unknown) => {
        cache.delete(name);
        const why = e instanceof Error ? e.message : String(e);
        throw new Error(`the ${name} autoencoder (models/${name}-ae/model.json) could not be loaded: ${why}`);
      },
    );
    cache.set(name, loading);
  }
  return loading;
}

/** Drops every loaded autoencoder (after a backend switch their weights live on the old backend). */
export async function forgetAutoencoders(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const p of all) {
    try {
      const ae = await p;
      disposeAttackedAutoencoder(ae);
      ae.model.dispose();
    } catch {
      // A failed load holds nothing; a failed backend may not free memory.
    }
  }
}

/**
 * What the autoencoder makes of `pixels`: AE(pixels), and ‖x − AE(pixels)‖² against the clean x.
 * Probabilities and maps stay empty (the unsupervised views show reconstructions instead).
 */
export async function reconstructionView(
  ae: AttackedAutoencoder,
  x: Float32Array,
  pixels: Float32Array,
): Promise<ImageView> {
  const [h, w, c] = ae.inputShape;
  const recon = tf.tidy(() => reconstruct(ae, tf.tensor4d(pixels, [1, h, w, c])));
  try {
    const values = Float32Array.from(await recon.data());
    let err = 0;
    for (let i = 0; i < values.length; i++) err += (x[i]! - values[i]!) ** 2;
    return {
      probs: new Float32Array(0),
      maps: new Float32Array(0),
      k: 0,
      mapH: 0,
      mapW: 0,
      recon: values,
      reconError: err,
    };
  } finally {
    recon.dispose();
  }
}
