/**
 * A reader for MATLAB 5 MAT-files (the format SVHN's cropped digits ship in), enough for numeric
 * arrays: a 128-byte header (text, subsystem offset, version 0x0100, endian mark "IM"/"MI"), then data
 * elements, each an 8-byte tag (type, byte count) or a 4-byte "small element" tag, padded to 8 bytes.
 * A variable is an miMATRIX element (array flags, dimensions, name, real part), possibly inside an
 * miCOMPRESSED (zlib) element. MATLAB may store a double array in a smaller integer type; values are
 * read by their stored type. Arrays are column-major (first index fastest).
 */
import { badFile, inflate } from './colour-set';

const MI = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  SINGLE: 7,
  DOUBLE: 9,
  INT64: 12,
  UINT64: 13,
  MATRIX: 14,
  COMPRESSED: 15,
  UTF8: 16,
} as const;

const BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8, 16: 1 };

/** mxCLASS ids of numeric arrays (6 double … 15 uint64); 1–5 are cells, structs, objects, chars, sparse. */
const NUMERIC_CLASSES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

export interface MatArray {
  name: string;
  dims: number[];
  /** The mxCLASS id (6 double, 9 uint8, …). */
  classId: number;
  /** The real part as stored: its type's values, column-major. */
  data: ArrayLike<number>;
}

interface Element {
  type: number;
  data: Uint8Array;
  /** Where the next element starts. */
  next: number;
}

function readElement(bytes: Uint8Array, at: number, little: boolean, where: string): Element {
  if (at + 8 > bytes.length) throw new Error(`${where}: a data element's tag is cut short at byte ${at}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  const first = view.getUint32(0, little);
  if (first >>> 16 !== 0) {
    // Small data element: type and size share the first word, the data sits in the second.
    const size = first >>> 16;
    if (size > 4) throw new Error(`${where}: a small data element of ${size} bytes at byte ${at}`);
    return { type: first & 0xffff, data: bytes.subarray(at + 4, at + 4 + size), next: at + 8 };
  }
  const size = view.getUint32(4, little);
  const start = at + 8;
  if (start + size > bytes.length)
    throw new Error(
      `${where}: a data element of ${size} bytes at byte ${at} runs past the end (${bytes.length} bytes): cut short?`,
    );
  // Elements are padded to 8 bytes, but MATLAB writes compressed ones at their exact length.
  const padded = first === MI.COMPRESSED ? size : Math.ceil(size / 8) * 8;
  return { type: first, data: bytes.subarray(start, start + size), next: start + padded };
}

function numbers(e: Element, little: boolean, where: string): ArrayLike<number> {
  const size = BYTES[e.type];
  if (size === undefined) throw new Error(`${where}: numeric data of unknown type ${e.type}`);
  const n = e.data.length / size;
  if (!Number.isInteger(n))
    throw new Error(`${where}: ${e.data.length} bytes of type ${e.type} is not a whole number of values`);
  if (e.type === MI.UINT8 || e.type === MI.UTF8) return e.data;
  if (e.type === MI.INT8) return new Int8Array(e.data.buffer, e.data.byteOffset, n);
  const view = new DataView(e.data.buffer, e.data.byteOffset, e.data.byteLength);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * size;
    switch (e.type) {
      case MI.INT16:
        out[i] = view.getInt16(o, little);
        break;
      case MI.UINT16:
        out[i] = view.getUint16(o, little);
        break;
      case MI.INT32:
        out[i] = view.getInt32(o, little);
        break;
      case MI.UINT32:
        out[i] = view.getUint32(o, little);
        break;
      case MI.SINGLE:
        out[i] = view.getFloat32(o, little);
        break;
      case MI.DOUBLE:
        out[i] = view.getFloat64(o, little);
        break;
      case MI.INT64:
        out[i] = Number(view.getBigInt64(o, little));
        break;
      default:
        out[i] = Number(view.getBigUint64(o, little));
    }
  }
  return out;
}

function readMatrix(m: Uint8Array, little: boolean, where: string): MatArray | null {
  const flags = readElement(m, 0, little, where);
  if (flags.type !== MI.UINT32 || flags.data.length < 8)
    throw new Error(`${where}: a matrix without its array flags`);
  const classId = new DataView(flags.data.buffer, flags.data.byteOffset, 8).getUint32(0, little) & 0xff;
  const dimsEl = readElement(m, flags.next, little, where);
  const dims = Array.from(numbers(dimsEl, little, where));
  const nameEl = readElement(m, dimsEl.next, little, where);
  const name = new TextDecoder().decode(nameEl.data);
  // Cells, structs, chars, sparse arrays: not what a data set's images and labels are.
  if (!NUMERIC_CLASSES.has(classId)) return null;
  const real = readElement(m, nameEl.next, little, `${where} ${name}`);
  const data = numbers(real, little, `${where} ${name}`);
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count)
    throw new Error(
      `${where} ${name}: dimensions ${dims.join('×')} need ${count} values, the file has ${data.length}`,
    );
  return { name, dims, classId, data };
}

/** Every numeric variable of a MAT 5 file, by name. */
export async function readMat5(bytes: Uint8Array, file: string): Promise<Map<string, MatArray>> {
  if (bytes.length < 128)
    throw badFile(file, `${bytes.length} bytes: shorter than a MAT-file's 128-byte header`);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 116));
  if (
    head.startsWith('\u0089HDF') ||
    /MATLAB 7\.3/.test(head) ||
    (bytes[512] === 0x89 && bytes[513] === 0x48)
  )
    throw badFile(
      file,
      'a MATLAB 7.3 (HDF5) file; this reader takes MATLAB 5 files (as SVHN publishes them)',
    );
  if (!head.startsWith('MATLAB 5.0 MAT-file'))
    throw badFile(file, 'not a MATLAB 5 MAT-file (its header does not start with "MATLAB 5.0 MAT-file")');
  const mark = String.fromCharCode(bytes[126]!, bytes[127]!);
  if (mark !== 'IM' && mark !== 'MI') throw badFile(file, `endian mark '${mark}', expected IM or MI`);
  const little = mark === 'IM';
  const out = new Map<string, MatArray>();
  try {
    let at = 128;
    while (at < bytes.length) {
      const e = readElement(bytes, at, little, file);
      at = e.next;
      let matrix = e;
      if (e.type === MI.COMPRESSED) {
        const inner = await inflate(e.data, 'deflate', file);
        matrix = readElement(inner, 0, little, file);
      }
      if (matrix.type !== MI.MATRIX) continue;
      const a = readMatrix(matrix.data, little, file);
      if (a !== null) out.set(a.name, a);
    }
  } catch (e) {
    if (e instanceof Error && !('kind' in e))
      throw badFile(file, e.message.replace(`${file}: `, '').replace(file, 'the file'));
    throw e;
  }
  return out;
}
