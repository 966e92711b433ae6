/**
 * The one Compare, Batch or Paper job a worker runs at a time (evidence.ts and paper-job.ts do the
 * work): start it when the engine is free, cancel it on request, and report a failure as the job's
 * own error.
 */
import { KindedError } from '../core/errors';
import type { AttackedAutoencoder } from '../core/attacks/autoencoder-target';
import type { AttackedClassifier } from '../core/models/attacked-classifier';
import { executeBatch, executeCompare } from './evidence';
import { executePaper, type PaperPost } from './paper-job';
import type { AutoencoderKind, BackendName } from './protocol';
import { parseEvidenceToWorker, type EvidenceToWorker } from './protocol-evidence';
import { parsePaperToWorker, type PaperStartMessage } from './protocol-paper';

type JobMessage = EvidenceToWorker | PaperStartMessage;

/** What a job needs of the engine, read when the job starts (after a fallback they change). */
export interface JobEngine {
  readonly ready: () => Promise<unknown>;
  readonly backend: () => BackendName | null;
  readonly classifier: () => AttackedClassifier | null;
  readonly autoencoder: (name: AutoencoderKind) => Promise<AttackedAutoencoder>;
  /** Why the engine cannot take a job now (a run or an experiment holds it), or null. */
  readonly busy: () => string | null;
}

export class EvidenceJobs {
  private job: { jobId: number; abort: AbortController } | null = null;

  constructor(
    private readonly engine: JobEngine,
    private readonly post: PaperPost,
  ) {}

  /** A job holds the backend; runs and experiments wait their turn (the worker refuses them). */
  get active(): boolean {
    return this.job !== null;
  }

  /** Takes `data` if it is a job message (a bad one goes to `invalid`); false for any other message. */
  receive(data: unknown, invalid: (error: string) => void): boolean {
    const parsed = parseEvidenceToWorker(data) ?? parsePaperToWorker(data);
    if (parsed === null) return false;
    if (parsed.ok) this.handle(parsed.value);
    else invalid(parsed.error);
    return true;
  }

  handle(message: JobMessage): void {
    if (message.type === 'job-cancel') {
      if (this.job?.jobId === message.jobId) this.job.abort.abort();
      return;
    }
    const busy =
      this.job !== null
        ? 'A Compare, Batch or Paper job is already running; cancel it first.'
        : this.engine.busy();
    if (busy !== null) {
      this.post({ type: 'job-error', jobId: message.jobId, message: busy });
      return;
    }
    void this.run(message);
  }

  private async run(message: Exclude<JobMessage, { type: 'job-cancel' }>): Promise<void> {
    const { jobId } = message;
    const mine = { jobId, abort: new AbortController() };
    this.job = mine;
    const { signal } = mine.abort;
    try {
      await this.engine.ready();
      const backend = this.engine.backend();
      if (backend === null) throw new Error('the engine is not ready');
      const classifier = this.engine.classifier();
      if (message.type === 'paper-start') await executePaper(message, backend, signal, this.post);
      else if (message.type === 'compare-start') {
        const ae = message.settings.ae;
        const models = { classifier, autoencoder: () => this.engine.autoencoder(ae) };
        await executeCompare(message, models, backend, signal, this.post);
      } else {
        if (classifier === null) throw new Error('the classifier is not loaded');
        await executeBatch(message, classifier, backend, signal, this.post);
      }
    } catch (e) {
      const diverged = e instanceof KindedError && e.kind === 'diverged';
      const why = e instanceof Error ? e.message : String(e);
      this.post({
        type: 'job-error',
        jobId,
        message: `${diverged ? 'An attack diverged' : 'The job failed'}: ${why}`,
      });
    } finally {
      if (this.job === mine) this.job = null;
    }
  }
}
