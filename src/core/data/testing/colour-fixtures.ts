/**
 * Files in the official formats of CIFAR-10 (binary batches, the ustar .tar.gz) and SVHN (MATLAB 5
 * MAT-files, compressed or not, either byte order), written here so the loaders' tests need no
 * download. The MAT writer follows the format's documented layout: header, tagged elements padded to
 * 8 bytes, miMATRIX with array flags, dimensions, name and real part.
 */

/** One CIFAR-10 record: label byte, then red, green, blue planes of 32×32. */
export function cifarRecord(label: number, pixel: (r: number, c: number, ch: number) => number): Uint8Array {
  const out = new Uint8Array(3073);
  out[0] = label;
  for (let ch = 0; ch < 3; ch++)
    for (let r = 0; r < 32; r++)
      for (let c = 0; c < 32; c++) out[1 + ch * 1024 + r * 32 + c] = pixel(r, c, ch);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A ustar archive of regular files (as GNU tar writes cifar-10-binary.tar.gz's). */
export function tarArchive(files: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const f of files) {
    const h = new Uint8Array(512);
    h.set(enc.encode(f.name), 0);
    h.set(enc.encode('0000644\0'), 100);
    h.set(enc.encode('0000000\0'), 108);
    h.set(enc.encode('0000000\0'), 116);
    h.set(enc.encode(`${f.data.length.toString(8).padStart(11, '0')}\0`), 124);
    h.set(enc.encode('00000000000\0'), 136);
    h[156] = '0'.charCodeAt(0);
    h.set(enc.encode('ustar  \0'), 257);
    h.fill(32, 148, 156);
    const sum = h.reduce((a, b) => a + b, 0);
    h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    parts.push(h, f.data, new Uint8Array((512 - (f.data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return concat(parts);
}

export async function compress(data: Uint8Array, format: 'gzip' | 'deflate'): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export interface MatVar {
  name: string;
  /** mxCLASS: 6 double, 9 uint8, … */
  classId: number;
  /** miTYPE the values are stored as (MATLAB stores small doubles as miUINT8, for one). */
  storedAs: 'uint8' | 'double' | 'int32';
  dims: number[];
  values: ArrayLike<number>;
}

const TYPE = { uint8: 2, int32: 5, double: 9 } as const;
const SIZE = { uint8: 1, int32: 4, double: 8 } as const;

function element(type: number, data: Uint8Array, little: boolean, pad = true): Uint8Array {
  const out = new Uint8Array(8 + (pad ? Math.ceil(data.length / 8) * 8 : data.length));
  const v = new DataView(out.buffer);
  v.setUint32(0, type, little);
  v.setUint32(4, data.length, little);
  out.set(data, 8);
  return out;
}

function values(kind: MatVar['storedAs'], xs: ArrayLike<number>, little: boolean): Uint8Array {
  const out = new Uint8Array(xs.length * SIZE[kind]);
  const v = new DataView(out.buffer);
  for (let i = 0; i < xs.length; i++) {
    if (kind === 'uint8') out[i] = xs[i]!;
    else if (kind === 'int32') v.setInt32(i * 4, xs[i]!, little);
    else v.setFloat64(i * 8, xs[i]!, little);
  }
  return out;
}

function matrix(m: MatVar, little: boolean): Uint8Array {
  const flags = new Uint8Array(8);
  new DataView(flags.buffer).setUint32(0, m.classId, little);
  return element(
    14,
    concat([
      element(6, flags, little),
      element(5, values('int32', m.dims, little), little),
      element(1, new TextEncoder().encode(m.name), little),
      element(TYPE[m.storedAs], values(m.storedAs, m.values, little), little),
    ]),
    little,
  );
}

/** A MATLAB 5 MAT-file holding `vars`, each in an miCOMPRESSED element when `compressed`. */
export async function mat5File(
  vars: readonly MatVar[],
  opts: { compressed: boolean; little: boolean },
): Promise<Uint8Array> {
  const header = new Uint8Array(128).fill(32);
  header.set(
    new TextEncoder().encode('MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Sun Nov 29 04:00:00 2026'),
    0,
  );
  header.fill(0, 116, 124);
  const hv = new DataView(header.buffer);
  hv.setUint16(124, 0x0100, opts.little);
  hv.setUint16(126, 0x4d49, opts.little); // 'MI' as a uint16: reads "IM" in a little-endian file
  const body = await Promise.all(
    vars.map(async (m) => {
      const plain = matrix(m, opts.little);
      // MATLAB writes compressed elements at their exact length, unpadded.
      return opts.compressed ? element(15, await compress(plain, 'deflate'), opts.little, false) : plain;
    }),
  );
  return concat([header, ...body]);
}
