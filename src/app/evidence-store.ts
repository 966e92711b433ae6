/**
 * The Compare, Batch evaluation and Paper views' state: their settings (carried by links), and one
 * job at a time in the worker, whose results stay when the user switches views. Messages from the worker go
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
} from '../worker/protocol-evidence';
import { EXPERIMENT_NAMES } from '../core/experiments/reproduce/types';
import { PAPER_VIEW_SCALES, type PaperStartMessage, type PaperToUi } from '../worker/protocol-paper';
import { idleJob, idlePaper, paperUpdate, unitsTotal, type JobState, type PaperState } from './job-state';
import type { ChosenImage } from './run-store';
import { evidenceFromUrl, type EvidenceConfig } from './url-settings';
import { DEFAULT_URL_STATE, URL_FIELDS } from './url-state';

export type JobKind = 'compare' | 'batch' | 'paper';
export { etaSeconds } from './job-state';
export type { JobProgress, JobSetup, JobState, JobStatus, PaperState } from './job-state';

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
  readonly paper: PaperState;
}

export interface EvidenceActions {
  /** Applies a change of settings, or refuses it (the message says why; nothing changes). */
  readonly setConfig: (patch: Partial<EvidenceConfig>) => string | null;
  readonly toggleMethod: (method: CompareMethod, on: boolean) => void;
  /** Starts a Compare of `image`; the message when it cannot start. */
  readonly startCompare: (settings: RunSettings, image: ChosenImage | null) => string | null;
  readonly startBatch: (settings: RunSettings, set: TestImages | null) => string | null;
  /** Runs the chosen experiment at the chosen scale with `seed`; `resume` continues a cancelled run. */
  readonly startPaper: (seed: number, resume: boolean) => string | null;
  readonly cancel: (kind: JobKind) => void;
  readonly apply: (message: EvidenceToUi | PaperToUi) => void;
  readonly reset: () => void;
}

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
    fairMiSteps: 'Fair MI steps S',
    fairMiRestarts: 'Fair MI restarts R',
    batchN: 'Images N',
    batchLabel: 'Label filter',
  };
  // A typed caller cannot pass another name, but a link or a test may: the check stays at run time.
  if (patch.paperExp !== undefined && !EXPERIMENT_NAMES.includes(patch.paperExp))
    return `Unknown experiment ${patch.paperExp as string}.`;
  if (patch.paperScale !== undefined && !(PAPER_VIEW_SCALES as readonly string[]).includes(patch.paperScale))
    return `The ${patch.paperScale as string} scale does not run in the browser (quick or standard).`;
  for (const key of ['fairMiSteps', 'fairMiRestarts', 'batchN', 'batchLabel'] as const) {
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
type JobMessage = EvidenceToWorker | PaperStartMessage;
let send: (message: JobMessage) => boolean = () => false;
export function setEvidenceSender(sender: (message: JobMessage) => boolean): void {
  send = sender;
}

function busy(s: EvidenceState): string | null {
  if (s.compare.status === 'running') return 'A Compare is running; cancel it first.';
  if (s.batch.status === 'running') return 'A batch evaluation is running; cancel it first.';
  if (s.paper.status === 'running') return 'A Paper experiment is running; cancel it first.';
  return null;
}

export const useEvidenceStore = create<EvidenceState & EvidenceActions>()((set, get) => ({
  config: DEFAULT_EVIDENCE,
  compare: idleCompare,
  batch: idleBatch,
  paper: idlePaper,
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
    const fairMi = { steps: s.config.fairMiSteps, restarts: s.config.fairMiRestarts };
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
    const fairMi = { steps: s.config.fairMiSteps, restarts: s.config.fairMiRestarts };
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
  startPaper: (seed, resume) => {
    const s = get();
    const { paperExp: name, paperScale: scale } = s.config;
    const partial = resume ? s.paper.partial : null;
    const problem =
      busy(s) ??
      (resume &&
      (partial === null || partial.name !== name || partial.scale !== scale || partial.seed !== seed)
        ? `Nothing to resume for ${name} at ${scale} scale with seed ${seed}: start it afresh.`
        : null);
    if (problem !== null) return problem;
    const jobId = nextJobId++;
    if (!send({ type: 'paper-start', jobId, name, scale, seed, resume: partial }))
      return 'The engine is not running.';
    set({
      paper: {
        ...idlePaper,
        status: 'running',
        jobId,
        name,
        scale,
        seed,
        progress: {
          done: partial?.units.length ?? 0,
          total: unitsTotal(name, scale),
          message: resume ? 'resuming' : 'starting',
        },
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
    const kind = (['compare', 'batch', 'paper'] as const).find((k) => s[k].jobId === message.jobId) ?? null;
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
      case 'paper-progress':
      case 'paper-result':
        if (kind === 'paper') set({ paper: { ...s.paper, ...paperUpdate(message) } });
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
    set({ compare: idleCompare, batch: idleBatch, paper: idlePaper });
  },
}));
