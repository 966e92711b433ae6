/**
 * CIFAR-10's binary version (https://www.cs.toronto.edu/~kriz/cifar.html, "CIFAR-10 binary version
 * (suitable for C programs)"): cifar-10-binary.tar.gz, or batches taken out of it. Each batch file is
 * 10,000 records of 1 label byte (0–9) then 3,072 pixel bytes: the red plane, the green, the blue,
 * each 32×32 row-major. The loader turns the planes into interleaved 32×32×3 images.
 */
import { badFile, inflate, type ColourSet } from './colour-set';

export const CIFAR10 = {
  side: 32,
  channels: 3,
  recordBytes: 1 + 32 * 32 * 3,
  recordsPerBatch: 10_000,
  /** Each data_batch_k.bin and test_batch.bin: 10,000 × 3,073 bytes. */
  batchBytes: 30_730_000,
  archive: 'cifar-10-binary.tar.gz',
  /** The archive's MD5 as the data set's page lists it. */
  archiveMd5: 'c32a1d4ab5d03f1284b67883e8d87530',
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  trainFiles: [
    'data_batch_1.bin',
    'data_batch_2.bin',
    'data_batch_3.bin',
    'data_batch_4.bin',
    'data_batch_5.bin',
  ],
  testFile: 'test_batch.bin',
  labelNames: ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'],
} as const;

/** One or more batch files' records, concatenated, as a colour set. */
export function parseCifarBatch(
  bytes: Uint8Array,
  name: string,
  labelNames: readonly string[] = CIFAR10.labelNames,
): ColourSet {
  const r = CIFAR10.recordBytes;
  if (bytes.length === 0) throw badFile(name, 'empty');
  if (bytes.length % r !== 0) {
    const whole = Math.floor(bytes.length / r);
    throw badFile(
      name,
      `${bytes.length.toLocaleString('en')} bytes is not a whole number of ${r.toLocaleString('en')}-byte CIFAR-10 records (${whole} whole, then ${bytes.length - whole * r} bytes: cut short?)`,
    );
  }
  const count = bytes.length / r;
  const plane = CIFAR10.side * CIFAR10.side;
  const images = new Uint8Array(count * plane * 3);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * r;
    const label = bytes[at]!;
    if (label > 9)
      throw badFile(
        name,
        `record ${i} has label ${label}; CIFAR-10's are 0–9 (CIFAR-100's binary records start with 2 label bytes and are 3,074 bytes long)`,
      );
    labels[i] = label;
    const out = i * plane * 3;
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) images[out + p * 3 + c] = bytes[at + 1 + c * plane + p]!;
  }
  return { images, labels, count, height: CIFAR10.side, width: CIFAR10.side, channels: 3, labelNames };
}

interface TarEntry {
  name: string;
  data: Uint8Array;
}

/** The regular files of a POSIX (ustar) or old-style tar archive. */
export function readTar(bytes: Uint8Array, name: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const text = (from: number, len: number) => {
    const raw = bytes.subarray(from, from + len);
    const end = raw.indexOf(0);
    return new TextDecoder().decode(end < 0 ? raw : raw.subarray(0, end));
  };
  let at = 0;
  while (at + 512 <= bytes.length) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break; // the end-of-archive blocks
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    const stored = parseInt(text(at + 148, 8).trim(), 8);
    if (stored !== sum)
      throw badFile(name, `not a tar archive, or a damaged one (header checksum at byte ${at})`);
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const prefix = text(at + 345, 155);
    const file = (prefix === '' ? '' : `${prefix}/`) + text(at, 100);
    const type = String.fromCharCode(header[156]!);
    const start = at + 512;
    if (start + size > bytes.length) throw badFile(name, `${file} is cut short (the archive ends inside it)`);
    if (type === '0' || type === '\0')
      entries.push({ name: file, data: bytes.subarray(start, start + size) });
    at = start + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** Which part of CIFAR-10: the 50,000 training images (5 batches) or the 10,000 test images. */
export type CifarPart = 'train' | 'test';

/**
 * A CIFAR-10 file as the user has it: the official .tar.gz (or its .tar), or one batch (.bin). From an
 * archive, `part` picks the batches; a single batch is what it is.
 */
export async function loadCifar10(
  bytes: Uint8Array,
  name: string,
  part: CifarPart = 'test',
): Promise<ColourSet> {
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const tar = gz ? await inflate(bytes, 'gzip', name) : bytes;
  const isTar = tar.length >= 512 && new TextDecoder().decode(tar.subarray(257, 262)) === 'ustar';
  if (!gz && !isTar) return parseCifarBatch(bytes, name);
  if (!isTar)
    throw badFile(name, 'a gzip file that does not hold a tar archive (expected cifar-10-binary.tar.gz)');
  const entries = readTar(tar, name);
  const byBase = new Map(entries.map((e) => [e.name.split('/').pop()!, e]));
  const wanted = part === 'train' ? CIFAR10.trainFiles : [CIFAR10.testFile];
  const missing = wanted.filter((f) => !byBase.has(f));
  if (missing.length > 0)
    throw badFile(
      name,
      `the archive lacks ${missing.join(', ')} (is it cifar-10-binary.tar.gz, the binary version?)`,
    );
  const meta = byBase.get('batches.meta.txt');
  const names = meta
    ? new TextDecoder()
        .decode(meta.data)
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [...CIFAR10.labelNames];
  const sets = wanted.map((f) => {
    const data = byBase.get(f)!.data;
    if (data.length !== CIFAR10.batchBytes)
      throw badFile(
        name,
        `${f} has ${data.length.toLocaleString('en')} bytes; an official batch has ${CIFAR10.batchBytes.toLocaleString('en')}`,
      );
    return parseCifarBatch(data, `${name}:${f}`, names.length === 10 ? names : CIFAR10.labelNames);
  });
  if (sets.length === 1) return sets[0]!;
  const count = sets.reduce((s, x) => s + x.count, 0);
  const images = new Uint8Array(count * 32 * 32 * 3);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const s of sets) {
    images.set(s.images, n * 32 * 32 * 3);
    labels.set(s.labels, n);
    n += s.count;
  }
  return { ...sets[0]!, images, labels, count };
}
