/**
 * Pause, resume, step and cancel for a run in the worker, as plain state: the run loop asks `next()`
 * before every unit of work and waits there while paused. Kept free of tfjs so it can be tested alone.
 */
import type { RunState, StepPart } from './protocol';

export class RunControl {
  private runState: RunState;
  private cancelled = false;
  private readonly queued: StepPart[] = [];
  private wake: (() => void) | null = null;

  constructor(startPaused: boolean) {
    this.runState = startPaused ? 'paused' : 'running';
  }

  get state(): RunState {
    return this.runState;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  pause(): void {
    this.runState = 'paused';
  }

  resume(): void {
    this.runState = 'running';
    this.poke();
  }

  /** Queues one step; only meaningful while paused (a running loop would take it next anyway). */
  step(part: StepPart): void {
    this.queued.push(part);
    this.poke();
  }

  cancel(): void {
    this.cancelled = true;
    this.queued.length = 0;
    this.poke();
  }

  /**
   * The next unit of work: a queued step first, else a full iteration while running; waits while
   * paused with nothing queued. Null once cancelled.
   */
  async next(): Promise<StepPart | null> {
    for (;;) {
      if (this.cancelled) return null;
      const part = this.queued.shift();
      if (part !== undefined) return part;
      if (this.runState === 'running') return 'both';
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
