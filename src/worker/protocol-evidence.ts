/**
 * The messages of the evidence views (Compare and Batch evaluation), apart from protocol.ts: a job
 * runs several attacks to their end (every method on one image, or one method on N images) and
 * reports each result with its fair MI. Validated on receipt like every other message.
 */
import { LIMITS, outOfLimit } from '../core/limits';
import type { BackendName, RunImage, RunSettings } from './protocol';
import {
  IMAGE_PIXELS,
  Invalid,
  bool,
  f32,
  int,
  isBackendName,
  isRecord,
  nullableNum,
  num,
  oneOf,
  parseImage,
  parseSettings,
  record,
  str,
  type Parsed,
} from './protocol';

/** The methods a Compare runs: the classifier's three, or on an autoencoder MINE-UAE, L2-UAE and GA. */
export const COMPARE_METHODS = [
  'minmax',
  'penalty',
  'pgd',
  'mine-uae',
  'l2-uae',
  'ga:0.01',
  'ga:0.001',
] as const;
export type CompareMethod = (typeof COMPARE_METHODS)[number];
export const SUPERVISED_COMPARE: readonly CompareMethod[] = ['minmax', 'penalty', 'pgd'];
export const UNSUPERVISED_COMPARE: readonly CompareMethod[] = ['mine-uae', 'l2-uae', 'ga:0.01', 'ga:0.001'];

/** Batch evaluation attacks the classifier (the paper's ASR and MI table). */
export const BATCH_METHODS = ['minmax', 'penalty', 'pgd'] as const;
export type BatchMethod = (typeof BATCH_METHODS)[number];

/**
 * The most images one batch may ask for. Measured with the CLI's evaluate (the same core; wasm, lite
 * critic, T = 300, fair MI 300 steps × 3, 3 images, a 2-core machine at load ≈ 3): MinMax 82 s (27 s
 * per image, 47 ms per iteration), PGD 226 s (75 s per image: its after-the-fact MINE). 100 MinMax
 * images are then ≈ 45 min, as long as a page is reasonably kept open; larger batches belong to the
 * CLI, which runs the same code without a page.
 */
export const BATCH_MAX_IMAGES = 100;

/** Fair-MI settings a job asks for (the lr stays the limits table's default). */
export interface FairMiRequest {
  readonly steps: number;
  /** 0 skips the measurement. */
  readonly restarts: number;
}

export interface CompareStartMessage {
  readonly type: 'compare-start';
  readonly jobId: number;
  /** The shared settings: ε, T, α, β, c0, seed, critic… (`method` is not used). */
  readonly settings: RunSettings;
  readonly image: RunImage;
  readonly methods: readonly CompareMethod[];
  readonly fairMi: FairMiRequest;
}

/** The images of a batch: test-set indices and labels, and their pixels one after another. */
export interface BatchImages {
  readonly indices: readonly number[];
  readonly labels: readonly number[];
  readonly pixels: Float32Array;
}

export interface BatchStartMessage {
  readonly type: 'batch-start';
  readonly jobId: number;
  readonly settings: RunSettings;
  readonly images: BatchImages;
  readonly fairMi: FairMiRequest;
}

/** Cooperative: the attack in progress stops at its next iteration; what is done stays. */
export interface JobCancelMessage {
  readonly type: 'job-cancel';
  readonly jobId: number;
}

export type EvidenceToWorker = CompareStartMessage | BatchStartMessage | JobCancelMessage;

export interface FairMiValue {
  readonly mean: number;
  readonly std: number;
  readonly steps: number;
  readonly restarts: number;
}

/** One method's result on the compared image. */
export interface CompareRow {
  readonly method: CompareMethod;
  readonly success: boolean;
  readonly failureReason: string | null;
  /** Null for GA (no iterations) and on failure. */
  readonly firstSuccessIter: number | null;
  /** The in-loop I* (null for PGD, GA and failures). */
  readonly miBest: number | null;
  /** Null when not measured (restarts 0) or when it could not be (miFairProblem says why). */
  readonly miFair: FairMiValue | null;
  readonly miFairProblem: string | null;
  readonly linf: number;
  readonly l2: number;
  /** The attack's wall time, and the fair measurement's apart. */
  readonly seconds: number;
  readonly fairSeconds: number;
  readonly itersRun: number;
  /** Supervised: the class of x′; −1 for the autoencoder task. */
  readonly predictedAdv: number;
  readonly delta: Float32Array;
  readonly adversarial: Float32Array;
}

/** One image's outcome in a batch. */
export interface BatchSample {
  readonly index: number;
  readonly label: number;
  readonly predictedClean: number;
  readonly predictedAdv: number;
  readonly success: boolean;
  readonly failureReason: string | null;
  readonly miBest: number | null;
  readonly miFair: FairMiValue | null;
  readonly miFairProblem: string | null;
  readonly firstSuccessIter: number | null;
  readonly linf: number;
  readonly l2: number;
  readonly seconds: number;
}

