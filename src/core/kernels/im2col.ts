// Pure array rearrangements behind the fast convolution gradients. They work on plain typed arrays
// (heap views on wasm), so they are testable without any backend.
import type { ConvGeometry } from './conv-geometry';

/**
 * Copies samples [b0, b0 + nb) of an NHWC input to channel-major order [C][nb][H][W], so that every
 * image row of one channel is contiguous and im2col can copy whole runs.
 */
export function toChannelMajor(x: Float32Array, g: ConvGeometry, b0: number, nb: number, out: Float32Array): void {
  const { inH: H, inW: W, inC: C } = g;
  const plane = nb * H * W;
  for (let b = 0; b < nb; b++) {
    let src = (b0 + b) * H * W * C;
    const dstBase = b * H * W;
    for (let p = 0; p < H * W; p++) {
      let dst = dstBase + p;
      for (let c = 0; c < C; c++) {
        out[dst] = x[src + c]!;
        dst += plane;
      }
      src += C;
    }
  }
}

/**
 * Transposed im2col of nb samples held channel-major (see toChannelMajor): row k = (fh·fW + fw)·C + c,
 * column m = (b·outH + oh)·outW + ow. Then filter gradient = colsT · dy[m, outC], which lands directly
 * in the [fH, fW, C, outC] filter layout, and the product is a plain (untransposed) matMul, the fast
 * path of the wasm backend.
 */
export function im2colTransposed(xT: Float32Array, g: ConvGeometry, nb: number, out: Float32Array): void {
  const { inH: H, inW: W, inC: C, outH: OH, outW: OW, fH, fW, strideH: sh, strideW: sw, padTop, padLeft } = g;
  const cols = nb * OH * OW;
  for (let fh = 0; fh < fH; fh++) {
    for (let fw = 0; fw < fW; fw++) {
      // Output columns whose input column w = ow·sw + fw − padLeft falls inside the image.
      const wOffset = fw - padLeft;
      const owLo = Math.min(OW, Math.max(0, Math.ceil(-wOffset / sw)));
      const owHi = Math.max(owLo, Math.min(OW, Math.floor((W - 1 - wOffset) / sw) + 1));
      for (let c = 0; c < C; c++) {
        const rowBase = ((fh * fW + fw) * C + c) * cols;
        for (let b = 0; b < nb; b++) {
          const planeBase = (c * nb + b) * H * W;
          for (let oh = 0; oh < OH; oh++) {
            const dst = rowBase + (b * OH + oh) * OW;
            const h = oh * sh + fh - padTop;
            if (h < 0 || h >= H) {
              out.fill(0, dst, dst + OW);
              continue;
            }
            if (owLo > 0) out.fill(0, dst, dst + owLo);
            // A plain loop: runs are short (outW), where subarray + set costs more than it saves.
            const src = planeBase + h * W + wOffset;
            for (let ow = owLo; ow < owHi; ow++) out[dst + ow] = xT[src + ow * sw]!;
            if (owHi < OW) out.fill(0, dst + owHi, dst + OW);
          }
        }
      }
    }
  }
}

/**
 * Input gradient as a forward convolution: dy is spread onto a zero grid of stride (inH + fH − 1) ×
 * (inW + fW − 1) at rows oh·sh + fH − 1 − padTop (same for columns), so that a stride-1 'valid'
 * convolution of that grid with the flipped filter (flipFilter) gives dx. Positions that fall outside
 * the grid belong to output pixels that saw only padding and are dropped.
 */
export function spreadForInputGradient(dy: Float32Array, g: ConvGeometry, out: Float32Array): void {
  const { batch: B, outH: OH, outW: OW, outC: K, fH, fW, strideH: sh, strideW: sw, padTop, padLeft } = g;
  const PH = g.inH + fH - 1;
  const PW = g.inW + fW - 1;
  out.fill(0);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const p = oh * sh + fH - 1 - padTop;
      if (p < 0 || p >= PH) continue;
      for (let ow = 0; ow < OW; ow++) {
        const q = ow * sw + fW - 1 - padLeft;
        if (q < 0 || q >= PW) continue;
        const src = ((b * OH + oh) * OW + ow) * K;
        out.set(dy.subarray(src, src + K), ((b * PH + p) * PW + q) * K);
      }
    }
  }
}

/** out[fH−1−fh][fW−1−fw][co][c] = w[fh][fw][c][co]: the filter of the input-gradient convolution. */
export function flipFilter(w: Float32Array, g: ConvGeometry, out: Float32Array): void {
  const { fH, fW, inC: C, outC: K } = g;
  for (let fh = 0; fh < fH; fh++) {
    for (let fw = 0; fw < fW; fw++) {
      const src = (fh * fW + fw) * C * K;
      const dst = ((fH - 1 - fh) * fW + (fW - 1 - fw)) * K * C;
      for (let c = 0; c < C; c++) {
        for (let co = 0; co < K; co++) out[dst + co * C + c] = w[src + c * K + co]!;
      }
    }
  }
}
