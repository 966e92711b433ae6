// MaxPoolGrad in plain TS for wasm, whose native kernel is a slow scalar loop (~25 ms per pool layer
// at batch 128). Ties go to the first maximum in the window, as on the cpu backend.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import { accessFor, type BackendAccess } from './backend-access';
import { assertShape } from './conv-geometry';

const NAME = 'MaxPoolGrad';

export function maxPoolGrad(access: BackendAccess, dy: TensorInfo, input: TensorInfo, attrs: NamedAttrMap): TensorInfo {
  if (dy.dtype !== 'float32' || input.dtype !== 'float32') throw new Error(`${NAME} (fast kernel): float32 only`);
  if (input.shape.length !== 4) throw new Error(`${NAME} (fast kernel): input must be rank 4 (NHWC)`);
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: fH, filterWidth: fW, strideHeight: sh, strideWidth: sw } = info;
  assertShape(`${NAME} dy`, dy.shape, [B, OH, OW, C]);

  const out = access.alloc([...input.shape], 'float32');
  const x = access.view(input);
  const g = access.view(dy);
  const dx = access.view(out);
  dx.fill(0);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - info.padInfo.top;
      const hLo = Math.max(0, h0);
      const hHi = Math.min(H, h0 + fH);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sw - info.padInfo.left;
        const wLo = Math.max(0, w0);
        const wHi = Math.min(W, w0 + fW);
        best.fill(-Infinity);
        where.fill(-1);
        for (let h = hLo; h < hHi; h++) {
          for (let w = wLo; w < wHi; w++) {
            const p = ((b * H + h) * W + w) * C;
            for (let c = 0; c < C; c++) {
              const v = x[p + c]!;
              if (v > best[c]! || where[c] === -1) {
                best[c] = v;
                where[c] = p + c;
              }
            }
          }
        }
        const q = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          const at = where[c]!;
          if (at >= 0) dx[at]! += g[q + c]!;
        }
      }
    }
  }
  return out;
}

export function maxPoolGradKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs;
    if (dy === undefined || input === undefined) throw new Error(`${NAME} (fast kernel): needs inputs dy and input`);
    return maxPoolGrad(accessFor(backendName, backend), dy, input, attrs ?? {});
  };
}
