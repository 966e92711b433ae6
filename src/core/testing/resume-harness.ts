/** Drives stepped attack runs for the resume tests: to the end, or interrupted with a tracker. */
import type { AttackOptions } from '../attacks/options';
import { trackerFor, type RecordPosition, type ResumableMethod, type ResumeState } from '../attacks/resume';
import type { IterationRecord } from '../attacks/trace';

export interface Stepped<R> {
  done: boolean;
  step(): Promise<IterationRecord>;
  result(cancelled?: boolean): Promise<R>;
  dispose(): void;
}

export async function runAll<R>(run: Stepped<R>): Promise<{ recs: IterationRecord[]; result: R }> {
  const recs: IterationRecord[] = [];
  while (!run.done) recs.push(await run.step());
  const result = await run.result();
  run.dispose();
  return { recs, result };
}

/** Runs `k` iterations, folding them into the method's tracker as the worker does, then drops the run. */
export async function interrupted<R>(
  run: Stepped<R>,
  k: number,
  method: ResumableMethod,
  opts: AttackOptions,
): Promise<{ head: IterationRecord[]; state: ResumeState; last: RecordPosition | null }> {
  const tracker = trackerFor(method, opts);
  const head: IterationRecord[] = [];
  for (let i = 0; i < k; i++) {
    const rec = await run.step();
    head.push(rec);
    tracker.record(rec);
  }
  run.dispose();
  return { head, state: tracker.state()!, last: tracker.lastRecord };
}

/** A record as plain data (δ as a number list), for exact comparisons of traces. */
export function shown(r: IterationRecord) {
  return { ...r, delta: r.delta === undefined ? undefined : Array.from(r.delta) };
}
