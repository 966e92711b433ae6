// npm run pack-data: writes, in the packed format (src/core/data/packed.ts) that the browser app loads,
// public/data/mnist-test.bin (the 10,000 MNIST test images and labels) and mnist-train.bin (the first
// 5,000 training images: the pool of the augmentation experiment in the browser).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnist } from '../src/core/data/mnist-node';
import { encodePacked, parsePacked } from '../src/core/data/packed';
import type { ImageSet } from '../src/core/data/dataset';

const OUT_DIR = join('public', 'data');
export const BROWSER_TRAIN_IMAGES = 5000;

async function write(file: string, set: ImageSet): Promise<void> {
  const packed = encodePacked(set);
  // Round-trip before writing, so a broken encoder never ships a file.
  const back = parsePacked(packed);
  if (back.count !== set.count || back.labels[0] !== set.labels[0]) throw new Error('pack-data: round trip failed');
  await mkdir(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, file);
  await writeFile(path, packed);
  process.stderr.write(`wrote ${path}: ${set.count} images ${set.rows}×${set.cols}, ${packed.byteLength} bytes\n`);
}

async function main(): Promise<void> {
  const [test, train] = await Promise.all([loadMnist('test'), loadMnist('train')]);
  await write('mnist-test.bin', test);
  const n = BROWSER_TRAIN_IMAGES;
  const px = train.rows * train.cols;
  await write('mnist-train.bin', {
    ...train,
    count: n,
    labels: train.labels.subarray(0, n),
    images: train.images.subarray(0, n * px),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