/** The core's evaluation summary over the samples so far (a cancelled one is left out). */
export interface BatchSummary {
  readonly n: number;
  readonly nCorrect: number;
  readonly asr: number;
  readonly asrCorrectOnly: number | null;
  readonly miMean: number | null;
  readonly miStd: number | null;
  readonly miFairMean: number | null;
  readonly miFairStd: number | null;
  readonly nMiFair: number;
  readonly meanFirstSuccessIter: number | null;
  readonly msPerIter: number;
}

export interface JobProgressMessage {
  readonly type: 'job-progress';
  readonly jobId: number;
  /** Attacks finished, of `total`. */
  readonly done: number;
  readonly total: number;
  /** What runs now, in words ("penalty: iteration 120 of 2,700"). */
  readonly message: string;
}

export interface CompareRowMessage {
  readonly type: 'compare-row';
  readonly jobId: number;
  readonly row: CompareRow;
}

export interface BatchSampleMessage {
  readonly type: 'batch-sample';
  readonly jobId: number;
  readonly sample: BatchSample;
  readonly summary: BatchSummary;
}

export interface JobDoneMessage {
  readonly type: 'job-done';
  readonly jobId: number;
  readonly cancelled: boolean;
  readonly seconds: number;
  readonly backend: BackendName;
}

export interface JobErrorMessage {
  readonly type: 'job-error';
  readonly jobId: number;
  readonly message: string;
}

export type EvidenceToUi =
  JobProgressMessage | CompareRowMessage | BatchSampleMessage | JobDoneMessage | JobErrorMessage;

const TO_WORKER: readonly string[] = ['compare-start', 'batch-start', 'job-cancel'];
const TO_UI: readonly string[] = ['job-progress', 'compare-row', 'batch-sample', 'job-done', 'job-error'];
const MAX_ID = Number.MAX_SAFE_INTEGER;

type Fields = Readonly<Record<string, unknown>>;

function parseFairMi(value: unknown): FairMiRequest {
  const f = record(value, 'fairMi');
  const steps = int(f, 'steps', LIMITS.fairMiSteps.min, LIMITS.fairMiSteps.max);
  const restarts = int(f, 'restarts', LIMITS.fairMiRestarts.min, LIMITS.fairMiRestarts.max);
  return { steps, restarts };
}

function parseMethods(value: unknown, settings: RunSettings): CompareMethod[] {
  if (!Array.isArray(value) || value.length === 0) throw new Invalid('methods must be a non-empty array');
  const allowed = settings.task === 'supervised' ? SUPERVISED_COMPARE : UNSUPERVISED_COMPARE;
  const names = value.map((m: unknown, i) => {
    if (typeof m !== 'string' || !(allowed as readonly string[]).includes(m))
      throw new Invalid(`methods[${i}] must be one of ${allowed.join(', ')} on the ${settings.task} task`);
    return m as CompareMethod;
  });
  if (new Set(names).size !== names.length) throw new Invalid('methods must not repeat');
  return names;
}

function parseBatchImages(value: unknown): BatchImages {
  const f = record(value, 'images');
  const { indices, labels } = f;
  if (!Array.isArray(indices) || !Array.isArray(labels))
    throw new Invalid('indices and labels must be arrays');
  const n = indices.length;
  if (n < 1 || n > BATCH_MAX_IMAGES) throw new Invalid(`a batch holds 1 to ${BATCH_MAX_IMAGES} images`);
  if (labels.length !== n) throw new Invalid('labels must hold one label per index');
  const wrap = (list: unknown[], key: string, max: number) =>
    list.map((v: unknown, i) => int({ [`${key}[${i}]`]: v }, `${key}[${i}]`, 0, max));
  const pixels = f32(f, 'pixels', n * IMAGE_PIXELS);
  if (!pixels.every((v) => v >= 0 && v <= 1)) throw new Invalid('pixels must lie in [0, 1]');
  return { indices: wrap(indices, 'indices', 1_000_000), labels: wrap(labels, 'labels', 9), pixels };
}

function parseToWorker(f: Fields): EvidenceToWorker {
  const type = oneOf(f, 'type', ['compare-start', 'batch-start', 'job-cancel'] as const);
  const jobId = int(f, 'jobId', 0, MAX_ID);
  switch (type) {
    case 'compare-start': {
      const settings = parseSettings(f.settings);
      return {
        type,
        jobId,
        settings,
        image: parseImage(f.image),
        methods: parseMethods(f.methods, settings),
        fairMi: parseFairMi(f.fairMi),
      };
    }
    case 'batch-start': {
      const settings = parseSettings(f.settings);
      if (settings.task !== 'supervised' || !(BATCH_METHODS as readonly string[]).includes(settings.method))
        throw new Invalid(`a batch attacks the classifier with ${BATCH_METHODS.join(', ')}`);
      return { type, jobId, settings, images: parseBatchImages(f.images), fairMi: parseFairMi(f.fairMi) };
    }
    case 'job-cancel':
      return { type, jobId };
  }
}

