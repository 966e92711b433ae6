/**
 * The messages of the evidence views (Compare and Batch evaluation), apart from protocol.ts: a job
 * runs several attacks to their end (every method on one image, or one method on N images) and
 * reports each result with its fair MI. Validated on receipt like every other message.
 */
import { LIMITS, outOfLimit } from '../core/limits';
import { isOneOf } from '../core/vocabulary';
import {
  IMAGE_PIXELS,
  backend,
  failureExplained,
  id,
  label,
  natural,
  runImage,
  runSettings,
} from './protocol-fields';
import {
  array,
  bool,
  f32,
  type Infer,
  int,
  message,
  messages,
  type MessageOf,
  nullable,
  num,
  obj,
  oneOf,
  type Parsed,
  refine,
  str,
} from './schema';

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

const fairMiRequest = obj({
  steps: int(LIMITS.fairMiSteps.min, LIMITS.fairMiSteps.max),
  /** 0 skips the measurement. */
  restarts: int(LIMITS.fairMiRestarts.min, LIMITS.fairMiRestarts.max),
});
/** Fair-MI settings a job asks for (the lr stays the limits table's default). */
export type FairMiRequest = Infer<typeof fairMiRequest>;

const compareStart = refine(
  message('compare-start', {
    jobId: id(),
    /** The shared settings: ε, T, α, β, c0, seed, critic… (`method` is not used). */
    settings: runSettings,
    image: runImage,
    methods: array(oneOf(COMPARE_METHODS), { nonEmpty: true, distinct: true }),
    fairMi: fairMiRequest,
  }),
  (m) => {
    const allowed = m.settings.task === 'supervised' ? SUPERVISED_COMPARE : UNSUPERVISED_COMPARE;
    const i = m.methods.findIndex((method) => !allowed.includes(method));
    return i < 0 ? null : `methods[${i}] must be one of ${allowed.join(', ')} on the ${m.settings.task} task`;
  },
);

/** The images of a batch: test-set indices and labels, and their pixels one after another. */
const batchImages = refine(
  obj({
    indices: array(int(0, 1_000_000)),
    labels: array(label()),
    pixels: f32(),
  }),
  ({ indices, labels, pixels: p }) => {
    const n = indices.length;
    if (n < 1 || n > BATCH_MAX_IMAGES) return `a batch holds 1 to ${BATCH_MAX_IMAGES} images`;
    if (labels.length !== n) return 'labels must hold one label per index';
    if (p.length !== n * IMAGE_PIXELS) return `pixels must hold ${n * IMAGE_PIXELS} values`;
    return p.every((v) => v >= 0 && v <= 1) ? null : 'pixels must lie in [0, 1]';
  },
);
export type BatchImages = Infer<typeof batchImages>;

const batchStart = refine(
  message('batch-start', { jobId: id(), settings: runSettings, images: batchImages, fairMi: fairMiRequest }),
  (m) =>
    m.settings.task === 'supervised' && isOneOf(BATCH_METHODS, m.settings.method)
      ? null
      : `a batch attacks the classifier with ${BATCH_METHODS.join(', ')}`,
);

const evidenceToWorker = messages({
  'compare-start': compareStart,
  'batch-start': batchStart,
  /** Cooperative: the attack in progress stops at its next iteration; what is done stays. */
  'job-cancel': message('job-cancel', { jobId: id() }),
});
export type EvidenceToWorker = MessageOf<typeof evidenceToWorker>;
export type CompareStartMessage = Extract<EvidenceToWorker, { type: 'compare-start' }>;
export type BatchStartMessage = Extract<EvidenceToWorker, { type: 'batch-start' }>;
export type JobCancelMessage = Extract<EvidenceToWorker, { type: 'job-cancel' }>;

const fairMiValue = obj({ mean: num(), std: num(), steps: num(), restarts: num() });
export type FairMiValue = Infer<typeof fairMiValue>;

