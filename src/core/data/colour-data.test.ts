/**
 * CIFAR-10 and SVHN loaders on files written here in the official formats: the plane and column-major
 * orders, the label conventions, both MAT byte orders, compressed and not, and every kind of damaged
 * file (truncated, wrong format, wrong labels) refused with its reason.
 */
import { describe, expect, it } from 'vitest';
import { CIFAR10, loadCifar10, parseCifarBatch } from './cifar10';
import { readMat5 } from './mat5';
import { loadSvhn } from './svhn';
import { cifarRecord, compress, concat, mat5File, tarArchive, type MatVar } from './testing/colour-fixtures';

/** A pixel value that says where it is: image, row, column, channel. */
const probe = (n: number, r: number, c: number, ch: number) => (n * 7 + r * 3 + c * 5 + ch * 11) % 256;

/** The interleaved value at image n, row r, column c, channel ch. */
const at = (images: Uint8Array, n: number, r: number, c: number, ch: number) =>
  images[((n * 32 + r) * 32 + c) * 3 + ch];

describe('CIFAR-10 binary batches', () => {
  const records = [3, 9, 0].map((label, n) => cifarRecord(label, (r, c, ch) => probe(n, r, c, ch)));

  it('turns the red, green and blue planes into interleaved 32×32×3 images with their labels', () => {
    const set = parseCifarBatch(concat(records), 'batch.bin');
    expect(set).toMatchObject({ count: 3, height: 32, width: 32, channels: 3 });
    expect(Array.from(set.labels)).toEqual([3, 9, 0]);
    for (const [n, r, c, ch] of [
      [0, 0, 0, 0],
      [1, 31, 0, 2],
      [2, 5, 17, 1],
      [2, 31, 31, 2],
    ] as const)
      expect(at(set.images, n, r, c, ch)).toBe(probe(n, r, c, ch));
    expect(set.labelNames[3]).toBe('cat');
  });

  it('refuses a cut file, an empty one and CIFAR-100 records, saying why', () => {
    const all = concat(records);
    expect(() => parseCifarBatch(all.subarray(0, 3073 * 2 + 100), 'cut.bin')).toThrow(
      /cut\.bin: 6,246 bytes is not a whole number of 3,073-byte CIFAR-10 records \(2 whole, then 100 bytes: cut short\?\)/,
    );
    expect(() => parseCifarBatch(new Uint8Array(0), 'empty.bin')).toThrow(/empty/);
    const hundred = concat([cifarRecord(57, () => 0)]);
    expect(() => parseCifarBatch(hundred, 'c100.bin')).toThrow(/record 0 has label 57.*CIFAR-100/);
  });

  it('reads the official .tar.gz: test_batch.bin for the test part, the five data batches for training', async () => {
    const batch = (first: number) => {
      const b = new Uint8Array(CIFAR10.batchBytes);
      for (let i = 0; i < 10_000; i++) b[i * 3073] = (first + i) % 10;
      b.set(
        cifarRecord(first % 10, (r, c, ch) => probe(first, r, c, ch)),
        0,
      );
      return b;
    };
    const files = [
      ...CIFAR10.trainFiles.map((f, k) => ({ name: `cifar-10-batches-bin/${f}`, data: batch(k + 1) })),
      { name: 'cifar-10-batches-bin/test_batch.bin', data: batch(0) },
      {
        name: 'cifar-10-batches-bin/batches.meta.txt',
        data: new TextEncoder().encode(`${CIFAR10.labelNames.join('\n')}\n\n`),
      },
    ];
    // Gzipping 184 MB takes a while: the .tar.gz holds the test batch and the names only.
    const gz = await compress(tarArchive(files.slice(5)), 'gzip');
    const test = await loadCifar10(gz, CIFAR10.archive, 'test');
    expect(test.count).toBe(10_000);
    expect(at(test.images, 0, 4, 9, 1)).toBe(probe(0, 4, 9, 1));
    expect(test.labelNames[9]).toBe('truck');
    const train = await loadCifar10(tarArchive(files), 'cifar-10-binary.tar', 'train');
    expect(train.count).toBe(50_000);
    // The third batch's first image is image 20,000 of the training part.
    expect(train.labels[20_000]).toBe(3);
    expect(at(train.images, 20_000, 31, 2, 0)).toBe(probe(3, 31, 2, 0));
    // The same archive, not gzipped; and one extracted batch.
    expect((await loadCifar10(tarArchive(files), 'cifar.tar', 'test')).count).toBe(10_000);
    expect((await loadCifar10(batch(0), 'test_batch.bin')).count).toBe(10_000);
  });

  it('refuses a damaged archive, one without the batches, and a batch of the wrong size', async () => {
    const tar = tarArchive([
      { name: 'cifar-10-batches-bin/test_batch.bin', data: concat([cifarRecord(1, () => 0)]) },
    ]);
    await expect(loadCifar10(tar, 'small.tar', 'test')).rejects.toThrow(
      /test_batch\.bin has 3,073 bytes; an official batch has 30,730,000/,
    );
    await expect(loadCifar10(tar, 'small.tar', 'train')).rejects.toThrow(/lacks data_batch_1\.bin/);
    const gz = await compress(tar, 'gzip');
    await expect(loadCifar10(gz.subarray(0, gz.length - 20), 'cut.tar.gz')).rejects.toThrow(
      /gzip data is corrupt or cut short/,
    );
    const broken = tar.slice();
    broken[10] = broken[10]! ^ 0xff;
    await expect(loadCifar10(broken, 'broken.tar')).rejects.toThrow(/header checksum/);
    const cut = tarArchive([{ name: 'x/test_batch.bin', data: new Uint8Array(CIFAR10.batchBytes) }]).subarray(
      0,
      600,
    );
    await expect(loadCifar10(cut, 'cut.tar')).rejects.toThrow(/cut short/);
  });
});

