/**
 * The MINE lab's job in the worker: train the known-MI critic (core/mine/known-mi.ts) with the chosen
 * bound on the engine's backend, and stream the bound's value every few steps. One lab job at a time;
 * the engine worker refuses it while anything else holds the backend.
 */
import { estimateKnownMi, samplers } from '../core/mine/known-mi';
import type { BackendName } from './protocol';
import { parseLabToWorker, type LabStartMessage, type LabToUi } from './protocol-lab';
import { yieldToEvents } from './yield';

/** A progress message at most this often (and at the last step). */
const PROGRESS_MS = 100;
/** The estimate shown is the mean of this many latest batch values (a batch value is noisy). */
export const LAB_AVERAGE = 50;

export interface LabEngine {
  readonly ready: () => Promise<unknown>;
  readonly backend: () => BackendName | null;
  /** Why the engine cannot take the lab now, or null. */
  readonly busy: () => string | null;
}

export class LabJob {
  private job: { jobId: number; abort: AbortController } | null = null;

  constructor(
    private readonly engine: LabEngine,
    private readonly post: (message: LabToUi) => void,
  ) {}

  get active(): boolean {
    return this.job !== null;
  }

  /** Takes `data` if it is a lab message (a bad one goes to `invalid`); false for any other message. */
  receive(data: unknown, invalid: (error: string) => void): boolean {
    const parsed = parseLabToWorker(data);
    if (parsed === null) return false;
    if (!parsed.ok) invalid(parsed.error);
    else if (parsed.value.type === 'lab-cancel') {
      if (this.job?.jobId === parsed.value.jobId) this.job.abort.abort();
    } else {
      const busy =
        this.job !== null ? 'The MINE lab is already training; cancel it first.' : this.engine.busy();
      if (busy === null) void this.run(parsed.value);
      else this.post({ type: 'lab-error', jobId: parsed.value.jobId, message: busy });
    }
    return true;
  }

  private async run(m: LabStartMessage): Promise<void> {
    const mine = { jobId: m.jobId, abort: new AbortController() };
    this.job = mine;
    const started = performance.now();
    try {
      await this.engine.ready();
      const backend = this.engine.backend();
      if (backend === null) throw new Error('the engine is not ready');
      const sampler = m.source === 'table' ? samplers.table(m.table) : samplers.gaussian(m.rho, m.dim);
      const recent: number[] = [];
      let pending: number[] = [];
      let last = -Infinity;
      const mean = () => recent.reduce((a, b) => a + b, 0) / recent.length;
      const result = await estimateKnownMi(
        sampler,
        {
          steps: m.steps,
          batch: m.batch,
          lr: m.lr,
          seed: m.seed,
          bound: m.bound,
          tau: m.tau,
          averageLast: LAB_AVERAGE,
        },
        {
          signal: mine.abort.signal,
          onStep: async (step, value) => {
            recent.push(value);
            if (recent.length > LAB_AVERAGE) recent.shift();
            pending.push(value);
            const now = performance.now();
            if (now - last >= PROGRESS_MS || step === m.steps) {
              last = now;
              this.post({ type: 'lab-progress', jobId: m.jobId, step, values: pending, estimate: mean() });
              pending = [];
              // Lets a lab-cancel in (on cpu and wasm, data() settles without leaving the task).
              await yieldToEvents();
            }
          },
        },
      );
      this.post({
        type: 'lab-done',
        jobId: m.jobId,
        step: result.trace.length,
        estimate: result.estimate,
        cancelled: mine.abort.signal.aborted,
        seconds: (performance.now() - started) / 1000,
        backend,
      });
    } catch (e) {
      this.post({
        type: 'lab-error',
        jobId: m.jobId,
        message: `The MINE lab's training failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    } finally {
      if (this.job === mine) this.job = null;
    }
  }
}
