/**
 * The worker's run lifecycle as one explicit state machine, free of tfjs so it can be tested alone.
 * One run holds the backend at a time; a run that arrives while another still holds it (starting,
 * running, paused or cancelling) waits in a one-place queue and starts as soon as the old run has
 * released its tensors. A newer request replaces a queued one: only the latest run the UI asked for
 * ever starts. Messages for any other run id are stale and change nothing.
 */
import type { StepPart } from './protocol';
import { RunControl } from './run-control';

export type LifecycleState = 'idle' | 'starting' | 'running' | 'paused' | 'cancelling';

/**
 * start: a run takes the backend; began/beganPaused: its setup is done and the loop takes over;
 * pause, resume, cancel: the UI's controls; finish: the run has ended and released its tensors.
 */
export type LifecycleEvent = 'start' | 'began' | 'beganPaused' | 'pause' | 'resume' | 'cancel' | 'finish';

/**
 * Every allowed transition; an event missing from a state's row is ignored in that state (a pause
 * for a run that is cancelling, say). While starting, pause and resume stay 'starting': the run's
 * control keeps them and the loop obeys them once it begins.
 */
export const TRANSITIONS: Readonly<
  Record<LifecycleState, Readonly<Partial<Record<LifecycleEvent, LifecycleState>>>>
> = {
  idle: { start: 'starting' },
  starting: {
    began: 'running',
    beganPaused: 'paused',
    pause: 'starting',
    resume: 'starting',
    cancel: 'cancelling',
    finish: 'idle',
  },
  running: { pause: 'paused', resume: 'running', cancel: 'cancelling', finish: 'idle' },
  paused: { pause: 'paused', resume: 'running', cancel: 'cancelling', finish: 'idle' },
  cancelling: { cancel: 'cancelling', finish: 'idle' },
};

/** A run the lifecycle knows of, with the control its loop obeys. */
export interface LifecycleRun<M> {
  readonly runId: number;
  readonly message: M;
  readonly control: RunControl;
}

/** What the worker must do after a request. */
export type RequestOutcome<M> =
  | { readonly kind: 'start'; readonly run: LifecycleRun<M> }
  | { readonly kind: 'queued'; readonly replaced: number | null };

/** Why a message changed nothing: the worker logs it at debug level. */
export type Ignored = { readonly ignored: string } | null;

export class RunLifecycle<M extends { readonly runId: number; readonly paused: boolean }> {
  private lifecycleState: LifecycleState = 'idle';
  private current: LifecycleRun<M> | null = null;
  private queued: LifecycleRun<M> | null = null;

  get state(): LifecycleState {
    return this.lifecycleState;
  }

  /** The run holding the backend, if any. */
  get active(): LifecycleRun<M> | null {
    return this.current;
  }

  /** The run waiting for the backend, if any. */
  get waiting(): LifecycleRun<M> | null {
    return this.queued;
  }

  /**
   * A new run: it starts now when idle; otherwise it waits for the current run, which is cancelled
   * if the UI has not done so already (the UI wants the newest run, never two at once).
   */
  request(message: M): RequestOutcome<M> {
    const run: LifecycleRun<M> = { runId: message.runId, message, control: new RunControl(message.paused) };
    if (this.current === null) {
      this.current = run;
      this.fire('start');
      return { kind: 'start', run };
    }
    if (this.lifecycleState !== 'cancelling') this.cancelCurrent();
    const replaced = this.queued?.runId ?? null;
    this.queued = run;
    return { kind: 'queued', replaced };
  }

  /** The current run's setup is done; its loop starts running or paused, as its control says. */
  began(runId: number): Ignored {
    const run = this.current;
    if (run === null || run.runId !== runId) return stale('began', runId);
    if (this.lifecycleState !== 'starting') return null;
    this.fire(run.control.state === 'paused' ? 'beganPaused' : 'began');
    return null;
  }

  pause(runId: number): Ignored {
    return this.control(runId, 'pause', (c) => {
      c.pause();
    });
  }

  resume(runId: number): Ignored {
    return this.control(runId, 'resume', (c) => {
      c.resume();
    });
  }

  step(runId: number, part: StepPart): Ignored {
    return this.control(runId, null, (c) => {
      c.step(part);
    });
  }

  /** Cancels the current run, or a queued one (which then starts cancelled and ends at once). */
  cancel(runId: number): Ignored {
    if (this.queued?.runId === runId) {
      this.queued.control.cancel();
      return null;
    }
    if (this.current?.runId !== runId) return stale('cancel', runId);
    this.cancelCurrent();
    return null;
  }

  /**
   * The current run has ended and released its tensors: the queued run, if any, takes the backend
   * and is returned for the worker to start.
   */
  finish(runId: number): LifecycleRun<M> | null {
    if (this.current?.runId !== runId) return null;
    this.fire('finish');
    this.current = null;
    const next = this.queued;
    this.queued = null;
    if (next !== null) {
      this.current = next;
      this.fire('start');
    }
    return next;
  }

  private cancelCurrent(): void {
    this.current?.control.cancel();
    this.fire('cancel');
  }

  /**
   * Applies a control message to the run it names: the current run (pause and resume move the
   * state), or the queued one, whose control keeps it for when it starts.
   */
  private control(runId: number, event: LifecycleEvent | null, apply: (c: RunControl) => void): Ignored {
    if (this.queued?.runId === runId) {
      apply(this.queued.control);
      return null;
    }
    if (this.current?.runId !== runId) return stale(event ?? 'step', runId);
    if (this.lifecycleState === 'cancelling') return { ignored: `run ${runId} is being cancelled` };
    apply(this.current.control);
    if (event !== null) this.fire(event);
    return null;
  }

  private fire(event: LifecycleEvent): void {
    const next = TRANSITIONS[this.lifecycleState][event];
    if (next !== undefined) this.lifecycleState = next;
  }
}

function stale(what: string, runId: number): Ignored {
  return { ignored: `${what} for run ${runId}, which is no longer current` };
}
