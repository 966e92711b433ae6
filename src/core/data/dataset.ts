// A labelled set of uint8 grey images, as every loader here returns it, and the helpers that turn
// parts of it into model inputs.

export interface ImageSet {
  /** count·rows·cols bytes, image after image, row-major, 0..255. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

/** Images `indices` of `images` (pixelsPerImage bytes each) as floats in [0, 1], batch-major. */
export function toFloatBatch(
  images: Uint8Array,
  indices: ArrayLike<number>,
  pixelsPerImage = 784,
): Float32Array {
  const out = new Float32Array(indices.length * pixelsPerImage);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    const from = index * pixelsPerImage;
    if (!Number.isInteger(index) || index < 0 || from + pixelsPerImage > images.length) {
      throw new Error(`toFloatBatch: image index ${index} is out of range`);
    }
    const to = i * pixelsPerImage;
    for (let p = 0; p < pixelsPerImage; p++) out[to + p] = images[from + p]! / 255;
  }
  return out;
}

/** Labels `indices` as a one-hot float matrix [indices.length, classes]. */
export function toOneHot(labels: Uint8Array, indices: ArrayLike<number>, classes = 10): Float32Array {
  const out = new Float32Array(indices.length * classes);
  for (let i = 0; i < indices.length; i++) {
    const label = labels[indices[i]!];
    if (label === undefined || label >= classes)
      throw new Error(`toOneHot: no label ${String(label)} at index ${indices[i]!}`);
    out[i * classes + label] = 1;
  }
  return out;
}

/** 0..n−1 in a seeded random order (Fisher–Yates over mulberry32): reproducible, unlike tf.util.shuffle. */
export function seededPermutation(n: number, seed: number): Uint32Array {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}
