/**
 * The exact mutual information of the MINE lab's known cases, and the check of a 2×2 joint table:
 * plain numbers, no tfjs (the app's main thread shows these beside the live estimate).
 */
/** A joint table of two bits: p[2x + y] = P(X = x, Y = y). */
export type BitTable = readonly [number, number, number, number];

/**
 * A joint table normalised to sum 1; throws a RangeError that says what is wrong (a negative,
 * non-finite or all-zero entry).
 */
export function checkBitTable(p: readonly number[]): BitTable {
  if (p.length !== 4) throw new RangeError(`a 2×2 table has 4 entries, got ${p.length}`);
  p.forEach((v, i) => {
    const cell = `P(X=${i >> 1}, Y=${i & 1})`;
    if (!Number.isFinite(v)) throw new RangeError(`${cell} must be a finite number, got ${v}`);
    if (v < 0) throw new RangeError(`${cell} must not be negative, got ${v}`);
  });
  const sum = p[0]! + p[1]! + p[2]! + p[3]!;
  if (!(sum > 0)) throw new RangeError('the table needs at least one positive entry');
  return [p[0]! / sum, p[1]! / sum, p[2]! / sum, p[3]! / sum];
}

export const trueMi = {
  gaussian: (rho: number, dim = 1) => -0.5 * dim * Math.log(1 - rho * rho),
  /** Σ p log p/(p_x p_y) in nats, over the cells with p > 0 (0 log 0 = 0). */
  table(p: readonly number[]): number {
    const q = checkBitTable(p);
    const px = [q[0] + q[1], q[2] + q[3]];
    const py = [q[0] + q[2], q[1] + q[3]];
    let i = 0;
    q.forEach((v, k) => {
      if (v > 0) i += v * Math.log(v / (px[k >> 1]! * py[k & 1]!));
    });
    return Math.max(0, i);
  },
  /** ln 2 − H_b(p) in nats. */
  bsc: (p: number) =>
    p <= 0 || p >= 1 ? Math.log(2) : Math.log(2) + p * Math.log(p) + (1 - p) * Math.log(1 - p),
};
