// UnsortedSegmentSum for wasm, which lacks it (so the gradient of tf.gather fails there).
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { accessFor, type BackendAccess } from './backend-access';

const NAME = 'UnsortedSegmentSum';

/**
 * out[s, ...] = Σ over i with segmentIds[i] = s of x[i, ...]. segmentIds covers the leading axes of x.
 * Ids outside [0, numSegments) contribute nothing (TensorFlow drops negative ids the same way).
 */
export function unsortedSegmentSum(
  access: BackendAccess,
  x: TensorInfo,
  segmentIds: TensorInfo,
  numSegments: number,
): TensorInfo {
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`${NAME} (fast kernel): x must be float32 or int32`);
  if (segmentIds.dtype !== 'int32') throw new Error(`${NAME} (fast kernel): segmentIds must be int32`);
  if (!Number.isInteger(numSegments) || numSegments < 0) throw new Error(`${NAME} (fast kernel): bad numSegments ${numSegments}`);
  const idRank = segmentIds.shape.length;
  if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`${NAME} (fast kernel): segmentIds shape [${segmentIds.shape.join(',')}] is not a prefix of x shape [${x.shape.join(',')}]`);
  }
  const innerShape = x.shape.slice(idRank);
  const inner = util.sizeFromShape(innerShape);
  const count = util.sizeFromShape(segmentIds.shape);

  const out = access.alloc([numSegments, ...innerShape], x.dtype);
  const ids = access.view(segmentIds);
  const xs = access.view(x);
  const sums = access.view(out);
  sums.fill(0);
  for (let i = 0; i < count; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) sums[dst + j]! += xs[src + j]!;
  }
  return out;
}

export function unsortedSegmentSumKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs;
    if (x === undefined || segmentIds === undefined) throw new Error(`${NAME} (fast kernel): needs inputs x and segmentIds`);
    const numSegments = attrs?.numSegments;
    if (typeof numSegments !== 'number') throw new Error(`${NAME} (fast kernel): missing numSegments`);
    return unsortedSegmentSum(accessFor(backendName, backend), x, segmentIds, numSegments);
  };
}
