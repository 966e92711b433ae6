/**
 * The Compare and Batch evaluation views' state: their settings (carried by links), and one job at a
 * time in the worker, whose results stay when the user switches views. Messages from the worker go
 * through `apply`, so the store decides what each one means (and it is tested without a browser).
 */
import { create } from 'zustand';
import type { RunSettings } from '../worker/protocol';
import { IMAGE_PIXELS } from '../worker/protocol';
import {
  BATCH_MAX_IMAGES,
  BATCH_METHODS,
  SUPERVISED_COMPARE,
  UNSUPERVISED_COMPARE,
  type BatchSample,
  type BatchSummary,
  type CompareMethod,
  type CompareRow,
  type EvidenceToUi,
  type EvidenceToWorker,
  type FairMiRequest,
} from '../worker/protocol-evidence';
import type { ChosenImage } from './run-store';
import { evidenceFromUrl, type EvidenceConfig } from './url-settings';
import { DEFAULT_URL_STATE, URL_FIELDS } from './url-state';

export type JobKind = 'compare' | 'batch';
export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface JobProgress {
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

/** What a job ran with, recorded for the export and stated on screen. */
export interface JobSetup {
  readonly settings: RunSettings;
  readonly fairMi: FairMiRequest;
}

interface JobState {
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

export interface CompareState extends JobState {
  readonly image: ChosenImage | null;
  readonly methods: readonly CompareMethod[];
  readonly rows: readonly CompareRow[];
}

export interface BatchState extends JobState {
  /** The test-set indices attacked, in order. */
  readonly indices: readonly number[];
  readonly samples: readonly BatchSample[];
  readonly summary: BatchSummary | null;
}

/** The images a batch attacks, from the test set the page holds. */
export interface TestImages {
  readonly count: number;
  readonly labels: ArrayLike<number>;
  readonly images: Uint8Array;
}

export interface EvidenceState {
  readonly config: EvidenceConfig;
  readonly compare: CompareState;
  readonly batch: BatchState;
}

export interface EvidenceActions {
  /** Applies a change of settings, or refuses it (the message says why; nothing changes). */
  readonly setConfig: (patch: Partial<EvidenceConfig>) => string | null;
  readonly toggleMethod: (method: CompareMethod, on: boolean) => void;
  /** Starts a Compare of `image`; the message when it cannot start. */
  readonly startCompare: (settings: RunSettings, image: ChosenImage | null) => string | null;
  readonly startBatch: (settings: RunSettings, set: TestImages | null) => string | null;
  readonly cancel: (kind: JobKind) => void;
  readonly apply: (message: EvidenceToUi) => void;
  readonly reset: () => void;
}

const idleJob: JobState = {
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
const idleCompare: CompareState = { ...idleJob, image: null, methods: [], rows: [] };
const idleBatch: BatchState = { ...idleJob, indices: [], samples: [], summary: null };

export const DEFAULT_EVIDENCE: EvidenceConfig = evidenceFromUrl(DEFAULT_URL_STATE);

/** The compare methods of a task, among those chosen, in the table's order. */
export function methodsFor(task: RunSettings['task'], chosen: readonly CompareMethod[]): CompareMethod[] {
  return (task === 'supervised' ? SUPERVISED_COMPARE : UNSUPERVISED_COMPARE).filter((m) =>
    chosen.includes(m),
  );
}

/** Why a setting is refused, or null; the ranges are the link's (URL_FIELDS), so a link and a field agree. */
export function configProblem(patch: Partial<EvidenceConfig>): string | null {
  const names: Record<string, string> = {
    fairSteps: 'Fair MI steps S',
    fairRestarts: 'Fair MI restarts R',
    batchN: 'Images N',
    batchLabel: 'Label filter',
  };
  for (const key of ['fairSteps', 'fairRestarts', 'batchN', 'batchLabel'] as const) {
    const v = patch[key];
    if (v === undefined) continue;
    const field = URL_FIELDS[key];
    if (field.kind !== 'int') continue;
    if (!Number.isInteger(v) || v < field.min || v > field.max)
      return `${names[key]} must be a whole number from ${field.min} to ${field.max}; got ${String(v)}.`;
  }
  return null;
}

/** The first `n` test images (of `label` when ≥ 0): indices, labels and pixels in [0, 1]. */
export function firstImages(
  set: TestImages,
  n: number,
  label: number,
): { indices: number[]; labels: number[]; pixels: Float32Array } {
  const indices: number[] = [];
  for (let i = 0; i < set.count && indices.length < n; i++)
    if (label < 0 || set.labels[i] === label) indices.push(i);
  const pixels = new Float32Array(indices.length * IMAGE_PIXELS);
  indices.forEach((idx, k) => {
    for (let p = 0; p < IMAGE_PIXELS; p++)
      pixels[k * IMAGE_PIXELS + p] = set.images[idx * IMAGE_PIXELS + p]! / 255;
  });
  return { indices, labels: indices.map((i) => set.labels[i]!), pixels };
}

let nextJobId = 1;

/** How the store reaches the worker; set by the engine hook (a test sets its own). */
let send: (message: EvidenceToWorker) => boolean = () => false;
export function setEvidenceSender(sender: (message: EvidenceToWorker) => boolean): void {
  send = sender;
}

function busy(s: EvidenceState): string | null {
  if (s.compare.status === 'running') return 'A Compare is running; cancel it first.';
  if (s.batch.status === 'running') return 'A batch evaluation is running; cancel it first.';
  return null;
}

export const useEvidenceStore = create<EvidenceState & EvidenceActions>()((set, get) => ({
  config: DEFAULT_EVIDENCE,
  compare: idleCompare,
  batch: idleBatch,
  setConfig: (patch) => {
    const problem = configProblem(patch);
    if (problem === null) set((s) => ({ config: { ...s.config, ...patch } }));
    return problem;
  },
  toggleMethod: (method, on) => {
    set((s) => {
      const chosen = new Set(s.config.cmpMethods);
      if (on) chosen.add(method);
      else chosen.delete(method);
      const order = [...SUPERVISED_COMPARE, ...UNSUPERVISED_COMPARE];
      return { config: { ...s.config, cmpMethods: order.filter((m) => chosen.has(m)) } };
    });
  },
  startCompare: (settings, image) => {
    const s = get();
    const methods = methodsFor(settings.task, s.config.cmpMethods);
    const problem =
      busy(s) ??
      (image === null ? 'Choose an image first.' : null) ??
      (methods.length === 0 ? 'Choose at least one method.' : null);
    if (problem !== null || image === null) return problem;
    const jobId = nextJobId++;
    const fairMi = { steps: s.config.fairSteps, restarts: s.config.fairRestarts };
    const { pixels, source, index, label } = image;
    if (
      !send({
        type: 'compare-start',
        jobId,
        settings,
        image: { source, index, label, pixels },
        methods,
        fairMi,
      })
    )
      return 'The engine is not running.';
    set({
      compare: {
        ...idleCompare,
        status: 'running',
        jobId,
        setup: { settings, fairMi },
        image,
        methods,
        progress: { done: 0, total: methods.length, message: 'starting' },
        startedAt: performance.now(),
      },
    });
    return null;
  },
  startBatch: (settings, testSet) => {
    const s = get();
    if (settings.task !== 'supervised' || !(BATCH_METHODS as readonly string[]).includes(settings.method))
      return 'Batch evaluation attacks the classifier: choose the supervised task and MinMax, penalty or PGD.';
    const problem = busy(s) ?? (testSet === null ? 'The MNIST test images are still loading.' : null);
    if (problem !== null || testSet === null) return problem;
    const n = Math.min(s.config.batchN, BATCH_MAX_IMAGES);
    const images = firstImages(testSet, n, s.config.batchLabel);
    if (images.indices.length === 0) return `No test image has label ${s.config.batchLabel}.`;
    const jobId = nextJobId++;
    const fairMi = { steps: s.config.fairSteps, restarts: s.config.fairRestarts };
    if (!send({ type: 'batch-start', jobId, settings, images, fairMi })) return 'The engine is not running.';
    set({
      batch: {
        ...idleBatch,
        status: 'running',
        jobId,
        setup: { settings, fairMi },
        indices: images.indices,
        progress: { done: 0, total: images.indices.length, message: 'starting' },
        startedAt: performance.now(),
      },
    });
    return null;
  },
  cancel: (kind) => {
    const job = get()[kind];
    if (job.status !== 'running') return;
    send({ type: 'job-cancel', jobId: job.jobId });
    set((s) => ({ [kind]: { ...s[kind], cancelling: true } }) as Partial<EvidenceState>);
  },
  apply: (message) => {
    const s = get();
    const kind: JobKind | null =
      s.compare.jobId === message.jobId ? 'compare' : s.batch.jobId === message.jobId ? 'batch' : null;
    // A message of a job this page no longer shows (a reset engine, a stale worker) is dropped.
    if (kind === null || s[kind].status !== 'running') return;
    switch (message.type) {
      case 'job-progress':
        set({
          [kind]: {
            ...s[kind],
            progress: { done: message.done, total: message.total, message: message.message },
          },
        });
        return;
      case 'compare-row':
        if (kind === 'compare') set({ compare: { ...s.compare, rows: [...s.compare.rows, message.row] } });
        return;
      case 'batch-sample':
        if (kind === 'batch')
          set({
            batch: { ...s.batch, samples: [...s.batch.samples, message.sample], summary: message.summary },
          });
        return;
      case 'job-done':
        set({
          [kind]: {
            ...s[kind],
            status: message.cancelled ? 'cancelled' : 'done',
            cancelling: false,
            progress: null,
            seconds: message.seconds,
            backend: message.backend,
            endedAt: performance.now(),
          },
        });
        return;
      case 'job-error':
        set({
          [kind]: {
            ...s[kind],
            status: 'error',
            error: message.message,
            cancelling: false,
            endedAt: performance.now(),
          },
        });
        return;
    }
  },
  reset: () => {
    set({ compare: idleCompare, batch: idleBatch });
  },
}));

/** Seconds left at the pace so far (null before the first result). */
export function etaSeconds(done: number, total: number, elapsedMs: number): number | null {
  if (done <= 0 || done >= total) return null;
  return ((elapsedMs / done) * (total - done)) / 1000;
}
