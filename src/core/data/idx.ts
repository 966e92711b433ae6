// The IDX format of the original MNIST files: a big-endian header (magic, then one u32 per dimension)
// followed by raw uint8 values.

const IMAGES_MAGIC = 0x00000803; // uint8 data, 3 dimensions
const LABELS_MAGIC = 0x00000801; // uint8 data, 1 dimension

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count·rows·cols bytes, image after image, row-major. */
  pixels: Uint8Array;
}

function header(bytes: Uint8Array, words: number, what: string): DataView {
  if (bytes.byteLength < 4 * words)
    throw new Error(`IDX ${what}: ${bytes.byteLength} bytes is shorter than its header`);
  return new DataView(bytes.buffer, bytes.byteOffset, 4 * words);
}

function checkMagic(view: DataView, expected: number, what: string): void {
  const magic = view.getUint32(0);
  if (magic !== expected) {
    throw new Error(
      `IDX ${what}: magic 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expected.toString(16).padStart(8, '0')}`,
    );
  }
}

/** Parses an idx3-ubyte image file (16-byte header). The pixels alias `bytes`. */
export function parseIdxImages(bytes: Uint8Array): IdxImages {
  const view = header(bytes, 4, 'images');
  checkMagic(view, IMAGES_MAGIC, 'images');
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  const size = count * rows * cols;
  if (bytes.byteLength !== 16 + size) {
    throw new Error(
      `IDX images: header says ${count}×${rows}×${cols} (${16 + size} bytes), file has ${bytes.byteLength}`,
    );
  }
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/** Parses an idx1-ubyte label file (8-byte header). The labels alias `bytes`. */
export function parseIdxLabels(bytes: Uint8Array): Uint8Array {
  const view = header(bytes, 2, 'labels');
  checkMagic(view, LABELS_MAGIC, 'labels');
  const count = view.getUint32(4);
  if (bytes.byteLength !== 8 + count) {
    throw new Error(
      `IDX labels: header says ${count} labels (${8 + count} bytes), file has ${bytes.byteLength}`,
    );
  }
  return bytes.subarray(8);
}
