/**
 * The augmentation experiment the worker runs (experiment.ts does the work): one at a time, never
 * alongside a run or an evidence job (the worker refuses those), cancelled on request.
 */
import type { EngineBackend } from './engine-backend';
import { describe, detailOf } from './error-text';
import { executeExperiment } from './experiment';
import type { ExperimentStartMessage } from './protocol';
import type { Post } from './run-stream';

export class ExperimentJob {
  private running: { experimentId: number; abort: AbortController } | null = null;

  constructor(
    private readonly engine: EngineBackend,
    private readonly post: Post,
  ) {}

  /** An experiment holds the backend. */
  get active(): boolean {
    return this.running !== null;
  }

  cancel(experimentId: number): void {
    if (this.running?.experimentId === experimentId) this.running.abort.abort();
  }

  async start(message: ExperimentStartMessage): Promise<void> {
    const { experimentId } = message;
    const mine = { experimentId, abort: new AbortController() };
    this.running = mine;
    try {
      await this.engine.ready();
      if (this.engine.current === null) throw new Error('the engine is not ready');
      await executeExperiment(experimentId, message.config, mine.abort.signal, this.post);
    } catch (e) {
      this.post({
        type: 'error',
        experimentId,
        code: 'experiment-failed',
        message: `The augmentation experiment failed: ${describe(e).message}`,
        ...detailOf(e),
      });
    } finally {
      if (this.running === mine) this.running = null;
    }
  }
}
