/**
 * A drawn or uploaded digit in a link: its 784 grey levels as bytes (0–255, the precision MNIST
 * itself has), written base64url (RFC 4648 §5, no padding) so the query needs no escaping: 1,046
 * characters, which every browser and server takes in a URL. The page quantises such images the same
 * way when they are chosen, so a run from the link attacks exactly the image the sender attacked.
 */
import { IMAGE_PIXELS } from '../worker/protocol';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE_OF = new Map(Array.from(ALPHABET, (ch, i) => [ch, i]));

/** Characters of one image: 4 per 3 bytes, the last partial group without padding. */
export const IMAGE_CODE_LENGTH = Math.ceil((IMAGE_PIXELS * 4) / 3);

/** The grey level of v ∈ [0, 1] as a byte (out-of-range and NaN values are clamped to ink or paper). */
function toByte(v: number): number {
  return Number.isNaN(v) ? 0 : Math.round(Math.min(1, Math.max(0, v)) * 255);
}

/** The pixels as the link will carry them: each rounded to the nearest of 256 grey levels. */
export function quantizePixels(pixels: ArrayLike<number>): Float32Array {
  return Float32Array.from({ length: pixels.length }, (_, i) => toByte(pixels[i]!) / 255);
}

export function encodePixels(pixels: ArrayLike<number>): string {
  if (pixels.length !== IMAGE_PIXELS)
    throw new Error(`an image has ${IMAGE_PIXELS} pixels, not ${pixels.length}`);
  let out = '';
  for (let i = 0; i < pixels.length; i += 3) {
    const n = pixels.length - i;
    const b0 = toByte(pixels[i]!);
    const b1 = n > 1 ? toByte(pixels[i + 1]!) : 0;
    const b2 = n > 2 ? toByte(pixels[i + 2]!) : 0;
    const bits = (b0 << 16) | (b1 << 8) | b2;
    out += ALPHABET[(bits >> 18) & 63]! + ALPHABET[(bits >> 12) & 63]!;
    if (n > 1) out += ALPHABET[(bits >> 6) & 63]!;
    if (n > 2) out += ALPHABET[bits & 63]!;
  }
  return out;
}

export type DecodedImage =
  { readonly ok: true; readonly pixels: Float32Array } | { readonly ok: false; readonly reason: string };

/** Reads an image code; anything but exactly what encodePixels writes is refused with the reason. */
export function decodePixels(code: string): DecodedImage {
  const bad = [...new Set(Array.from(code).filter((ch) => !VALUE_OF.has(ch)))];
  if (bad.length > 0) {
    const shown = bad
      .slice(0, 5)
      .map((ch) => (ch === ' ' ? 'space (a "+" before the link was decoded)' : `"${ch}"`));
    return {
      ok: false,
      reason: `has characters outside base64url (A–Z, a–z, 0–9, - and _): ${shown.join(', ')}${bad.length > 5 ? ', …' : ''}`,
    };
  }
  if (code.length !== IMAGE_CODE_LENGTH)
    return {
      ok: false,
      reason: `has ${code.length} characters; a 28×28 image has ${IMAGE_CODE_LENGTH} (cut short when the link was copied?)`,
    };
  const pixels = new Float32Array(IMAGE_PIXELS);
  for (let c = 0, p = 0; c < code.length; c += 4, p += 3) {
    const group = code.slice(c, c + 4);
    let bits = 0;
    for (let k = 0; k < 4; k++) bits = (bits << 6) | (k < group.length ? VALUE_OF.get(group[k]!)! : 0);
    const bytes = [(bits >> 16) & 255, (bits >> 8) & 255, bits & 255];
    for (let k = 0; k < 3 && p + k < IMAGE_PIXELS; k++) pixels[p + k] = bytes[k]! / 255;
    // A short last group carries length − 1 bytes; its spare bits must be zero, as encodePixels writes
    // them (another character there would be a second code for the same image: an altered link).
    if (bytes.slice(group.length - 1).some((b) => b !== 0))
      return { ok: false, reason: 'ends in a character that encodes no whole pixel (the link was altered)' };
  }
  return { ok: true, pixels };
}

export const LINK_IMAGE_SOURCES = ['drawn', 'upload'] as const;
export type LinkImageSource = (typeof LINK_IMAGE_SOURCES)[number];

/** A drawn or uploaded digit carried by a link, with the true label its sender gave it. */
export interface LinkImage {
  readonly source: LinkImageSource;
  readonly label: number;
  readonly pixels: Float32Array;
}

/** The query keys of a link image, in link order (the long code last, so the rest stays readable). */
export const IMAGE_KEYS = ['imgSource', 'imgLabel', 'img'] as const;
export type ImageKey = (typeof IMAGE_KEYS)[number];

/** One corrected value: what was wrong (quoting the link) and what the page uses instead. */
export interface ImageProblem {
  readonly key: ImageKey;
  readonly wrong: string;
  readonly used: string;
}

function short(raw: string): string {
  return raw.length > 30 ? `${raw.slice(0, 30)}…` : raw;
}

/**
 * The image a link carries, from the (last) value of each image key; a bad code means the gallery
 * image, a bad label or source their defaults, each reported.
 */
export function readImageParams(
  values: Partial<Record<ImageKey, string>>,
  gallery: string,
): { image: LinkImage | null; problems: ImageProblem[] } {
  const problems: ImageProblem[] = [];
  const { img, imgLabel, imgSource } = values;
  if (img === undefined) {
    for (const key of ['imgSource', 'imgLabel'] as const)
      if (values[key] !== undefined)
        problems.push({
          key,
          wrong: `${key}=${short(values[key])} comes without an image (img=)`,
          used: 'nothing: ignored',
        });
    return { image: null, problems };
  }
  const decoded = decodePixels(img.trim());
  if (!decoded.ok) {
    problems.push({ key: 'img', wrong: `img ${decoded.reason}`, used: gallery });
    return { image: null, problems };
  }
  let label = 0;
  const labelText = imgLabel?.trim();
  if (labelText !== undefined && /^[0-9]$/.test(labelText)) label = Number(labelText);
  else
    problems.push({
      key: 'imgLabel',
      wrong:
        labelText === undefined
          ? 'imgLabel is missing: the image has no true label'
          : `imgLabel=${short(imgLabel!)} is not a digit 0–9`,
      used: '0',
    });
  let source: LinkImageSource = 'drawn';
  const sourceText = imgSource?.trim().toLowerCase();
  if (sourceText !== undefined) {
    if ((LINK_IMAGE_SOURCES as readonly string[]).includes(sourceText))
      source = sourceText as LinkImageSource;
    else
      problems.push({
        key: 'imgSource',
        wrong: `imgSource=${short(imgSource!)} is not one of ${LINK_IMAGE_SOURCES.join(', ')}`,
        used: 'drawn',
      });
  }
  return { image: { source, label, pixels: decoded.pixels }, problems };
}

/** The query part for an image, appended after the settings. */
export function imageQuery(image: LinkImage): string {
  return `imgSource=${image.source}&imgLabel=${image.label}&img=${encodePixels(image.pixels)}`;
}
