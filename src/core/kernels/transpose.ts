/** out[b][c][r] = src[b][r][c] for `batch` row-major rows×cols matrices, in cache-sized tiles. */
export function transposeLast2(src: Float32Array, batch: number, rows: number, cols: number, out: Float32Array): void {
  const TILE = 32;
  for (let b = 0; b < batch; b++) {
    const base = b * rows * cols;
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const r1 = Math.min(rows, r0 + TILE);
      for (let c0 = 0; c0 < cols; c0 += TILE) {
        const c1 = Math.min(cols, c0 + TILE);
        for (let r = r0; r < r1; r++) {
          let s = base + r * cols + c0;
          let d = base + c0 * rows + r;
          for (let c = c0; c < c1; c++) {
            out[d] = src[s++]!;
            d += rows;
          }
        }
      }
    }
  }
}
