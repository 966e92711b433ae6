/**
 * The MINE lab's state: its settings (the case, the bound, the training) and its one job in the
 * worker, with what the lab messages change. The sender is set by useEngineWorker, as for the
 * evidence jobs.
 */
import { create } from 'zustand';
import type { BoundName } from '../core/mine/bound-names';
import { checkBitTable, trueMi } from '../core/mine/known-mi-exact';
import { batchProblem, INFONCE_MAX_BATCH } from '../core/mine/lab-settings';
import { readDecimal } from '../core/number-syntax';
import type { LabSource, LabToUi, LabToWorker } from '../worker/protocol-lab';
import { DEFAULT_URL_STATE } from './url-state';
import { labFromUrl } from './url-settings';

/** The talk's two tables, p[2x + y]: independent bits (I = 0) and a bit copied (X = Y, I = 1 bit). */
export const PRESET_TABLES = {
  independent: [0.25, 0.25, 0.25, 0.25],
  copy: [0.5, 0, 0, 0.5],
} as const;

export interface LabConfig {
  readonly source: LabSource;
  /** The editable table's four entries, as typed (checked by `readTable`). */
  readonly table: readonly [string, string, string, string];
  readonly rho: number;
  readonly dim: number;
  readonly bound: BoundName;
  readonly tau: number;
  readonly steps: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
}

/** What a link without lab fields opens: the settings table's defaults and the X = Y table. */
export const DEFAULT_LAB_CONFIG: LabConfig = labFromUrl(DEFAULT_URL_STATE);

export const CELL_NAMES = ['P(X=0, Y=0)', 'P(X=0, Y=1)', 'P(X=1, Y=0)', 'P(X=1, Y=1)'] as const;

export type TableReading =
  | { readonly ok: true; readonly table: readonly number[] }
  | { readonly ok: false; readonly error: string; readonly cell: number | null };

/** The typed table, read and normalised, or what is wrong with it (and which cell, if one). */
export function readTable(texts: readonly string[]): TableReading {
  const values: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    const r = readDecimal(texts[i]!);
    if (!r.ok) return { ok: false, error: `${CELL_NAMES[i]} ${r.reason}.`, cell: i };
    if (r.value < 0)
      return { ok: false, error: `${CELL_NAMES[i]} must not be negative (got ${r.value}).`, cell: i };
    values.push(r.value);
  }
  try {
    return { ok: true, table: checkBitTable(values) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `${why.charAt(0).toUpperCase()}${why.slice(1)}.`, cell: null };
  }
}

/** The exact MI of the configured case in nats, or null when the table is invalid. */
export function exactMi(c: LabConfig): number | null {
  if (c.source === 'gaussian') return trueMi.gaussian(c.rho, c.dim);
  const t = readTable(c.table);
  return t.ok ? trueMi.table(t.table) : null;
}

export interface LabJobState {
  readonly status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  readonly jobId: number;
  readonly steps: number;
  readonly step: number;
  /** Every batch value so far (the training curve), in nats. */
  readonly values: readonly number[];
  /** The mean of the latest values, in nats. */
  readonly estimate: number | null;
  /** The case's exact MI and the bound's ceiling (InfoNCE: log N), fixed at the start. */
  readonly truth: number;
  readonly ceiling: number | null;
  readonly bound: BoundName;
  readonly error: string | null;
  readonly seconds: number | null;
  readonly backend: string | null;
}

const idle: LabJobState = {
  status: 'idle',
  jobId: 0,
  steps: 0,
  step: 0,
  values: [],
  estimate: null,
  truth: 0,
  ceiling: null,
  bound: 'dv',
  error: null,
  seconds: null,
  backend: null,
};

interface LabStore {
  readonly config: LabConfig;
  readonly job: LabJobState;
  readonly setConfig: (patch: Partial<LabConfig>) => void;
  /** Starts training; returns why it could not, or null. */
  readonly start: () => string | null;
  readonly cancel: () => void;
  readonly apply: (message: LabToUi) => void;
}

let send: (message: LabToWorker) => boolean = () => false;
export function setLabSender(sender: (message: LabToWorker) => boolean): void {
  send = sender;
}

let nextJob = 1;

export const useLabStore = create<LabStore>((set, get) => ({
  config: DEFAULT_LAB_CONFIG,
  job: idle,
  setConfig: (patch) => {
    set({ config: { ...get().config, ...patch } });
  },
  start: () => {
    const { config: c, job } = get();
    if (job.status === 'running') return 'The lab is already training; cancel it first.';
    const t = c.source === 'table' ? readTable(c.table) : null;
    if (t !== null && !t.ok) return t.error;
    const batch = c.bound === 'infonce' ? Math.min(c.batch, INFONCE_MAX_BATCH) : c.batch;
    const problem = batchProblem(c.bound, batch);
    if (problem !== null) return problem;
    const jobId = nextJob++;
    const sent = send({
      type: 'lab-start',
      jobId,
      source: c.source,
      table: t?.ok === true ? t.table : PRESET_TABLES.copy,
      rho: c.rho,
      dim: c.dim,
      bound: c.bound,
      tau: c.tau,
      steps: c.steps,
      batch,
      lr: c.lr,
      seed: c.seed,
    });
    if (!sent) return 'The engine is not running.';
    set({
      job: {
        ...idle,
        status: 'running',
        jobId,
        steps: c.steps,
        truth: exactMi(c)!,
        ceiling: c.bound === 'infonce' ? Math.log(batch) : null,
        bound: c.bound,
      },
    });
    return null;
  },
  cancel: () => {
    const { job } = get();
    if (job.status === 'running') send({ type: 'lab-cancel', jobId: job.jobId });
  },
  apply: (m) => {
    const { job } = get();
    if (m.jobId !== job.jobId) return;
    if (m.type === 'lab-progress')
      set({ job: { ...job, step: m.step, values: [...job.values, ...m.values], estimate: m.estimate } });
    else if (m.type === 'lab-done')
      set({
        job: {
          ...job,
          status: m.cancelled ? 'cancelled' : 'done',
          step: m.step,
          seconds: m.seconds,
          backend: m.backend,
        },
      });
    else set({ job: { ...job, status: 'error', error: m.message } });
  },
}));
