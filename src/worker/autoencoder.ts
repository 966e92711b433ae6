/** The shipped autoencoders, loaded on first use from the app's own origin and kept per worker. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  disposeAttackedAutoencoder,
  reconstruct,
  wrapAutoencoder,
  type AttackedAutoencoder,
} from '../core/attacks/autoencoder-target';
import { convSamples } from '../core/models/first-conv';
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
 * What the autoencoder makes of `pixels`: AE(pixels), and ‖x − AE(pixels)‖² against the clean x; for
 * the conv AE also its first-conv maps (after ReLU) of `pixels`, its MINE samples. Probabilities stay
 * empty, and so do the maps of the dense AEs (their samples are random projections).
 */
export async function reconstructionView(
  ae: AttackedAutoencoder,
  x: Float32Array,
  pixels: Float32Array,
): Promise<ImageView> {
  const [h, w, c] = ae.inputShape;
  const conv1 = ae.conv1;
  const [recon, maps] = tf.tidy(() => {
    const image = tf.tensor4d(pixels, [1, h, w, c]);
    // [K, H', W', 1] is already map after map in memory.
    return [reconstruct(ae, image), conv1 === null ? undefined : convSamples(conv1, image)] as const;
  });
  try {
    const [values, mapValues] = await Promise.all([recon.data(), maps?.data()]);
    let err = 0;
    for (let i = 0; i < values.length; i++) err += (x[i]! - values[i]!) ** 2;
    return {
      probs: new Float32Array(0),
      maps: mapValues === undefined ? new Float32Array(0) : Float32Array.from(mapValues),
      k: conv1?.channels ?? 0,
      mapH: conv1?.outH ?? 0,
      mapW: conv1?.outW ?? 0,
      recon: Float32Array.from(values),
      reconError: err,
    };
  } finally {
    recon.dispose();
    maps?.dispose();
  }
}
