/**
 * Turns any RGBA picture into an MNIST-like digit: grey, white ink on black, the ink's bounding box
 * scaled to fit 20×20 and its centre of mass moved to the centre of a 28×28 frame (how MNIST itself
 * was made). Pure, so drawing and uploads share it and it can be tested without a browser.
 */
import { IMAGE_SIZE } from '../worker/protocol';
import type { HeaderReading } from './image-header';

export type MnistResult =
  { readonly ok: true; readonly pixels: Float32Array } | { readonly ok: false; readonly error: string };

const BOX = 20;

export function toMnist(rgba: ArrayLike<number>, width: number, height: number): MnistResult {
  if (width < 1 || height < 1 || rgba.length !== width * height * 4)
    return { ok: false, error: 'the image has no pixels' };
  const g = new Float32Array(width * height);
  let mean = 0;
  for (let i = 0; i < g.length; i++) {
    const a = rgba[4 * i + 3]! / 255;
    // Transparent pixels count as background (white paper) so PNGs with alpha read as drawn.
    const lum = (0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!) / 255;
    g[i] = a * lum + (1 - a);
    mean += g[i]!;
  }
  mean /= g.length;
  // Dark ink on light paper is the usual photo or scan; MNIST is light ink on black.
  if (mean > 0.5) for (let i = 0; i < g.length; i++) g[i] = 1 - g[i]!;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of g) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo < 0.1)
    return { ok: false, error: 'the image is blank: no digit stands out from the background' };
  for (let i = 0; i < g.length; i++) g[i] = Math.max(0, (g[i]! - lo) / (hi - lo) - 0.15) / 0.85;

  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (g[y * width + x]! > 0.1) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return { ok: false, error: 'the image is blank: no digit stands out from the background' };
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  const sw = Math.max(1, Math.round(bw * scale));
  const sh = Math.max(1, Math.round(bh * scale));

  // Box-filter resample of the bounding box to sw×sh.
  const small = new Float32Array(sw * sh);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const sx0 = x0 + (x * bw) / sw;
      const sx1 = x0 + ((x + 1) * bw) / sw;
      const sy0 = y0 + (y * bh) / sh;
      const sy1 = y0 + ((y + 1) * bh) / sh;
      let sum = 0;
      let n = 0;
      for (let yy = Math.floor(sy0); yy < Math.max(Math.ceil(sy1), Math.floor(sy0) + 1); yy++) {
        for (let xx = Math.floor(sx0); xx < Math.max(Math.ceil(sx1), Math.floor(sx0) + 1); xx++) {
          sum += g[Math.min(height - 1, yy) * width + Math.min(width - 1, xx)]!;
          n++;
        }
      }
      small[y * sw + x] = sum / n;
    }
  }
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const v = small[y * sw + x]!;
      mass += v;
      cx += v * x;
      cy += v * y;
    }
  }
  const ox = Math.round(IMAGE_SIZE / 2 - (mass > 0 ? cx / mass : sw / 2) - 0.5);
  const oy = Math.round(IMAGE_SIZE / 2 - (mass > 0 ? cy / mass : sh / 2) - 0.5);
  const out = new Float32Array(IMAGE_SIZE * IMAGE_SIZE);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && tx < IMAGE_SIZE && ty >= 0 && ty < IMAGE_SIZE)
        out[ty * IMAGE_SIZE + tx] = Math.min(1, Math.max(0, small[y * sw + x]!));
    }
  }
  return { ok: true, pixels: out };
}

/** Limits for uploads: anything larger is refused before it is decoded (the side by the file's header). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_SIDE = 4096;

export function checkUpload(file: {
  readonly type: string;
  readonly size: number;
  readonly name: string;
}): string | null {
  if (!file.type.startsWith('image/'))
    return `${file.name} is not an image (type ${file.type === '' ? 'unknown' : file.type}).`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_UPLOAD_BYTES)
    return `${file.name} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;
  return null;
}

/**
 * Why a file whose header was read cannot be used (null: decode it). A format the header reader
 * does not know goes to the decoder, which checks the side again after decoding.
 */
export function checkHeader(name: string, header: HeaderReading): string | null {
  switch (header.kind) {
    case 'unknown':
      return null;
    case 'truncated':
      return `${name} ends inside its ${header.format} header.`;
    case 'damaged':
      return `${name} is not a readable ${header.format} file: ${header.reason}.`;
    case 'size':
      return header.width > MAX_UPLOAD_SIDE || header.height > MAX_UPLOAD_SIDE
        ? `${name} is ${header.width}×${header.height} pixels; the limit is ${MAX_UPLOAD_SIDE} pixels per side.`
        : null;
  }
}
