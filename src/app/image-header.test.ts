import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HEADER_PROBE_BYTES, readFileHeader, readImageHeader } from './image-header';
import { checkHeader } from './to-mnist';

const bytes = (...parts: (number[] | Uint8Array | string)[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : Array.from(p))),
  );
const be16 = (v: number) => [v >> 8, v & 255];
const be32 = (v: number) => [(v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255];
const le16 = (v: number) => [v & 255, v >> 8];
const le24 = (v: number) => [v & 255, (v >> 8) & 255, (v >> 16) & 255];
const le32 = (v: number) => [v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255];

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = bytes(type, data);
  return bytes(be32(data.length), typed, be32(crc32(typed)));
}

/** A complete, valid 1-bit grey PNG of w×h black pixels (small even when huge: it deflates to little). */
function png(w: number, h: number): Uint8Array {
  const row = w === 0 ? 1 : 1 + Math.ceil(w / 8);
  const raw = new Uint8Array(row * h);
  return bytes(
    [0x89],
    'PNG\r\n\x1a\n',
    chunk('IHDR', bytes(be32(w), be32(h), [1, 0, 0, 0, 0])),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  );
}

/** JPEG segments up to the frame header: SOI, APP0, `padding` bytes of APP1, DQT, DHT, SOFn. */
function jpeg(w: number, h: number, { sof = 0xc0, padding = 16 } = {}): Uint8Array {
  const segment = (marker: number, data: number[] | Uint8Array) =>
    bytes([0xff, marker], be16(data.length + 2), data);
  return bytes(
    [0xff, 0xd8],
    segment(0xe0, bytes('JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0])),
    // Metadata (EXIF, ICC) in segments of at most 65,533 bytes each.
    ...Array.from({ length: Math.ceil(padding / 65533) }, (_, i) =>
      segment(0xe1, new Uint8Array(Math.min(65533, padding - i * 65533))),
    ),
    [0xff, 0xff], // fill bytes before a marker are allowed
    segment(0xdb, new Uint8Array(65)),
    segment(0xc4, new Uint8Array(20)),
    segment(sof, bytes([8], be16(h), be16(w), [1, 1, 0x11, 0])),
    [0xff, 0xda],
  );
}

const gif = (w: number, h: number, version = 'GIF89a') => bytes(version, le16(w), le16(h), [0xf0, 0, 0], ';');

function riff(type: string, data: Uint8Array): Uint8Array {
  return bytes('RIFF', le32(data.length + 12), 'WEBP', type, le32(data.length), data);
}
const webpLossy = (w: number, h: number) =>
  riff('VP8 ', bytes([0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a], le16(w), le16(h), new Uint8Array(10)));
function webpLossless(w: number, h: number): Uint8Array {
  const bits = ((w - 1) | ((h - 1) << 14)) >>> 0;
  return riff('VP8L', bytes([0x2f], le32(bits), new Uint8Array(5)));
}
const webpExtended = (w: number, h: number) => riff('VP8X', bytes([0x10, 0, 0, 0], le24(w - 1), le24(h - 1)));

function bmp(w: number, h: number): Uint8Array {
  const info = bytes(le32(40), le32(w), le32(h >>> 0), le16(1), le16(24), new Uint8Array(24));
  return bytes('BM', le32(14 + info.length), [0, 0, 0, 0], le32(54), info);
}
const bmpCore = (w: number, h: number) =>
  bytes('BM', le32(26), [0, 0, 0, 0], le32(26), le32(12), le16(w), le16(h), le16(1), le16(24));

describe('readImageHeader', () => {
  it('reads the size of each format from its first bytes', () => {
    const cases: [Uint8Array, string, number, number][] = [
      [png(3, 5), 'PNG', 3, 5],
      [png(16384, 16384), 'PNG', 16384, 16384],
      [jpeg(640, 480), 'JPEG', 640, 480],
      [jpeg(5000, 7, { sof: 0xc2 }), 'JPEG', 5000, 7],
      [gif(300, 200), 'GIF', 300, 200],
      [gif(9, 65535, 'GIF87a'), 'GIF', 9, 65535],
      [webpLossy(1920, 1080), 'WebP', 1920, 1080],
      [webpLossless(16383, 2), 'WebP', 16383, 2],
      [webpExtended(16777216, 3), 'WebP', 16777216, 3],
      [bmp(800, 600), 'BMP', 800, 600],
      [bmp(10, -4097), 'BMP', 10, 4097],
      [bmpCore(64, 32), 'BMP', 64, 32],
    ];
    for (const [file, format, width, height] of cases)
      expect(readImageHeader(file)).toEqual({ kind: 'size', format, width, height });
  });

  it('leaves unknown formats to the decoder', () => {
    for (const file of [
      bytes('garbage'),
      new Uint8Array(),
      bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ])
      expect(readImageHeader(file)).toEqual({ kind: 'unknown' });
  });

  it('says when the bytes end before the size, and when the header is no header', () => {
    expect(readImageHeader(png(3, 5).subarray(0, 20))).toEqual({ kind: 'truncated', format: 'PNG' });
    expect(readImageHeader(jpeg(640, 480, { padding: 1000 }).subarray(0, 900))).toEqual({
      kind: 'truncated',
      format: 'JPEG',
    });
    expect(readImageHeader(gif(1, 1).subarray(0, 8))).toEqual({ kind: 'truncated', format: 'GIF' });
    const noIhdr = png(3, 5);
    noIhdr.set(bytes('IDAT'), 12);
    expect(readImageHeader(noIhdr)).toMatchObject({ kind: 'damaged', format: 'PNG' });
    expect(readImageHeader(png(0, 5))).toEqual({
      kind: 'damaged',
      format: 'PNG',
      reason: 'its PNG header gives a size of 0×5',
    });
    expect(readImageHeader(bytes([0xff, 0xd8, 0xff, 0xda, 0, 4, 0, 0]))).toMatchObject({ kind: 'damaged' });
    expect(readImageHeader(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 2, 0x12]))).toMatchObject({ kind: 'damaged' });
    expect(readImageHeader(riff('ICCP', new Uint8Array(20)))).toMatchObject({
      kind: 'damaged',
      format: 'WebP',
    });
  });
});

