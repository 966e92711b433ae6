/**
 * The probe a loaded model is checked on before any command uses it: the image it will attack (when
 * there is one) and the first few MNIST test images. A model with NaN or overflowing weights gives
 * non-finite outputs on them and is refused (exit 2) instead of attacked or scored.
 */
import { toFloatBatch } from '../../core/data/dataset';
import { mnistTest } from '../context';

/** Test images in the probe: enough to meet a weight that only some inputs reach, still one batch. */
export const PROBE_IMAGES = 8;

export async function probeImages(first?: Float32Array): Promise<Float32Array> {
  const set = await mnistTest();
  const tests = toFloatBatch(
    set.images,
    Array.from({ length: Math.min(PROBE_IMAGES, set.count) }, (_, i) => i),
  );
  if (first === undefined) return tests;
  const out = new Float32Array(first.length + tests.length);
  out.set(first);
  out.set(tests, first.length);
  return out;
}
