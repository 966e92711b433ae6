/** The MNIST test set shipped in public/data, for the gallery (the worker is sent pixels, not indices). */
import type { ImageSet } from '../core/data/dataset';
import { parsePacked } from '../core/data/packed';
import { IMAGE_PIXELS } from '../worker/protocol';
import type { ChosenImage } from './run-store';

let loading: Promise<ImageSet> | null = null;

export function loadMnistTest(): Promise<ImageSet> {
  loading ??= fetch(`${import.meta.env.BASE_URL}data/mnist-test.bin`).then(async (response) => {
    if (!response.ok) throw new Error(`the MNIST test set did not load (HTTP ${response.status})`);
    return parsePacked(await response.arrayBuffer());
  });
  return loading;
}

export function testImage(set: ImageSet, index: number): ChosenImage {
  const bytes = set.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
  return {
    source: 'test',
    index,
    label: set.labels[index]!,
    pixels: Float32Array.from(bytes, (b) => b / 255),
  };
}