function parseFairValue(value: unknown): FairMiValue | null {
  if (value === null) return null;
  const f = record(value, 'miFair');
  return { mean: num(f, 'mean'), std: num(f, 'std'), steps: num(f, 'steps'), restarts: num(f, 'restarts') };
}

function nullableStr(f: Fields, key: string): string | null {
  return f[key] === null ? null : str(f, key);
}

function parseOutcome(f: Fields) {
  const success = bool(f, 'success');
  const failureReason = nullableStr(f, 'failureReason');
  if (success !== (failureReason === null))
    throw new Invalid(success ? 'a success has no failureReason' : 'a failure needs a failureReason');
  return {
    success,
    failureReason,
    firstSuccessIter: nullableNum(f, 'firstSuccessIter'),
    miBest: nullableNum(f, 'miBest'),
    miFair: parseFairValue(f.miFair),
    miFairProblem: nullableStr(f, 'miFairProblem'),
    linf: num(f, 'linf'),
    l2: num(f, 'l2'),
    predictedAdv: num(f, 'predictedAdv'),
  };
}

function parseRow(value: unknown): CompareRow {
  const f = record(value, 'row');
  return {
    method: oneOf(f, 'method', COMPARE_METHODS),
    ...parseOutcome(f),
    seconds: num(f, 'seconds'),
    fairSeconds: num(f, 'fairSeconds'),
    itersRun: int(f, 'itersRun', 0, LIMITS.iters.max * 100),
    delta: f32(f, 'delta', IMAGE_PIXELS),
    adversarial: f32(f, 'adversarial', IMAGE_PIXELS),
  };
}

function parseSample(value: unknown): BatchSample {
  const f = record(value, 'sample');
  return {
    index: int(f, 'index', 0, 1_000_000),
    label: int(f, 'label', 0, 9),
    predictedClean: num(f, 'predictedClean'),
    ...parseOutcome(f),
    seconds: num(f, 'seconds'),
  };
}

function parseSummary(value: unknown): BatchSummary {
  const f = record(value, 'summary');
  return {
    n: int(f, 'n', 0, BATCH_MAX_IMAGES),
    nCorrect: int(f, 'nCorrect', 0, BATCH_MAX_IMAGES),
    asr: num(f, 'asr'),
    asrCorrectOnly: nullableNum(f, 'asrCorrectOnly'),
    miMean: nullableNum(f, 'miMean'),
    miStd: nullableNum(f, 'miStd'),
    miFairMean: nullableNum(f, 'miFairMean'),
    miFairStd: nullableNum(f, 'miFairStd'),
    nMiFair: int(f, 'nMiFair', 0, BATCH_MAX_IMAGES),
    meanFirstSuccessIter: nullableNum(f, 'meanFirstSuccessIter'),
    msPerIter: num(f, 'msPerIter'),
  };
}

function parseToUi(f: Fields): EvidenceToUi {
  const type = oneOf(f, 'type', [
    'job-progress',
    'compare-row',
    'batch-sample',
    'job-done',
    'job-error',
  ] as const);
  const jobId = int(f, 'jobId', 0, MAX_ID);
  switch (type) {
    case 'job-progress':
      return {
        type,
        jobId,
        done: int(f, 'done', 0, MAX_ID),
        total: int(f, 'total', 0, MAX_ID),
        message: str(f, 'message'),
      };
    case 'compare-row':
      return { type, jobId, row: parseRow(f.row) };
    case 'batch-sample':
      return { type, jobId, sample: parseSample(f.sample), summary: parseSummary(f.summary) };
    case 'job-done': {
      const backend = f.backend;
      if (!isBackendName(backend)) throw new Invalid('backend must be a backend name');
      return { type, jobId, cancelled: bool(f, 'cancelled'), seconds: num(f, 'seconds'), backend };
    }
    case 'job-error':
      return { type, jobId, message: str(f, 'message') };
  }
}

/** `data` parsed by `parse` when its type is one of `types`; null for any other message. */
export function parseAs<T>(
  data: unknown,
  types: readonly string[],
  parse: (f: Fields) => T,
): Parsed<T> | null {
  if (!isRecord(data) || typeof data.type !== 'string' || !types.includes(data.type)) return null;
  try {
    return { ok: true, value: parse(data) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: `${data.type}: ${e.message}` };
    throw e;
  }
}

/** An evidence message for the worker, validated; null when `data` is another kind of message. */
export function parseEvidenceToWorker(data: unknown): Parsed<EvidenceToWorker> | null {
  return parseAs(data, TO_WORKER, parseToWorker);
}

/** An evidence message for the UI, validated; null when `data` is another kind of message. */
export function parseEvidenceToUi(data: unknown): Parsed<EvidenceToUi> | null {
  return parseAs(data, TO_UI, parseToUi);
}

/** Checks a fair-MI request against the limits table; the message, or null when it is fine. */
export function fairMiProblem(req: FairMiRequest): string | null {
  return (
    outOfLimit('fairMiSteps', req.steps, 'fair MI steps') ??
    outOfLimit('fairMiRestarts', req.restarts, 'fair MI restarts')
  );
}
