/**
 * A small PNG writer for the figures' embedded images (8-bit grey or RGB, no interlace). The image
 * data go into stored (uncompressed) deflate blocks: a 28×28 digit is under 3 KB either way, and no
 * compressor is needed in the worker or the browser. Output: a data: URL an SVG <image> can show.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const v of bytes) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

class Bytes {
  private readonly parts: number[] = [];
  u8(v: number) {
    this.parts.push(v & 0xff);
  }
  u16le(v: number) {
    this.u8(v);
    this.u8(v >>> 8);
  }
  u32be(v: number) {
    this.u8(v >>> 24);
    this.u8(v >>> 16);
    this.u8(v >>> 8);
    this.u8(v);
  }
  bytes(b: Uint8Array) {
    for (const v of b) this.parts.push(v);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** A zlib stream of stored blocks (RFC 1950/1951), at most 65,535 bytes per block. */
function zlibStored(data: Uint8Array): Uint8Array {
  const out = new Bytes();
  out.u8(0x78);
  out.u8(0x01);
  for (let at = 0; at === 0 || at < data.length; at += 65535) {
    const block = data.subarray(at, Math.min(at + 65535, data.length));
    out.u8(at + block.length >= data.length ? 1 : 0);
    out.u16le(block.length);
    out.u16le(~block.length & 0xffff);
    out.bytes(block);
  }
  out.u32be(adler32(data));
  return out.done();
}

function chunk(out: Bytes, type: string, data: Uint8Array): void {
  const typed = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) typed[i] = type.charCodeAt(i);
  typed.set(data, 4);
  out.u32be(data.length);
  out.bytes(typed);
  out.u32be(crc32(typed));
}

/** PNG bytes of a width × height image, `channels` 1 (grey) or 3 (RGB) bytes per pixel, row-major. */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Uint8Array {
  if (pixels.length !== width * height * channels)
    throw new RangeError(`encodePng: ${pixels.length} bytes for ${width}×${height}×${channels}`);
  const raw = new Uint8Array(height * (1 + width * channels));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * channels);
    raw[row] = 0; // filter: none
    raw.set(pixels.subarray(y * width * channels, (y + 1) * width * channels), row + 1);
  }
  const header = new Bytes();
  header.u32be(width);
  header.u32be(height);
  header.u8(8);
  header.u8(channels === 1 ? 0 : 2);
  header.u8(0);
  header.u8(0);
  header.u8(0);
  const out = new Bytes();
  out.bytes(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  chunk(out, 'IHDR', header.done());
  chunk(out, 'IDAT', zlibStored(raw));
  chunk(out, 'IEND', new Uint8Array(0));
  return out.done();
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    s += B64[(n >>> 18) & 63]! + B64[(n >>> 12) & 63]!;
    s += b === undefined ? '=' : B64[(n >>> 6) & 63]!;
    s += c === undefined ? '=' : B64[n & 63]!;
  }
  return s;
}

export function pngDataUrl(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): string {
  return `data:image/png;base64,${base64(encodePng(pixels, width, height, channels))}`;
}

/** Grey levels of values in [0, 1]. */
export function greyBytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(255 * Math.min(1, Math.max(0, values[i]!)));
  return out;
}

/** A diverging map for signed δ: blue (−scale) → white (0) → red (+scale), RGB bytes. */
export function divergingBytes(values: ArrayLike<number>, scale: number): Uint8Array {
  const out = new Uint8Array(values.length * 3);
  for (let i = 0; i < values.length; i++) {
    const t = scale > 0 ? Math.max(-1, Math.min(1, values[i]! / scale)) : 0;
    const fade = Math.round(255 * (1 - Math.abs(t)));
    out[3 * i] = t >= 0 ? 255 : fade;
    out[3 * i + 1] = fade;
    out[3 * i + 2] = t <= 0 ? 255 : fade;
  }
  return out;
}