describe('readFileHeader and checkHeader', () => {
  it('reads on past the first bytes for a JPEG whose frame header lies beyond its metadata', async () => {
    const file = jpeg(4097, 10, { padding: 100_000 });
    expect(file.length).toBeGreaterThan(HEADER_PROBE_BYTES);
    expect(readImageHeader(file.subarray(0, HEADER_PROBE_BYTES))).toMatchObject({ kind: 'truncated' });
    expect(await readFileHeader(new Blob([new Uint8Array(file)]))).toEqual({
      kind: 'size',
      format: 'JPEG',
      width: 4097,
      height: 10,
    });
  });

  it('refuses a side over 4096 with the size, a damaged header with the reason, and passes the rest', () => {
    expect(checkHeader('big.png', readImageHeader(png(16384, 16384)))).toBe(
      'big.png is 16384×16384 pixels; the limit is 4096 pixels per side.',
    );
    expect(checkHeader('tall.gif', readImageHeader(gif(10, 4097)))).toContain('10×4097 pixels');
    expect(checkHeader('ok.png', readImageHeader(png(4096, 4096)))).toBeNull();
    expect(checkHeader('x.svg', { kind: 'unknown' })).toBeNull();
    expect(checkHeader('cut.png', readImageHeader(png(3, 5).subarray(0, 20)))).toBe(
      'cut.png ends inside its PNG header.',
    );
    expect(checkHeader('zero.png', readImageHeader(png(0, 5)))).toBe(
      'zero.png is not a readable PNG file: its PNG header gives a size of 0×5.',
    );
  });
});
