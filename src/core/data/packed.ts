// The compact image-set format of public/data/*.bin, read by the browser and by Node alike:
//   bytes 0–3   magic "MMLD"
//   bytes 4–19  version, count, rows, cols: u32 little-endian each
//   then count label bytes, then count·rows·cols pixel bytes (uint8 0..255, image after image).
import type { ImageSet } from './dataset';

export const PACKED_MAGIC = 'MMLD';
export const PACKED_VERSION = 1;
export const PACKED_HEADER_BYTES = 20;

export function encodePacked(set: ImageSet): Uint8Array {
  const pixels = set.count * set.rows * set.cols;
  if (set.labels.length !== set.count)
    throw new Error(`encodePacked: ${set.labels.length} labels for ${set.count} images`);
  if (set.images.length !== pixels)
    throw new Error(`encodePacked: ${set.images.length} pixel bytes, expected ${pixels}`);
  const out = new Uint8Array(PACKED_HEADER_BYTES + set.count + pixels);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = PACKED_MAGIC.charCodeAt(i);
  view.setUint32(4, PACKED_VERSION, true);
  view.setUint32(8, set.count, true);
  view.setUint32(12, set.rows, true);
  view.setUint32(16, set.cols, true);
  out.set(set.labels, PACKED_HEADER_BYTES);
  out.set(set.images, PACKED_HEADER_BYTES + set.count);
  return out;
}

/** Validates and parses a packed set; labels and images alias the input bytes. */
export function parsePacked(data: ArrayBuffer | Uint8Array): ImageSet {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength < PACKED_HEADER_BYTES) {
    throw new Error(
      `packed data: ${bytes.byteLength} bytes is shorter than the ${PACKED_HEADER_BYTES}-byte header`,
    );
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== PACKED_MAGIC)
    throw new Error(
      `packed data: magic ${JSON.stringify(magic)}, expected "${PACKED_MAGIC}" (not a packed image set)`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, PACKED_HEADER_BYTES);
  const version = view.getUint32(4, true);
  if (version !== PACKED_VERSION)
    throw new Error(`packed data: version ${version} is not supported (expected ${PACKED_VERSION})`);
  const count = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const cols = view.getUint32(16, true);
  if (rows === 0 || cols === 0) throw new Error(`packed data: bad image size ${rows}×${cols}`);
  const expected = PACKED_HEADER_BYTES + count + count * rows * cols;
  if (bytes.byteLength !== expected) {
    throw new Error(
      `packed data: header says ${count} images of ${rows}×${cols} (${expected} bytes), got ${bytes.byteLength} bytes (truncated or corrupted)`,
    );
  }
  const labels = bytes.subarray(PACKED_HEADER_BYTES, PACKED_HEADER_BYTES + count);
  const images = bytes.subarray(PACKED_HEADER_BYTES + count);
  return { images, labels, count, rows, cols };
}
