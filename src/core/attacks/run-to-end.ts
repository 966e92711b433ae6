/** Driving a stepped attack (MinMax, penalty, PGD, the UAEs) without a viewer: the CLI and batch runs. */
import type { AttackOptions } from './options';
import type { IterationRecord } from './trace';

export interface AttackHooks {
  /** Called after every iteration; awaited, so a slow consumer throttles the attack. */
  onIteration?: (r: IterationRecord) => void | Promise<void>;
  /** Cooperative cancel, checked between iterations. */
  signal?: AbortSignal;
}

/** What runToEnd drives: a run stepped one iteration at a time. */
export interface SteppedToEnd<R> {
  done: boolean;
  step(): Promise<IterationRecord>;
  result(cancelled?: boolean): Promise<R>;
  dispose(): void;
}

/** Runs a stepped attack to the end (or to a cancel), then asks it for its result. */
export async function runToEnd<R>(run: SteppedToEnd<R>, hooks: AttackHooks): Promise<R> {
  try {
    while (!run.done) {
      if (hooks.signal?.aborted) return await run.result(true);
      // Not `onIteration?.(await run.step())`: optional chaining would skip the step with no hook.
      const rec = await run.step();
      await hooks.onIteration?.(rec);
    }
    return await run.result();
  } finally {
    run.dispose();
  }
}

/**
 * The one-call form of a stepped attack, `attack(model, input, opts, hooks?)`: `start` builds the
 * run, which then runs to the end (runToEnd).
 */
export function attackToEnd<M, I, R>(
  start: (model: M, input: I, opts: AttackOptions) => SteppedToEnd<R> | Promise<SteppedToEnd<R>>,
): (model: M, input: I, opts: AttackOptions, hooks?: AttackHooks) => Promise<R> {
  return async (model, input, opts, hooks = {}) => runToEnd(await start(model, input, opts), hooks);
}
