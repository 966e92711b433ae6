/** The PNG writer against Node's zlib (an independent inflater that checks the Adler-32) and the CRC of a known chunk. */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64, divergingBytes, encodePng, greyBytes } from './png';

/** The chunks of a PNG: type, data and the stored CRC. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array; crc: number }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = [];
  for (let at = 8; at < png.length;) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.push({ type, data: png.subarray(at + 8, at + 8 + len), crc: view.getUint32(at + 8 + len) });
    at += 12 + len;
  }
  return out;
}

describe('PNG writer', () => {
  it('writes grey and RGB images that an independent inflater reads back pixel for pixel', () => {
    for (const [w, h, ch] of [
      [28, 28, 1],
      [3, 2, 3],
      [200, 120, 3],
    ] as const) {
      const pixels = Uint8Array.from({ length: w * h * ch }, (_, i) => (i * 37 + 11) % 256);
      const png = encodePng(pixels, w, h, ch);
      expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const cs = chunks(png);
      expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
      const ihdr = new DataView(cs[0]!.data.buffer, cs[0]!.data.byteOffset);
      expect([ihdr.getUint32(0), ihdr.getUint32(4), cs[0]!.data[8], cs[0]!.data[9]]).toEqual([
        w,
        h,
        8,
        ch === 1 ? 0 : 2,
      ]);
      const raw = inflateSync(cs[1]!.data); // throws on a bad Adler-32 or block
      expect(raw.length).toBe(h * (1 + w * ch));
      for (let y = 0; y < h; y++) {
        expect(raw[y * (1 + w * ch)]).toBe(0);
        expect(Array.from(raw.subarray(y * (1 + w * ch) + 1, (y + 1) * (1 + w * ch)))).toEqual(
          Array.from(pixels.subarray(y * w * ch, (y + 1) * w * ch)),
        );
      }
      // The IEND chunk's CRC is the same in every PNG.
      expect(cs[2]!.crc).toBe(0xae426082);
    }
  });

  it('base64 matches Node, and the colour maps clamp', () => {
    for (const n of [0, 1, 2, 3, 100])
      expect(base64(Uint8Array.from({ length: n }, (_, i) => (i * 53) % 256))).toBe(
        Buffer.from(Uint8Array.from({ length: n }, (_, i) => (i * 53) % 256)).toString('base64'),
      );
    expect(Array.from(greyBytes([-1, 0, 0.5, 1, 2]))).toEqual([0, 0, 128, 255, 255]);
    expect(Array.from(divergingBytes([-2, 0, 0.5], 1))).toEqual([0, 0, 255, 255, 255, 255, 255, 128, 128]);
  });
});
