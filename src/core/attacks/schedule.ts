/** The two schedules on the penalty weight c, as pure functions (checked against docs/ALGORITHM.md §9). */

/** MinMax dual ascent: c_t = max(0, (1 − β/t^¼)·c_{t−1} + β·f⁺), t from 1. */
export function nextC(c: number, t: number, beta: number, fPlus: number): number {
  return Math.max(0, (1 - beta / Math.pow(t, 0.25)) * c + beta * fPlus);
}

export interface SearchState {
  c: number;
  lower: number;
  upper: number;
}

export function initialSearch(c0: number): SearchState {
  return { c: c0, lower: 0, upper: 1e10 };
}

/** Carlini–Wagner binary search on c after one outer step (no repeat step, no early abort). */
export function nextSearch(s: SearchState, succeeded: boolean): SearchState {
  if (succeeded) {
    const upper = Math.min(s.upper, s.c);
    return { lower: s.lower, upper, c: (s.lower + upper) / 2 };
  }
  const lower = Math.max(s.lower, s.c);
  return { lower, upper: s.upper, c: s.upper < 1e9 ? (lower + s.upper) / 2 : s.c * 10 };
}

/**
 * An iteration's number across a binary search: the penalty baseline and L2-UAE run T iterations
 * per search step and number them on from one step to the next (MinMax runs one step, step 0).
 */
export function globalIteration(searchStep: number, itersPerStep: number, t: number): number {
  return searchStep * itersPerStep + t;
}
