/**
 * The width and height of an image file, read from its header, so an upload too large to decode can
 * be refused before the browser spends seconds and gigabytes decoding it (a 300 KB PNG can hold
 * 16384 × 16384 pixels). PNG, JPEG, GIF, WebP and BMP; other formats are left to the decoder.
 */

export const HEADER_FORMATS = ['PNG', 'JPEG', 'GIF', 'WebP', 'BMP'] as const;
export type HeaderFormat = (typeof HEADER_FORMATS)[number];

export type HeaderReading =
  | { readonly kind: 'size'; readonly format: HeaderFormat; readonly width: number; readonly height: number }
  /** Not one of the formats above: the decoder decides. */
  | { readonly kind: 'unknown' }
  /** The bytes end before the size: read more of the file (or, at its end, it is damaged). */
  | { readonly kind: 'truncated'; readonly format: HeaderFormat }
  /** The signature says `format` but the header is not one. */
  | { readonly kind: 'damaged'; readonly format: HeaderFormat; readonly reason: string };

function startsWith(b: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return b.length >= at + bytes.length && bytes.every((v, i) => b[at + i] === v);
}
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const i32le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);

function sized(format: HeaderFormat, width: number, height: number): HeaderReading {
  return width < 1 || height < 1
    ? { kind: 'damaged', format, reason: `its ${format} header gives a size of ${width}×${height}` }
    : { kind: 'size', format, width, height };
}

function png(b: Uint8Array): HeaderReading {
  // Signature (8), then the IHDR chunk: length (4), type (4), width and height (4 each, big-endian).
  if (b.length < 24) return { kind: 'truncated', format: 'PNG' };
  if (!startsWith(b, ascii('IHDR'), 12))
    return { kind: 'damaged', format: 'PNG', reason: 'its PNG header has no IHDR chunk first' };
  return sized('PNG', u32be(b, 16), u32be(b, 20));
}

/** Start-of-frame markers (baseline, progressive, lossless, …): not DHT (C4), JPG (C8) or DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpeg(b: Uint8Array): HeaderReading {
  // Segments after SOI: FF, marker, then (except for the stand-alone markers) a big-endian length
  // that counts itself; the frame size is in the first SOF segment: precision, height, width.
  let i = 2;
  for (;;) {
    if (i >= b.length) return { kind: 'truncated', format: 'JPEG' };
    if (b[i] !== 0xff)
      return { kind: 'damaged', format: 'JPEG', reason: 'its JPEG segments are out of step' };
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) return { kind: 'truncated', format: 'JPEG' };
    const marker = b[i]!;
    i++;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9 || marker === 0xda)
      return { kind: 'damaged', format: 'JPEG', reason: 'its JPEG data starts before any frame header' };
    if (i + 2 > b.length) return { kind: 'truncated', format: 'JPEG' };
    const length = u16be(b, i);
    if (length < 2) return { kind: 'damaged', format: 'JPEG', reason: 'a JPEG segment has a length below 2' };
    if (isStartOfFrame(marker)) {
      if (i + 7 > b.length) return { kind: 'truncated', format: 'JPEG' };
      return sized('JPEG', u16be(b, i + 5), u16be(b, i + 3));
    }
    i += length;
  }
}

function gif(b: Uint8Array): HeaderReading {
  // "GIF87a"/"GIF89a", then the logical screen: width and height, little-endian.
  if (b.length < 10) return { kind: 'truncated', format: 'GIF' };
  return sized('GIF', u16le(b, 6), u16le(b, 8));
}

function webp(b: Uint8Array): HeaderReading {
  // RIFF container: "RIFF", size, "WEBP", then the first chunk's type and size (data from byte 20).
  if (b.length < 30) return { kind: 'truncated', format: 'WebP' };
  const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (chunk === 'VP8 ') {
    // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23))
      return { kind: 'damaged', format: 'WebP', reason: 'its VP8 frame has no start code' };
    return sized('WebP', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    // Lossless: the signature 2F, then width − 1 and height − 1 in 14 bits each, least significant first.
    if (b[20] !== 0x2f)
      return { kind: 'damaged', format: 'WebP', reason: 'its VP8L stream has no signature' };
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return sized('WebP', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    // Extended: flags (4 bytes), then canvas width − 1 and height − 1 in 24 bits each.
    return sized('WebP', u24le(b, 24) + 1, u24le(b, 27) + 1);
  }
  return { kind: 'damaged', format: 'WebP', reason: `its first WebP chunk is "${chunk}", not an image` };
}

function bmp(b: Uint8Array): HeaderReading {
  // File header (14 bytes), then the DIB header: its size, then width and height (16-bit in the old
  // OS/2 core header, 32-bit signed otherwise; a negative height means rows stored top-down).
  if (b.length < 18) return { kind: 'truncated', format: 'BMP' };
  const dib = i32le(b, 14) >>> 0;
  if (dib === 12) {
    if (b.length < 22) return { kind: 'truncated', format: 'BMP' };
    return sized('BMP', u16le(b, 18), u16le(b, 20));
  }
  if (dib < 40) return { kind: 'damaged', format: 'BMP', reason: `its BMP header is ${dib} bytes long` };
  if (b.length < 26) return { kind: 'truncated', format: 'BMP' };
  return sized('BMP', Math.abs(i32le(b, 18)), Math.abs(i32le(b, 22)));
}

/** The size an image file's first bytes declare, by its signature (not its name or MIME type). */
export function readImageHeader(bytes: Uint8Array): HeaderReading {
  if (startsWith(bytes, [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a])) return png(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpeg(bytes);
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return gif(bytes);
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return webp(bytes);
  if (startsWith(bytes, ascii('BM'))) return bmp(bytes);
  return { kind: 'unknown' };
}

/** How much of a file to read first: the headers above, and a JPEG's usual EXIF and ICC segments. */
export const HEADER_PROBE_BYTES = 64 * 1024;

/**
 * The size a file declares: its first bytes, then (a JPEG whose frame header lies beyond large
 * metadata segments) the whole file, which the upload limit keeps small.
 */
export async function readFileHeader(file: Blob): Promise<HeaderReading> {
  const first = readImageHeader(new Uint8Array(await file.slice(0, HEADER_PROBE_BYTES).arrayBuffer()));
  if (first.kind !== 'truncated' || file.size <= HEADER_PROBE_BYTES) return first;
  return readImageHeader(new Uint8Array(await file.arrayBuffer()));
}
