// Textbook loops for the convolution gradients: the oracle the fast kernels are tested against.
// Straight from the definition y[b,oh,ow,co] = Σ x[b, oh·sh + fh − pt, ow·sw + fw − pl, c]·w[fh,fw,c,co].

export interface NaiveConv {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  out: [number, number, number, number];
  strides: [number, number];
  padTop: number;
  padLeft: number;
}

function forEachTap(
  s: NaiveConv,
  visit: (xIndex: number, wIndex: number, yIndex: number) => void,
): void {
  const [B, H, W, C] = s.x;
  const [fH, fW, , K] = s.filter;
  const [, OH, OW] = s.out;
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let fh = 0; fh < fH; fh++)
          for (let fw = 0; fw < fW; fw++) {
            const h = oh * s.strides[0] + fh - s.padTop;
            const w = ow * s.strides[1] + fw - s.padLeft;
            if (h < 0 || h >= H || w < 0 || w >= W) continue;
            for (let c = 0; c < C; c++)
              for (let k = 0; k < K; k++) {
                visit(((b * H + h) * W + w) * C + c, ((fh * fW + fw) * C + c) * K + k, ((b * OH + oh) * OW + ow) * K + k);
              }
          }
}

export function naiveBackpropFilter(s: NaiveConv, x: Float32Array, dy: Float32Array): Float64Array {
  const dw = new Float64Array(s.filter.reduce((a, d) => a * d, 1));
  forEachTap(s, (xi, wi, yi) => (dw[wi]! += x[xi]! * dy[yi]!));
  return dw;
}

export function naiveBackpropInput(s: NaiveConv, w: Float32Array, dy: Float32Array): Float64Array {
  const dx = new Float64Array(s.x.reduce((a, d) => a * d, 1));
  forEachTap(s, (xi, wi, yi) => (dx[xi]! += w[wi]! * dy[yi]!));
  return dx;
}