/** SVHN's two variables for N images: X 32×32×3×N (column-major) and y N×1 with 10 for the digit 0. */
function svhnVars(labels: readonly number[], yAs: MatVar['storedAs'] = 'uint8'): MatVar[] {
  const n = labels.length;
  const X = new Uint8Array(32 * 32 * 3 * n);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < 3; ch++)
      for (let c = 0; c < 32; c++)
        for (let r = 0; r < 32; r++) X[r + 32 * c + 1024 * ch + 3072 * i] = probe(i, r, c, ch);
  return [
    { name: 'X', classId: 9, storedAs: 'uint8', dims: [32, 32, 3, n], values: X },
    // MATLAB keeps y a double array but stores its small integers as miUINT8.
    { name: 'y', classId: 6, storedAs: yAs, dims: [n, 1], values: labels },
  ];
}

describe('SVHN MAT-files', () => {
  it.each([
    { compressed: true, little: true },
    { compressed: false, little: true },
    { compressed: true, little: false },
  ])('column-major X into interleaved images, y with 10 → 0 (%o)', async (opts) => {
    const file = await mat5File(svhnVars([1, 10, 5], opts.little ? 'uint8' : 'double'), opts);
    const set = await loadSvhn(file, 'test_32x32.mat');
    expect(set).toMatchObject({ count: 3, height: 32, width: 32, channels: 3 });
    expect(Array.from(set.labels)).toEqual([1, 0, 5]);
    for (const [n, r, c, ch] of [
      [0, 0, 1, 0],
      [1, 30, 2, 2],
      [2, 31, 31, 1],
    ] as const)
      expect(at(set.images, n, r, c, ch)).toBe(probe(n, r, c, ch));
  });

  it('reads the variables MATLAB wrote, whatever type it stored them in', async () => {
    const vars = await readMat5(
      await mat5File(svhnVars([2, 3], 'double'), { compressed: false, little: true }),
      'a.mat',
    );
    expect([...vars.keys()]).toEqual(['X', 'y']);
    expect(vars.get('X')!.dims).toEqual([32, 32, 3, 2]);
    expect(Array.from(vars.get('y')!.data)).toEqual([2, 3]);
  });

  it('refuses wrong labels, shapes, variables, formats and cut or corrupt files, saying why', async () => {
    const plain = { compressed: false, little: true };
    await expect(loadSvhn(await mat5File(svhnVars([1, 11]), plain), 'a.mat')).rejects.toThrow(
      /label 1 is 11; SVHN's labels are 1–10/,
    );
    await expect(loadSvhn(await mat5File(svhnVars([0]), plain), 'a.mat')).rejects.toThrow(/label 0 is 0/);
    const vars = svhnVars([1, 2]);
    await expect(loadSvhn(await mat5File([vars[0]!], plain), 'a.mat')).rejects.toThrow(
      /hold X and y; this one holds X/,
    );
    const grey: MatVar = { ...vars[0]!, dims: [32, 32, 6], values: vars[0]!.values };
    await expect(loadSvhn(await mat5File([grey, vars[1]!], plain), 'a.mat')).rejects.toThrow(
      /X is 32×32×6; SVHN's cropped digits are 32×32×3×N/,
    );
    const fewer: MatVar = { ...vars[1]!, dims: [1, 1], values: [1] };
    await expect(loadSvhn(await mat5File([vars[0]!, fewer], plain), 'a.mat')).rejects.toThrow(
      /y has 1 labels for 2 images/,
    );
    const whole = await mat5File(vars, plain);
    await expect(loadSvhn(whole.subarray(0, whole.length - 1000), 'cut.mat')).rejects.toThrow(
      /runs past the end.*cut short/,
    );
    const packed = await mat5File(vars, { compressed: true, little: true });
    const bad = packed.slice();
    bad.fill(0, 140, 180);
    await expect(loadSvhn(bad, 'bad.mat')).rejects.toThrow(/zlib data is corrupt or cut short/);
    await expect(loadSvhn(new Uint8Array(64), 'tiny.mat')).rejects.toThrow(
      /shorter than a MAT-file's 128-byte header/,
    );
    const hdf = new Uint8Array(1024);
    hdf.set(new TextEncoder().encode('MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00'), 0);
    await expect(loadSvhn(hdf, 'v73.mat')).rejects.toThrow(/MATLAB 7\.3 \(HDF5\)/);
    await expect(loadSvhn(new Uint8Array(200).fill(65), 'junk.mat')).rejects.toThrow(
      /not a MATLAB 5 MAT-file/,
    );
  });
});
