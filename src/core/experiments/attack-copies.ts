/**
 * The attacked copies of the augmentation experiment: one MINE-UAE or L2-UAE per training image.
 * Every image draws from its own generator (seed, image id), so the copies do not depend on how the
 * images are split into batches, or over threads (src/cli/parallel-copies.ts relies on this).
 */
import {
  disposeAttackedAutoencoder,
  wrapAutoencoder,
  type AttackedAutoencoder,
} from '../attacks/autoencoder-target';
import { attackL2UaeBatch } from '../attacks/l2-uae-batch';
import type { AttackOptions } from '../attacks/options';
import { attackUaeBatch } from '../attacks/uae';
import type { AutoencoderParts } from '../models/autoencoders';

export type AttackMethod = 'mine-uae' | 'l2-uae';

export interface CopyBatchResult {
  /** count × pixels, in the order of `ids`. */
  copies: Float32Array;
  successes: number;
  cancelled: boolean;
}

/** Consecutive batches of at most `size` covering images 0 … n−1, in order. */
export function batchRanges(n: number, size: number): { start: number; count: number }[] {
  const ranges: { start: number; count: number }[] = [];
  for (let start = 0; start < n; start += size) ranges.push({ start, count: Math.min(size, n - start) });
  return ranges;
}

/** One batch of images, ids[i] being image i's index in the training set. */
export async function attackCopyBatch(
  method: AttackMethod,
  ae: AttackedAutoencoder,
  images: Float32Array,
  ids: readonly number[],
  attack: AttackOptions,
  hooks: { onFraction?: (fraction: number) => void | Promise<void>; signal?: AbortSignal } = {},
): Promise<CopyBatchResult> {
  const size = images.length / ids.length;
  const r =
    method === 'mine-uae'
      ? await attackUaeBatch(ae, images, ids, attack, {
          signal: hooks.signal,
          onIteration: (p) => hooks.onFraction?.(p.t / p.iters),
        })
      : await attackL2UaeBatch(ae, images, ids, attack, {
          signal: hooks.signal,
          onIteration: (done, total) => hooks.onFraction?.(done / total),
        });
  const copies = new Float32Array(images.length);
  r.items.forEach((it, i) => {
    copies.set(it.adversarial, i * size);
  });
  return { copies, successes: r.items.filter((it) => it.success).length, cancelled: r.cancelled };
}

export interface CopyRequest {
  method: AttackMethod;
  /** The autoencoder under attack (the experiment's "Original"). */
  parts: AutoencoderParts;
  /** n images of `pixels` values each; image i has id i. */
  images: Float32Array;
  pixels: number;
  attack: AttackOptions;
  /** Images attacked together. */
  generateBatch: number;
  /** Images finished so far (fractional while a batch runs). */
  onProgress: (done: number) => void | Promise<void>;
  signal?: AbortSignal;
}

/** Makes the copies of all n images; the experiment takes any implementation (threads, workers). */
export type CopyAttacker = (req: CopyRequest) => Promise<CopyBatchResult>;

/** Batch after batch on the current tfjs backend. */
export const attackCopiesInProcess: CopyAttacker = async (req) => {
  const n = req.images.length / req.pixels;
  const copies = new Float32Array(req.images.length);
  let successes = 0;
  const ae = wrapAutoencoder(req.parts.model);
  try {
    for (const { start, count } of batchRanges(n, req.generateBatch)) {
      if (req.signal?.aborted) return { copies, successes, cancelled: true };
      const ids = Array.from({ length: count }, (_, i) => start + i);
      const r = await attackCopyBatch(
        req.method,
        ae,
        req.images.subarray(start * req.pixels, (start + count) * req.pixels),
        ids,
        req.attack,
        { signal: req.signal, onFraction: (fr) => req.onProgress(start + fr * count) },
      );
      if (r.cancelled) return { copies, successes, cancelled: true };
      copies.set(r.copies, start * req.pixels);
      successes += r.successes;
    }
    return { copies, successes, cancelled: false };
  } finally {
    disposeAttackedAutoencoder(ae);
  }
};
