/**
 * The state every evidence job shares (Compare, Batch evaluation, Paper), and the Paper job's own:
 * what the store keeps of a job in the worker, and how the Paper messages change it. Pure data and
 * functions (the store, evidence-store.ts, holds them; tests use them without a browser).
 */
import { duration } from '../core/experiments/reproduce/markdown';
import { settingsFor } from '../core/experiments/reproduce/scales';
import type {
  ExperimentName,
  Figure,
  ReproduceRecord,
  ReproduceState,
  ScaleName,
} from '../core/experiments/reproduce/types';
import type { RunSettings } from '../worker/protocol';
import type { FairMiRequest } from '../worker/protocol-evidence';
import type { PaperToUi, PaperViewScale } from '../worker/protocol-paper';

export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface JobProgress {
  readonly done: number;
  readonly total: number;
  readonly message: string;
  /** The worker's estimate of the seconds left (the Paper view's cost model), at `at` (performance.now()). */
  readonly etaSeconds?: number | null;
  readonly at?: number;
}

/** What a job ran with, recorded for the export and stated on screen. */
export interface JobSetup {
  readonly settings: RunSettings;
  readonly fairMi: FairMiRequest;
}

export interface JobState {
  readonly status: JobStatus;
  readonly jobId: number;
  readonly setup: JobSetup | null;
  readonly progress: JobProgress | null;
  readonly error: string | null;
  readonly cancelling: boolean;
  /** performance.now() at the start and end, for the ETA and the elapsed time. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** The worker's total, once done. */
  readonly seconds: number | null;
  readonly backend: string | null;
}

export interface PaperState extends JobState {
  readonly name: ExperimentName | null;
  readonly scale: PaperViewScale | null;
  readonly seed: number | null;
  /** The record (partial when cancelled), its figures and its table lines and Markdown. */
  readonly record: ReproduceRecord | null;
  readonly figures: readonly Figure[];
  readonly table: readonly string[];
  readonly markdown: string;
  /** A cancelled run's finished units: Resume continues from them. */
  readonly partial: ReproduceState | null;
}

export const idleJob: JobState = {
  status: 'idle',
  jobId: 0,
  setup: null,
  progress: null,
  error: null,
  cancelling: false,
  startedAt: 0,
  endedAt: 0,
  seconds: null,
  backend: null,
};

export const idlePaper: PaperState = {
  ...idleJob,
  name: null,
  scale: null,
  seed: null,
  record: null,
  figures: [],
  table: [],
  markdown: '',
  partial: null,
};

/** Seconds left at the pace so far (null before the first result). */
export function etaSeconds(done: number, total: number, elapsedMs: number): number | null {
  if (done <= 0 || done >= total) return null;
  return ((elapsedMs / done) * (total - done)) / 1000;
}

/** What a Paper message changes in its job. */
export function paperUpdate(message: PaperToUi): Partial<PaperState> {
  if (message.type === 'paper-progress') {
    const p = message.progress;
    return {
      progress: {
        done: p.done,
        total: p.total,
        message: p.message,
        etaSeconds: p.etaSeconds,
        at: performance.now(),
      },
    };
  }
  const { record, figures, table, markdown, state } = message;
  return { record, figures, table, markdown, partial: state };
}

/** Units of a Paper run (one method on one sample, or one autoencoder's rows): its progress total. */
export function unitsTotal(name: ExperimentName, scale: ScaleName): number {
  const s = settingsFor(name, scale);
  return s.kind === 'supervised' ? s.n * s.methods.length : s.aes.length;
}

/** "3 of 8 units done · sample 2/4 minmax: … · 42 s elapsed · about 2 min left". */
export function progressLine(
  p: JobProgress,
  unit: string,
  elapsedSeconds: number,
  etaSeconds: number | null,
): string {
  const left = etaSeconds === null ? '' : ` · about ${duration(etaSeconds)} left`;
  return `${p.done} of ${p.total} ${unit} done · ${p.message} · ${duration(elapsedSeconds)} elapsed${left}`;
}
