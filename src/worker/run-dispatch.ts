/**
 * The Run view's messages in the worker: run, pause, resume, step and cancel. One run holds the
 * backend at a time (run-lifecycle.ts); a run whose backend fails continues on the next one from its
 * last good iteration (EngineBackend.fallBack, resume.ts).
 */
import type { AttackOptions } from '../core/attacks/options';
import { trackerFor, type ResumeState } from '../core/attacks/resume';
import { KindedError, kindOf } from '../core/errors';
import { loadAutoencoder } from './autoencoder';
import type { EngineBackend } from './engine-backend';
import { describe, detailOf } from './error-text';
import { fallbackMessage } from './fallback-message';
import type {
  BackendName,
  CancelMessage,
  PauseMessage,
  ResumeMessage,
  RunMessage,
  StepMessage,
} from './protocol';
import { METHOD_TRAITS } from '../core/vocabulary';
import { executeRun, settingsToOptions, type RunWrapper } from './run';
import { RunLifecycle, type Ignored, type LifecycleRun, type LifecycleState } from './run-lifecycle';
import type { Post } from './run-stream';

export type RunControlMessage = RunMessage | PauseMessage | ResumeMessage | StepMessage | CancelMessage;

/** What wraps the stepped run of a run on `backend`, if anything (the worker's ?fault= hook). */
export type WrapperFor = (backend: BackendName, opts: AttackOptions) => RunWrapper | undefined;

export class RunDispatch {
  /** The run holding the backend (one at a time) and the one waiting for it. */
  private readonly runs = new RunLifecycle<RunMessage>();

  constructor(
    private readonly engine: EngineBackend,
    private readonly post: Post,
    private readonly wrapperFor: WrapperFor = () => undefined,
  ) {}

  get state(): LifecycleState {
    return this.runs.state;
  }

  /** `refusal`: why a new run cannot start now (another job holds the engine), or null. */
  handle(message: RunControlMessage, refusal: () => string | null): void {
    switch (message.type) {
      case 'run': {
        const why = refusal();
        if (why !== null) {
          this.post({ type: 'error', runId: message.runId, code: 'run-failed', message: why });
          return;
        }
        // Never refused: a run that finds the backend busy waits for the old run to release it.
        const outcome = this.runs.request(message);
        if (outcome.kind === 'start') this.launch(outcome.run);
        else if (outcome.replaced !== null)
          this.note({
            ignored: `run ${outcome.replaced}, replaced by run ${message.runId} before it started`,
          });
        return;
      }
      case 'pause':
        this.note(this.runs.pause(message.runId));
        return;
      case 'resume':
        this.note(this.runs.resume(message.runId));
        return;
      case 'step': {
        const { runs } = this;
        const target = runs.waiting?.runId === message.runId ? runs.waiting : runs.active;
        if (
          message.part !== 'both' &&
          (target === null || !METHOD_TRAITS[target.message.settings.method].twoPlayers)
        ) {
          this.post({
            type: 'error',
            code: 'not-implemented',
            message:
              'Only MinMax and MINE-UAE have two players to step apart; penalty, PGD and L2-UAE step whole iterations.',
          });
          return;
        }
        this.note(runs.step(message.runId, message.part));
        return;
      }
      case 'cancel':
        this.note(this.runs.cancel(message.runId));
        return;
    }
  }

  /** Starts a run the lifecycle has given the backend; when it ends, the queued run (if any) follows. */
  private launch(run: LifecycleRun<RunMessage>): void {
    void this.execute(run).finally(() => {
      const next = this.runs.finish(run.runId);
      if (next !== null) this.launch(next);
    });
  }

  /** Control messages for another run than the current one are expected after a restart; say so quietly. */
  private note(ignored: Ignored): void {
    if (ignored !== null) this.post({ type: 'log', level: 'debug', message: `Ignored: ${ignored.ignored}` });
  }

  private async execute({ message, control }: LifecycleRun<RunMessage>): Promise<void> {
    const { runId } = message;
    // The run has begun (setup done, the loop next) when it announces itself.
    const postRun: Post = (m, transfer) => {
      if (m.type === 'run-started') this.note(this.runs.began(m.runId));
      this.post(m, transfer);
    };
    let opts;
    try {
      opts = settingsToOptions(message);
    } catch (e) {
      this.post({
        type: 'error',
        runId,
        code: 'invalid-settings',
        message: `Cannot run with these settings: ${describe(e).message}`,
      });
      return;
    }
    try {
      // The run continues on the fallback backend from the last iteration it reported (t, δ, c, a
      // binary search's bounds and the booked best; a MINE critic restarts, see resume.ts).
      const tracker = trackerFor(message.settings.method, opts);
      const unsupervised = message.settings.task === 'unsupervised';
      let from: ResumeState | null = null;
      for (;;) {
        const backend = this.engine.current;
        const classifier = this.engine.classifier;
        if (backend === null || (!unsupervised && classifier === null))
          throw new Error('the engine is not ready');
        // Outside the fallback: a missing or broken autoencoder file is not the backend's fault.
        const model = unsupervised
          ? { autoencoder: await loadAutoencoder(message.settings.ae) }
          : { classifier: classifier! };
        try {
          const attempt = { backend, from, tracker, wrap: this.wrapperFor(backend, opts) };
          await executeRun(message, opts, control, model, attempt, postRun);
          return;
        } catch (e) {
          // A model whose outputs are not finite fails on every backend alike: no fallback for it.
          if (control.isCancelled || kindOf(e) === 'invalid-input') throw e;
          const why = describe(e).message;
          const next = await this.engine.fallBack(backend, why);
          if (next === null) throw e;
          from = tracker.state();
          this.post({
            type: 'error',
            code: 'backend-failed',
            message: fallbackMessage({
              failed: backend,
              next,
              why,
              method: message.settings.method,
              iters: opts.iters,
              last: tracker.lastRecord,
              from,
            }),
          });
        }
      }
    } catch (e) {
      // On the last backend too: a divergence, not a backend fault.
      const diverged = e instanceof KindedError && e.kind === 'diverged';
      this.post({
        type: 'error',
        runId,
        code: 'run-failed',
        message: diverged
          ? `The run diverged at iteration ${e.details.iteration}: ${e.message}`
          : `The run failed: ${describe(e).message}`,
        ...detailOf(e),
      });
    }
  }
}
