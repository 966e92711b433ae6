/** What the user reads after a backend fallback: where the run failed, and how it goes on. */
import type { RecordPosition, ResumeState } from '../core/attacks/resume';
import type { BackendName } from './protocol';

export interface FallbackFacts {
  failed: BackendName;
  next: BackendName;
  why: string;
  method: 'minmax' | 'penalty' | 'pgd' | 'mine-uae';
  /** Iterations per search step (penalty) or in all. */
  iters: number;
  /** The last iteration the run reported before the failure (null: none). */
  last: RecordPosition | null;
  /** Where the run continues from (null: afresh). */
  from: ResumeState | null;
}

/** "iteration 3", or for penalty "iteration 3 of search step 2" (both counted from 1). */
function iteration(method: FallbackFacts['method'], iters: number, step: number, t: number): string {
  if (method !== 'penalty') return `iteration ${t}`;
  // The iteration after a step's last is the next step's first.
  return t > iters ? `iteration 1 of search step ${step + 2}` : `iteration ${t} of search step ${step + 1}`;
}

export function fallbackMessage(f: FallbackFacts): string {
  const { failed, next, why, method, iters, last, from } = f;
  const failedAt = iteration(method, iters, last?.searchStep ?? 0, (last?.t ?? 0) + 1);
  const head = `The ${failed} backend failed at ${failedAt} (${why}); switched to ${next}`;
  if (from === null) return `${head} and restarted the run from iteration 1 (no iteration had completed).`;
  const step = from.search?.step ?? 0;
  const at = iteration(method, iters, step, from.t + 1);
  const delta = from.t === 0 ? 'δ0' : `the last δ (of iteration ${from.t})`;
  switch (method) {
    case 'pgd':
      return `${head} and continued from ${at} with ${delta} and the last success so far (PGD trains no critic: nothing restarts).`;
    case 'penalty': {
      const c = from.search?.state.c ?? NaN;
      const start =
        from.t >= iters
          ? `${at} with the search's next c (after c = ${c.toPrecision(3)}), its bounds`
          : `${at} with ${delta}, c = ${c.toPrecision(3)} and the search's bounds`;
      return `${head} and continued from ${start} and δ* so far (the MINE critic restarts: its weights stayed on the failed backend).`;
    }
    default:
      return `${head} and continued from ${at} with ${delta}, c and δ* so far (the MINE critic restarts: its weights stayed on the failed backend).`;
  }
}
