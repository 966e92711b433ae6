/**
 * Why an attack did not succeed, in the words of its own success rule. Each run folds every booked
 * iterate into IterateStats (carried across a backend fallback in the booking, see resume.ts); the
 * reason is then built from them: where f came closest, and for MINE-UAE which of "f ≤ 0" and
 * "I > 0" never held together.
 */

export interface IterateStats {
  /** Iterates booked. */
  n: number;
  /** Smallest f booked, and the iteration (from 1, over all search steps) that booked it. */
  smallestF: number;
  smallestFIter: number;
  /** Iterates with f ≤ 0, with I > 0, and with both. */
  fMet: number;
  miMet: number;
  bothMet: number;
  /** Largest I among the iterates with f ≤ 0 (null before one). */
  largestMiWhereFMet: number | null;
}

export function emptyStats(): IterateStats {
  return {
    n: 0,
    smallestF: Infinity,
    smallestFIter: 0,
    fMet: 0,
    miMet: 0,
    bothMet: 0,
    largestMiWhereFMet: null,
  };
}

/** Folds one booked iterate (f, I; I is NaN for methods without one) into `s`, in place. */
export function foldIterate(s: IterateStats, f: number, mi: number, iter: number): void {
  s.n += 1;
  if (f < s.smallestF) {
    s.smallestF = f;
    s.smallestFIter = iter;
  }
  const fOk = f <= 0;
  const miOk = mi > 0;
  if (fOk) {
    s.fMet += 1;
    if (!Number.isNaN(mi) && (s.largestMiWhereFMet === null || mi > s.largestMiWhereFMet))
      s.largestMiWhereFMet = mi;
  }
  if (miOk) s.miMet += 1;
  if (fOk && miOk) s.bothMet += 1;
}

export function copyStats(s: IterateStats): IterateStats {
  return { ...s };
}

/** How a method's iterations are counted: T in all, or T per step of a binary search. */
export interface RunShape {
  /** Iterations per run (MinMax, PGD, MINE-UAE) or per search step (penalty, L2-UAE). */
  iters: number;
  /** Binary-search methods: how many steps ran, and c at the first and the last. */
  search?: { steps: number; firstC: number; lastC: number };
  cancelled: boolean;
}

const num = (v: number) =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toPrecision(3);

function at(iter: number, shape: RunShape): string {
  if (shape.search === undefined) return `iteration ${iter}`;
  const step = Math.floor((iter - 1) / shape.iters);
  return `iteration ${iter - step * shape.iters} of search step ${step + 1}`;
}

function ran(s: IterateStats, shape: RunShape): string {
  const its = `${s.n} iteration${s.n === 1 ? '' : 's'}`;
  const prefix = shape.cancelled ? `cancelled after ${its}: ` : '';
  return prefix;
}

/**
 * The reason for a run with no success under the rule "f ≤ 0" (MinMax, penalty, PGD, L2-UAE): f never
 * reached 0, with the closest iterate; for a binary search, over how many steps and which c.
 */
export function marginFailure(s: IterateStats, shape: RunShape): string {
  if (s.n === 0) return shape.cancelled ? 'cancelled before any iteration ran' : 'no iteration ran';
  const closest = `smallest f ${num(s.smallestF)} at ${at(s.smallestFIter, shape)}`;
  if (shape.search !== undefined) {
    const { steps, firstC, lastC } = shape.search;
    const cs = steps > 1 ? `c from ${num(firstC)} to ${num(lastC)}` : `c = ${num(firstC)}`;
    return `${ran(s, shape)}f stayed > 0 in all ${steps} search step${steps === 1 ? '' : 's'} (${cs}; ${closest})`;
  }
  const span = s.n === 1 ? 'at the only iteration' : `for all ${s.n} iterations`;
  return `${ran(s, shape)}f stayed > 0 ${span} (${closest})`;
}

/** The reason for a MINE-UAE with no success (f ≤ 0 and I > 0 at the same iterate). */
export function uaeFailure(s: IterateStats, shape: RunShape): string {
  if (s.n === 0) return shape.cancelled ? 'cancelled before any iteration ran' : 'no iteration ran';
  const head = ran(s, shape);
  const closest = `smallest f ${num(s.smallestF)} at ${at(s.smallestFIter, shape)}`;
  const miElsewhere =
    s.miMet === 0
      ? 'I > 0 never held'
      : `I > 0 held at ${s.miMet} other iteration${s.miMet === 1 ? '' : 's'}`;
  if (s.fMet === 0) {
    const mi = s.miMet === 0 ? 'and I > 0 never held either' : `while I > 0 held at ${s.miMet}`;
    return `${head}f never ≤ 0 in ${s.n} iteration${s.n === 1 ? '' : 's'} (${closest}), ${mi}`;
  }
  const largest = s.largestMiWhereFMet === null ? '' : ` (largest I there ${num(s.largestMiWhereFMet)})`;
  return `${head}f ≤ 0 held at ${s.fMet} iteration${s.fMet === 1 ? '' : 's'} but I was ≤ 0 at each of them${largest}; ${miElsewhere}`;
}
