import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { seededPermutation, toFloatBatch, toOneHot } from './dataset';
import { parseIdxImages, parseIdxLabels } from './idx';
import { loadMnist } from './mnist-node';
import { encodePacked, PACKED_HEADER_BYTES, parsePacked } from './packed';

describe('MNIST from the IDX files', () => {
  it('has 60,000 training and 10,000 test images of 28×28 with labels 0–9', async () => {
    const [train, test] = await Promise.all([loadMnist('train'), loadMnist('test')]);
    expect([train.count, test.count]).toEqual([60000, 10000]);
    for (const set of [train, test]) {
      expect(set.images.length).toBe(set.count * 784);
      expect(set.labels.length).toBe(set.count);
      expect(Math.max(...set.labels)).toBe(9);
      expect(Math.min(...set.labels)).toBe(0);
      let max = 0;
      for (const p of set.images) max = Math.max(max, p);
      expect(max).toBe(255);
    }
    // Well-known first labels: the t10k set starts with a 7, the training set with 5, 0, 4.
    expect(test.labels[0]).toBe(7);
    expect(Array.from(train.labels.subarray(0, 3))).toEqual([5, 0, 4]);
    // The first test image (a 7) has ink in the middle and a blank border row.
    expect(test.images.subarray(0, 28).every((p) => p === 0)).toBe(true);
    expect(test.images.subarray(0, 784).filter((p) => p > 128).length).toBeGreaterThan(50);
  });

  it('rejects malformed IDX files', () => {
    const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 3, 4]);
    expect(Array.from(parseIdxLabels(labels))).toEqual([3, 4]);
    expect(() => parseIdxLabels(labels.subarray(0, 9))).toThrow(/2 labels/);
    expect(() => parseIdxLabels(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 0]))).toThrow(/magic/);
    expect(() => parseIdxImages(new Uint8Array(10))).toThrow(/shorter than its header/);
    const images = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4]);
    expect(parseIdxImages(images)).toMatchObject({ count: 1, rows: 2, cols: 2 });
    expect(() => parseIdxImages(images.subarray(0, 19))).toThrow(/1×2×2/);
  });
});

describe('batch helpers', () => {
  it('toFloatBatch scales the chosen images to [0, 1]', () => {
    const images = Uint8Array.from([0, 255, 51, 102, 7, 8, 9, 10]);
    expect(Array.from(toFloatBatch(images, [1, 0], 4))).toEqual(
      [7 / 255, 8 / 255, 9 / 255, 10 / 255, 0, 1, 0.2, 0.4].map(Math.fround),
    );
    expect(() => toFloatBatch(images, [2], 4)).toThrow(/out of range/);
  });

  it('toOneHot sets one 1 per row at the label', () => {
    expect(Array.from(toOneHot(Uint8Array.from([2, 0]), [0, 1], 3))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => toOneHot(Uint8Array.from([3]), [0], 3)).toThrow(/label/);
  });

  it('seededPermutation is a reproducible permutation that depends on the seed', () => {
    const a = seededPermutation(1000, 42);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(seededPermutation(1000, 42))).toEqual(Array.from(a));
    expect(Array.from(seededPermutation(1000, 43))).not.toEqual(Array.from(a));
    expect(a.filter((v, i) => v === i).length).toBeLessThan(10);
  });
});

describe('packed image sets', () => {
  const set = {
    images: Uint8Array.from({ length: 3 * 6 }, (_, i) => i * 10),
    labels: Uint8Array.from([4, 1, 9]),
    count: 3,
    rows: 2,
    cols: 3,
  };

  it('round-trips', () => {
    const bytes = encodePacked(set);
    expect(bytes.byteLength).toBe(PACKED_HEADER_BYTES + 3 + 18);
    const back = parsePacked(bytes.slice().buffer);
    expect(back).toMatchObject({ count: 3, rows: 2, cols: 3 });
    expect(Array.from(back.labels)).toEqual([4, 1, 9]);
    expect(Array.from(back.images)).toEqual(Array.from(set.images));
  });

  it('rejects corrupted buffers with a clear error', () => {
    const good = encodePacked(set);
    const corrupt = (f: (b: Uint8Array) => void): Uint8Array => {
      const b = good.slice();
      f(b);
      return b;
    };
    expect(() => parsePacked(good.subarray(0, 10))).toThrow(/shorter than the 20-byte header/);
    expect(() => parsePacked(corrupt((b) => (b[0] = 0x58)))).toThrow(/magic/);
    expect(() => parsePacked(corrupt((b) => (b[4] = 2)))).toThrow(/version 2/);
    expect(() => parsePacked(good.subarray(0, good.length - 1))).toThrow(/truncated or corrupted/);
    expect(() => parsePacked(corrupt((b) => (b[8] = 4)))).toThrow(/4 images/);
    expect(() => parsePacked(corrupt((b) => (b[12] = 0)))).toThrow(/image size/);
    expect(() => encodePacked({ ...set, count: 4 })).toThrow(/labels/);
  });

  it('the shipped public/data/mnist-test.bin is the whole MNIST test set', async () => {
    const [file, test] = await Promise.all([readFile('public/data/mnist-test.bin'), loadMnist('test')]);
    const shipped = parsePacked(new Uint8Array(file));
    expect(shipped).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(Buffer.compare(Buffer.from(shipped.labels), Buffer.from(test.labels))).toBe(0);
    expect(Buffer.compare(Buffer.from(shipped.images), Buffer.from(test.images))).toBe(0);
  });
});
