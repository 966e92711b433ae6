/** What the user reads after a backend fallback: where the run failed, and how it goes on. */
import type { RecordPosition, ResumableMethod, ResumeState } from '../core/attacks/resume';
import { type BackendName } from './protocol';
import { traitsOf } from '../core/vocabulary';

export interface FallbackFacts {
  failed: BackendName;
  next: BackendName;
  why: string;
  method: ResumableMethod;
  /** Iterations per search step (penalty, L2-UAE) or in all. */
  iters: number;
  /** The last iteration the run reported before the failure (null: none). */
  last: RecordPosition | null;
  /** Where the run continues from (null: afresh). */
  from: ResumeState | null;
}

/** "iteration 3", or in a binary search "iteration 3 of search step 2" (both counted from 1). */
function iteration(method: ResumableMethod, iters: number, step: number, t: number): string {
  if (traitsOf(method)?.searches !== true) return `iteration ${t}`;
  // The iteration after a step's last is the next step's first.
  return t > iters ? `iteration 1 of search step ${step + 2}` : `iteration ${t} of search step ${step + 1}`;
}

/** What each method keeps of its best iterate, and what it loses with the failed backend. */
const KEPT: Record<ResumableMethod, { best: string; restarts: string }> = {
  minmax: {
    best: 'δ* so far',
    restarts: 'the MINE critic restarts: its weights stayed on the failed backend',
  },
  'mine-uae': {
    best: 'δ* so far',
    restarts: 'the MINE critic restarts: its weights stayed on the failed backend',
  },
  penalty: {
    best: 'δ* so far',
    restarts: 'the MINE critic restarts: its weights stayed on the failed backend',
  },
  pgd: { best: 'the last success so far', restarts: 'PGD trains no critic: nothing restarts' },
  'l2-uae': {
    best: 'the smallest successful δ so far',
    restarts: 'L2-UAE trains no critic: nothing restarts',
  },
};

export function fallbackMessage(f: FallbackFacts): string {
  const { failed, next, why, method, iters, last, from } = f;
  const failedAt = iteration(method, iters, last?.searchStep ?? 0, (last?.t ?? 0) + 1);
  const head = `The ${failed} backend failed at ${failedAt} (${why}); switched to ${next}`;
  if (from === null) return `${head} and restarted the run from iteration 1 (no iteration had completed).`;
  const at = iteration(method, iters, from.search?.step ?? 0, from.t + 1);
  const delta = from.t === 0 ? 'δ0' : `the last δ (of iteration ${from.t})`;
  const { best, restarts } = KEPT[method];
  let carried: string;
  if (from.search !== undefined) {
    const c = from.search.state.c.toPrecision(3);
    carried =
      from.t >= iters
        ? `the search's next c (after c = ${c}), its bounds and ${best}`
        : `${delta}, c = ${c}, the search's bounds and ${best}`;
  } else {
    carried = method === 'pgd' ? `${delta} and ${best}` : `${delta}, c and ${best}`;
  }
  return `${head} and continued from ${at} with ${carried} (${restarts}).`;
}
