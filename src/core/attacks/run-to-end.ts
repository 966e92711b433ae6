/** Driving a stepped attack (MinMax, penalty, PGD, the UAEs) without a viewer: the CLI and batch runs. */
import type { IterationRecord } from './trace';

/** Runs a stepped attack to the end (or to a cancel), then asks it for its result. */
export async function runToEnd<R>(
  run: {
    done: boolean;
    step(): Promise<IterationRecord>;
    result(cancelled?: boolean): Promise<R>;
    dispose(): void;
  },
  hooks: { onIteration?: (r: IterationRecord) => void | Promise<void>; signal?: AbortSignal },
): Promise<R> {
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