/** What one attack ended with, for a Compare row and a Batch sample alike. */
const outcome = {
  success: bool(),
  failureReason: nullable(str()),
  /** Null for GA (no iterations) and on failure. */
  firstSuccessIter: nullable(num()),
  /** The in-loop I* (null for PGD, GA and failures). */
  miBest: nullable(num()),
  /** Null when not measured (restarts 0) or when it could not be (miFairProblem says why). */
  miFair: nullable(fairMiValue),
  miFairProblem: nullable(str()),
  linf: num(),
  l2: num(),
  /** Supervised: the class of x′; −1 for the autoencoder task. */
  predictedAdv: num(),
  /** The attack's wall time (a Compare row has the fair measurement's apart). */
  seconds: num(),
};

/** One method's result on the compared image. */
const compareRow = refine(
  obj({
    method: oneOf(COMPARE_METHODS),
    ...outcome,
    fairSeconds: num(),
    itersRun: int(0, LIMITS.iters.max * 100),
    delta: f32(IMAGE_PIXELS),
    adversarial: f32(IMAGE_PIXELS),
  }),
  failureExplained,
);
export type CompareRow = Infer<typeof compareRow>;

/** One image's outcome in a batch. */
const batchSample = refine(
  obj({ index: int(0, 1_000_000), label: label(), predictedClean: num(), ...outcome }),
  failureExplained,
);
export type BatchSample = Infer<typeof batchSample>;

const count = () => int(0, BATCH_MAX_IMAGES);
/** The core's evaluation summary over the samples so far (a cancelled one is left out). */
const batchSummary = obj({
  n: count(),
  nCorrect: count(),
  asr: num(),
  asrCorrectOnly: nullable(num()),
  miMean: nullable(num()),
  miStd: nullable(num()),
  miFairMean: nullable(num()),
  miFairStd: nullable(num()),
  nMiFair: count(),
  meanFirstSuccessIter: nullable(num()),
  msPerIter: num(),
});
export type BatchSummary = Infer<typeof batchSummary>;

const evidenceToUi = messages({
  'job-progress': message('job-progress', {
    jobId: id(),
    /** Attacks finished, of `total`. */
    done: natural(),
    total: natural(),
    /** What runs now, in words ("penalty: iteration 120 of 2,700"). */
    message: str(),
  }),
  'compare-row': message('compare-row', { jobId: id(), row: compareRow }),
  'batch-sample': message('batch-sample', { jobId: id(), sample: batchSample, summary: batchSummary }),
  'job-done': message('job-done', { jobId: id(), cancelled: bool(), seconds: num(), backend: backend() }),
  'job-error': message('job-error', { jobId: id(), message: str() }),
});
export type EvidenceToUi = MessageOf<typeof evidenceToUi>;
type Of<T extends EvidenceToUi['type']> = Extract<EvidenceToUi, { type: T }>;
export type JobProgressMessage = Of<'job-progress'>;
export type CompareRowMessage = Of<'compare-row'>;
export type BatchSampleMessage = Of<'batch-sample'>;
export type JobDoneMessage = Of<'job-done'>;
export type JobErrorMessage = Of<'job-error'>;

/** `reader`'s reading of `data` when `data` is one of its messages; null for any other message. */
export function parseIf<T>(
  reader: { claims(data: unknown): boolean; parse(data: unknown): Parsed<T> },
  data: unknown,
): Parsed<T> | null {
  return reader.claims(data) ? reader.parse(data) : null;
}

/** An evidence message for the worker, validated; null when `data` is another kind of message. */
export function parseEvidenceToWorker(data: unknown): Parsed<EvidenceToWorker> | null {
  return parseIf(evidenceToWorker, data);
}

/** An evidence message for the UI, validated; null when `data` is another kind of message. */
export function parseEvidenceToUi(data: unknown): Parsed<EvidenceToUi> | null {
  return parseIf(evidenceToUi, data);
}

/** Checks a fair-MI request against the limits table; the message, or null when it is fine. */
export function fairMiProblem(req: FairMiRequest): string | null {
  return (
    outOfLimit('fairMiSteps', req.steps, 'fair MI steps') ??
    outOfLimit('fairMiRestarts', req.restarts, 'fair MI restarts')
  );
}
