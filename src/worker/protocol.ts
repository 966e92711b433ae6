/**
 * Every message between the UI thread and the engine worker. Both sides import this module, and both
 * validate what they receive: postMessage carries no types, so a stale bundle or a typo would
 * otherwise surface as an undefined deep inside a handler instead of a clear protocol error.
 */
import { LIMITS, outOfLimit, type LimitName } from '../core/limits';

/** Fastest first: the order automatic negotiation tries them in. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// UI → worker

export interface InitMessage {
  readonly type: 'init';
  /** Forces this backend first (from ?backend=); the worker falls back, and says so, if it fails. */
  readonly requestedBackend?: BackendName;
  /** Test hook (from ?fault=): the negotiated backend fails at an iteration of every run on it. */
  readonly fault?: FaultSpec;
}

/**
 * How an injected fault fails: "nan" makes the iteration's f and I non-finite (the run's NaN check
 * catches it), "kernel" calls a kernel no backend registers (tfjs throws, as for a missing kernel).
 */
export const FAULT_KINDS = ['nan', 'kernel'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  readonly kind: FaultKind;
  /** The iteration (from 1, counted over all of a penalty search's steps) that fails. */
  readonly at: number;
}

/** Attack a classifier (the paper's supervised examples) or an autoencoder (its UAEs). */
export const TASKS = ['supervised', 'unsupervised'] as const;
export type Task = (typeof TASKS)[number];
/** The shipped autoencoders, public/models/<name>-ae/. */
export const AUTOENCODERS = ['sparse', 'dense', 'conv', 'adversarial'] as const;
export type AutoencoderName = (typeof AUTOENCODERS)[number];
export const SUPERVISED_METHODS = ['minmax', 'penalty', 'pgd'] as const;
export const UNSUPERVISED_METHODS = ['mine-uae', 'l2-uae'] as const;
export const METHODS = [...SUPERVISED_METHODS, ...UNSUPERVISED_METHODS] as const;
export type Method = (typeof METHODS)[number];

/** The methods that attack each task. */
export function methodsOf(task: Task): readonly Method[] {
  return task === 'supervised' ? SUPERVISED_METHODS : UNSUPERVISED_METHODS;
}

/** MinMax-style methods: two players (δ with c, and the MINE critic) that can be stepped apart. */
export function isTwoPlayer(method: Method): boolean {
  return method === 'minmax' || method === 'mine-uae';
}

/** Carlini–Wagner-style methods: T iterations once per step of a binary search on c. */
export function isSearchMethod(method: unknown): boolean {
  return method === 'penalty' || method === 'l2-uae';
}

export const CRITICS = ['paper', 'lite'] as const;
export type Critic = (typeof CRITICS)[number];
export const SEMANTICS_NAMES = ['paper', 'reference'] as const;
export type SemanticsName = (typeof SEMANTICS_NAMES)[number];
export const IMAGE_SOURCES = ['test', 'drawn', 'upload'] as const;
export type ImageSource = (typeof IMAGE_SOURCES)[number];

/** Pixels are sent, not an index: the worker never needs the data set, and drawn digits work alike. */
export interface RunImage {
  readonly source: ImageSource;
  /** Index in the MNIST test set when source is 'test'; recorded for reproducibility. */
  readonly index: number | null;
  readonly label: number;
  /** 28×28 row-major values in [0, 1]. */
  readonly pixels: Float32Array;
}

/** The attack settings a user can choose; the engine's resolveOptions checks their ranges. */
export interface RunSettings {
  /** What is attacked; `method` must be one of methodsOf(task). */
  readonly task: Task;
  /** The attacked autoencoder (unsupervised task only; kept otherwise, for switching back). */
  readonly ae: AutoencoderName;
  readonly method: Method;
  readonly eps: number;
  readonly alpha: number;
  readonly beta: number;
  readonly c0: number;
  readonly iters: number;
  readonly kappa: number;
  readonly target: number | null;
  readonly seed: number;
  readonly critic: Critic;
  readonly mineLr: number;
  readonly mineSteps: number;
  readonly semantics: SemanticsName;
}

export interface RunMessage {
  readonly type: 'run';
  readonly runId: number;
  readonly settings: RunSettings;
  readonly image: RunImage;
  /** Start paused, so that the first iteration can be stepped. */
  readonly paused: boolean;
}

export interface PauseMessage {
  readonly type: 'pause';
  readonly runId: number;
}

export interface ResumeMessage {
  readonly type: 'resume';
  readonly runId: number;
}

/** GAN Lab's players: both, the attacker (δ and c, θ frozen) or the MINE critic (θ only). */
export const STEP_PARTS = ['both', 'attacker', 'critic'] as const;
export type StepPart = (typeof STEP_PARTS)[number];

/** Advances a paused run by one iteration, or one player's half of it (MinMax only). */
export interface StepMessage {
  readonly type: 'step';
  readonly runId: number;
  readonly part: StepPart;
}

/** Classifier probabilities and first-conv maps of one image, before any run. */
export interface InspectMessage {
  readonly type: 'inspect';
  readonly requestId: number;
  readonly pixels: Float32Array;
  /** Ask the autoencoder instead: the reply carries AE(pixels) and its error (recon, reconError). */
  readonly ae?: AutoencoderName;
}

/** Cooperative stop between iterations; worker.terminate() remains the hard stop. */
export interface CancelMessage {
  readonly type: 'cancel';
  readonly runId: number;
}

/** The augmentation experiment's methods, by the names the core's parseMethods reads. */
export const AUGMENT_METHODS = ['mine-uae', 'l2-uae', 'ga:0.01', 'ga:0.001'] as const;
export type AugmentMethodName = (typeof AUGMENT_METHODS)[number];

/** Limits of what one experiment may ask for (the shipped train file holds 5,000 images). */
export const EXPERIMENT_LIMITS = {
  train: 5000,
  epochs: 100,
  testCount: 10_000,
  iters: 1000,
  mineSteps: 100,
} as const;

export interface ExperimentConfig {
  readonly ae: AutoencoderName;
  /** The first `train` MNIST training images. */
  readonly train: number;
  readonly epochs: number;
  /** The first `testCount` MNIST test images measure the reconstruction error. */
  readonly testCount: number;
  readonly seed: number;
  readonly methods: readonly AugmentMethodName[];
  /** MINE-UAE and L2-UAE iterations, and MINE steps per iteration (authors: 40 and 20). */
  readonly iters: number;
  readonly mineSteps: number;
}

/** Trains Original, generates one copy per image and method, retrains per method (paper §4.2). */
export interface ExperimentStartMessage {
  readonly type: 'experiment-start';
  readonly experimentId: number;
  readonly config: ExperimentConfig;
}

export interface ExperimentCancelMessage {
  readonly type: 'experiment-cancel';
  readonly experimentId: number;
}

export type UiToWorker =
  | InitMessage
  | RunMessage
  | PauseMessage
  | ResumeMessage
  | StepMessage
  | CancelMessage
  | InspectMessage
  | ExperimentStartMessage
  | ExperimentCancelMessage;
export type UiToWorkerType = UiToWorker['type'];

// ---------------------------------------------------------------------------------------------
// worker → UI

export interface TriedBackend {
  readonly backend: BackendName;
  readonly ok: boolean;
  /** Why it was chosen, skipped or rejected, in words a user can act on. */
  readonly reason: string;
  /** Wall time spent initialising and testing it; absent when it was skipped before initialising. */
  readonly ms?: number;
}

export interface BackendTimings {
  readonly initMs: number;
  readonly smokeMs: number;
  readonly warmupMs: number;
}

export interface ReadyMessage {
  readonly type: 'ready';
  readonly backend: BackendName;
  readonly reason: string;
  /** In the order tried; the last entry is the chosen backend. */
  readonly tried: readonly TriedBackend[];
  readonly timings: BackendTimings;
  /** Package name → version, for bug reports. */
  readonly versions: Readonly<Record<string, string>>;
}

export const ERROR_CODES = [
  'requested-backend-failed',
  'no-backend',
  'invalid-message',
  'not-implemented',
  'invalid-settings',
  'run-failed',
  'backend-failed',
  'experiment-failed',
  'model-unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether the worker can still do work after this error; a Record so a new code must decide. */
const FATAL: Readonly<Record<ErrorCode, boolean>> = {
  'requested-backend-failed': false,
  'no-backend': true,
  'invalid-message': false,
  'not-implemented': false,
  'invalid-settings': false,
  'run-failed': false,
  'backend-failed': false,
  'experiment-failed': false,
  'model-unavailable': false,
  internal: true,
};

export function isFatalError(code: ErrorCode): boolean {
  return FATAL[code];
}

/** A typed error: Error objects lose everything but message and stack when posted. */
export interface ErrorMessage {
  readonly type: 'error';
  /** The run it ends, when it is about one. */
  readonly runId?: number;
  /** The experiment it ends, when it is about one. */
  readonly experimentId?: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly detail?: string;
}

export const LOG_LEVELS = ['debug', 'info', 'warn'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogMessage {
  readonly type: 'log';
  readonly level: LogLevel;
  readonly message: string;
}

/** The scalars of one iteration (IterationRecord without its arrays). */
export interface IterationScalars {
  readonly t: number;
  readonly part: StepPart;
  readonly searchStep: number;
  readonly c: number;
  readonly f: number;
  readonly mi: number;
  readonly success: boolean;
  readonly linf: number;
  readonly l2: number;
  readonly bestMi: number | null;
  readonly predicted: number;
  /** Unsupervised task: ‖x − AE(x′)‖² of the iterate. */
  readonly reconAdv?: number;
}

/** What the model sees of one image: its class probabilities and its K first-conv maps. */
export interface ImageView {
  readonly probs: Float32Array;
  /** K maps of mapH×mapW, map after map. */
  readonly maps: Float32Array;
  readonly k: number;
  readonly mapH: number;
  readonly mapW: number;
  /** Unsupervised task: AE(image), 784 values (probs and maps are then empty). */
  readonly recon?: Float32Array;
  /** Unsupervised task: ‖x − AE(image)‖², summed over pixels, x the clean image. */
  readonly reconError?: number;
}

export interface InspectionMessage extends ImageView {
  readonly type: 'inspection';
  readonly requestId: number;
}

export interface RunStartedMessage {
  readonly type: 'run-started';
  readonly runId: number;
  readonly backend: BackendName;
  /** −1 for the unsupervised task (no classes). */
  readonly predictedClean: number;
  /** The clean image as the model sees it. */
  readonly clean: ImageView;
  /** The engine's resolved options, as recorded with the run. */
  readonly options: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * Set when the run continues on another backend after a failure: the first resumedFrom iterations
   * (counted over all of a penalty search's steps) stand, and the trace goes on after them. Absent
   * for a fresh start (or a restart from iteration 1).
   */
  readonly resumedFrom?: number;
}

/**
 * Every iteration since the last batch, in order: none is dropped. `deltas` holds δ = x′ − x of each
 * record (784 values each) where the method exposes it (MinMax), else it is empty.
 */
export interface IterationsMessage {
  readonly type: 'iterations';
  readonly runId: number;
  readonly records: readonly IterationScalars[];
  readonly deltas: Float32Array;
  /** Live tensors in the worker's engine, for the HUD. */
  readonly numTensors: number;
}

/** The adversarial image as the model sees it, throttled (a few per second at most). */
export interface FrameMessage {
  readonly type: 'frame';
  readonly runId: number;
  readonly t: number;
  readonly view: ImageView;
  /** The marginal's latest shuffle π (sample k is paired with π[k]), or empty. */
  readonly permutation: Int32Array;
}

export const RUN_STATES = ['running', 'paused'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface RunStateMessage {
  readonly type: 'run-state';
  readonly runId: number;
  readonly state: RunState;
}

export interface RunSummary {
  readonly success: boolean;
  /**
   * Null on success; else the engine's true reason (e.g. "f stayed > 0 for all 300 iterations
   * (smallest f 0.21 at iteration 14)", or "the returned x′ has 3 non-finite pixels").
   */
  readonly failureReason: string | null;
  readonly cancelled: boolean;
  readonly firstSuccessIter: number | null;
  readonly miBest: number | null;
  readonly predictedClean: number;
  readonly predictedAdv: number;
  readonly linf: number;
  readonly l2: number;
  readonly f: number;
  readonly itersRun: number;
  readonly msPerIter: number;
  /** Unsupervised task: ‖x − AE(x)‖² and ‖x − AE(x′)‖² at the returned x′. */
  readonly reconClean?: number;
  readonly reconAdv?: number;
}

export interface DoneMessage {
  readonly type: 'done';
  readonly runId: number;
  readonly summary: RunSummary;
  /** The returned x′ − x (δ* on success) and what the model sees of x′. */
  readonly delta: Float32Array;
  readonly adversarial: ImageView;
  readonly backend: BackendName;
}

export const EXPERIMENT_PHASES = ['load', 'train-original', 'generate', 'retrain'] as const;
export type ExperimentPhase = (typeof EXPERIMENT_PHASES)[number];

export interface ExperimentProgressMessage {
  readonly type: 'experiment-progress';
  readonly experimentId: number;
  readonly phase: ExperimentPhase;
  /** The augmentation method of a generate or retrain phase, else null. */
  readonly method: string | null;
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

export interface ExperimentMethodResult {
  readonly method: string;
  /** Mean per-pixel squared error on the test images. */
  readonly reconError: number;
  /** (original − reconError) / original: positive is a lower error (the paper's ↑). */
  readonly relChange: number;
  /** Share of training images whose copy succeeded, in [0, 1]. */
  readonly asr: number;
  readonly generateSeconds: number;
  readonly trainSeconds: number;
}

export interface ExperimentResult {
  readonly ae: AutoencoderName;
  readonly train: number;
  readonly epochs: number;
  readonly seed: number;
  readonly backend: string;
  readonly testCount: number;
  /** Test reconstruction error of the AE trained on the clean images only. */
  readonly original: number;
  readonly originalTrainSeconds: number;
  readonly results: readonly ExperimentMethodResult[];
  readonly seconds: number;
  readonly cancelled: boolean;
  /** The attack options MINE-UAE and L2-UAE ran with. */
  readonly attack: Readonly<Record<string, string | number | boolean | null>>;
}

export interface ExperimentDoneMessage {
  readonly type: 'experiment-done';
  readonly experimentId: number;
  readonly result: ExperimentResult;
}

export type WorkerToUi =
  | ExperimentProgressMessage
  | ExperimentDoneMessage
  | ReadyMessage
  | ErrorMessage
  | LogMessage
  | InspectionMessage
  | RunStartedMessage
  | IterationsMessage
  | FrameMessage
  | RunStateMessage
  | DoneMessage;
export type WorkerToUiType = WorkerToUi['type'];

// ---------------------------------------------------------------------------------------------
// Validation
// The field readers are exported for protocol-evidence.ts (the Compare and Batch views' messages).

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** For exhaustive switches: a new union member that is not handled fails to compile here. */
export function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}

export type Fields = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

export class Invalid extends Error {}

export function str(fields: Fields, key: string): string {
  const v = fields[key];
  if (typeof v !== 'string') throw new Invalid(`${key} must be a string`);
  return v;
}

function optStr(fields: Fields, key: string): string | undefined {
  return fields[key] === undefined ? undefined : str(fields, key);
}

export function bool(fields: Fields, key: string): boolean {
  const v = fields[key];
  if (typeof v !== 'boolean') throw new Invalid(`${key} must be a boolean`);
  return v;
}

export function int(fields: Fields, key: string, min: number, max: number): number {
  const v = fields[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Invalid(`${key} must be an integer in [${min}, ${max}]`);
  }
  return v;
}

function ms(fields: Fields, key: string): number {
  const v = fields[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new Invalid(`${key} must be a finite number ≥ 0`);
  return v;
}

function backend(fields: Fields, key: string): BackendName {
  const v = fields[key];
  if (!isBackendName(v)) throw new Invalid(`${key} must be one of ${BACKEND_NAMES.join(', ')}`);
  return v;
}

export function oneOf<T extends string>(fields: Fields, key: string, allowed: readonly T[]): T {
  const v = fields[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new Invalid(`${key} must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

export function num(fields: Fields, key: string): number {
  const v = fields[key];
  // NaN is a legitimate value (PGD has no MI); only the type is checked here.
  if (typeof v !== 'number') throw new Invalid(`${key} must be a number`);
  return v;
}

export function finite(fields: Fields, key: string): number {
  const v = num(fields, key);
  if (!Number.isFinite(v)) throw new Invalid(`${key} must be a finite number`);
  return v;
}

/** A setting inside its row of the limits table (core/limits.ts). */
function limited(fields: Fields, key: string, name: LimitName): number {
  const problem = outOfLimit(name, num(fields, key), key);
  if (problem !== null) throw new Invalid(problem);
  return fields[key] as number;
}

export function nullableNum(fields: Fields, key: string): number | null {
  return fields[key] === null ? null : num(fields, key);
}

export function f32(fields: Fields, key: string, length?: number): Float32Array {
  const v = fields[key];
  if (!(v instanceof Float32Array)) throw new Invalid(`${key} must be a Float32Array`);
  if (length !== undefined && v.length !== length) throw new Invalid(`${key} must hold ${length} values`);
  return v;
}

function i32(fields: Fields, key: string): Int32Array {
  const v = fields[key];
  if (!(v instanceof Int32Array)) throw new Invalid(`${key} must be an Int32Array`);
  return v;
}

export function record(value: unknown, what: string): Fields {
  if (!isRecord(value)) throw new Invalid(`${what} must be an object`);
  return value;
}

/** The most iterations one run may ask for; bounds what a crafted message can make the worker do. */
export const MAX_ITERATIONS = LIMITS.iters.max;
const MAX_RUN_ID = Number.MAX_SAFE_INTEGER;

export const IMAGE_SIZE = 28;
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;

export function parseSettings(value: unknown): RunSettings {
  const f = record(value, 'settings');
  // Absent task and ae read as the supervised default: messages from before the unsupervised task.
  const task = f.task === undefined ? 'supervised' : oneOf(f, 'task', TASKS);
  const method = oneOf(f, 'method', METHODS);
  if (!methodsOf(task).includes(method))
    throw new Invalid(`method ${method} does not attack the ${task} task (${methodsOf(task).join(', ')})`);
  return {
    task,
    ae: f.ae === undefined ? 'dense' : oneOf(f, 'ae', AUTOENCODERS),
    method,
    eps: limited(f, 'eps', 'eps'),
    alpha: limited(f, 'alpha', 'alpha'),
    beta: limited(f, 'beta', 'beta'),
    c0: limited(f, 'c0', 'c0'),
    iters: int(f, 'iters', 1, MAX_ITERATIONS),
    kappa: limited(f, 'kappa', 'kappa'),
    target: f.target === null ? null : int(f, 'target', 0, 9),
    seed: int(f, 'seed', 0, 0xffffffff),
    critic: oneOf(f, 'critic', CRITICS),
    mineLr: limited(f, 'mineLr', 'mineLr'),
    mineSteps: int(f, 'mineSteps', LIMITS.mineSteps.min, LIMITS.mineSteps.max),
    semantics: oneOf(f, 'semantics', SEMANTICS_NAMES),
  };
}

export function parseImage(value: unknown): RunImage {
  const f = record(value, 'image');
  const pixels = f32(f, 'pixels', IMAGE_PIXELS);
  if (!pixels.every((v) => v >= 0 && v <= 1)) throw new Invalid('pixels must lie in [0, 1]');
  return {
    source: oneOf(f, 'source', IMAGE_SOURCES),
    index: f.index === null ? null : int(f, 'index', 0, 1_000_000),
    label: int(f, 'label', 0, 9),
    pixels,
  };
}

function parseExperimentConfig(value: unknown): ExperimentConfig {
  const f = record(value, 'config');
  const methods = f.methods;
  if (!Array.isArray(methods) || methods.length === 0) throw new Invalid('methods must be a non-empty array');
  const names = methods.map((m, i) => {
    if (typeof m !== 'string' || !(AUGMENT_METHODS as readonly string[]).includes(m))
      throw new Invalid(`methods[${i}] must be one of ${AUGMENT_METHODS.join(', ')}`);
    return m as AugmentMethodName;
  });
  if (new Set(names).size !== names.length) throw new Invalid('methods must not repeat');
  return {
    ae: oneOf(f, 'ae', AUTOENCODERS),
    train: int(f, 'train', 1, EXPERIMENT_LIMITS.train),
    epochs: int(f, 'epochs', 1, EXPERIMENT_LIMITS.epochs),
    testCount: int(f, 'testCount', 1, EXPERIMENT_LIMITS.testCount),
    seed: int(f, 'seed', 0, 0xffffffff),
    methods: names,
    iters: int(f, 'iters', 1, EXPERIMENT_LIMITS.iters),
    mineSteps: int(f, 'mineSteps', 1, EXPERIMENT_LIMITS.mineSteps),
  };
}

function parseUi(f: Fields): UiToWorker {
  const type = oneOf<UiToWorkerType>(f, 'type', [
    'init',
    'run',
    'pause',
    'resume',
    'step',
    'cancel',
    'inspect',
    'experiment-start',
    'experiment-cancel',
  ]);
  switch (type) {
    case 'init': {
      const base =
        f.requestedBackend === undefined
          ? { type }
          : { type, requestedBackend: backend(f, 'requestedBackend') };
      if (f.fault === undefined) return base;
      const fault = record(f.fault, 'fault');
      return {
        ...base,
        fault: { kind: oneOf(fault, 'kind', FAULT_KINDS), at: int(fault, 'at', 1, MAX_ITERATIONS) },
      };
    }
    case 'run':
      return {
        type,
        runId: int(f, 'runId', 0, MAX_RUN_ID),
        settings: parseSettings(f.settings),
        image: parseImage(f.image),
        paused: bool(f, 'paused'),
      };
    case 'step':
      return { type, runId: int(f, 'runId', 0, MAX_RUN_ID), part: oneOf(f, 'part', STEP_PARTS) };
    case 'pause':
    case 'resume':
    case 'cancel':
      return { type, runId: int(f, 'runId', 0, MAX_RUN_ID) };
    case 'inspect': {
      const base = {
        type,
        requestId: int(f, 'requestId', 0, MAX_RUN_ID),
        pixels: f32(f, 'pixels', IMAGE_PIXELS),
      };
      return f.ae === undefined ? base : { ...base, ae: oneOf(f, 'ae', AUTOENCODERS) };
    }
    case 'experiment-start':
      return {
        type,
        experimentId: int(f, 'experimentId', 0, MAX_RUN_ID),
        config: parseExperimentConfig(f.config),
      };
    case 'experiment-cancel':
      return { type, experimentId: int(f, 'experimentId', 0, MAX_RUN_ID) };
    default:
      return assertNever(type);
  }
}

function parseTried(value: unknown, index: number): TriedBackend {
  const f = record(value, `tried[${index}]`);
  const base = { backend: backend(f, 'backend'), ok: bool(f, 'ok'), reason: str(f, 'reason') };
  return f.ms === undefined ? base : { ...base, ms: ms(f, 'ms') };
}

function parseVersions(value: unknown): Record<string, string> {
  const f = record(value, 'versions');
  const out: Record<string, string> = {};
  for (const key of Object.keys(f)) out[key] = str(f, key);
  return out;
}

function parseView(value: unknown): ImageView {
  const f = record(value, 'view');
  const k = int(f, 'k', 0, 4096);
  const mapH = int(f, 'mapH', 0, 4096);
  const mapW = int(f, 'mapW', 0, 4096);
  const view = { probs: f32(f, 'probs'), maps: f32(f, 'maps', k * mapH * mapW), k, mapH, mapW };
  if (f.recon === undefined) return view;
  return { ...view, recon: f32(f, 'recon', IMAGE_PIXELS), reconError: finite(f, 'reconError') };
}

function parseScalars(value: unknown, index: number): IterationScalars {
  const f = record(value, `records[${index}]`);
  return {
    t: int(f, 't', 0, MAX_ITERATIONS * 100),
    part: oneOf(f, 'part', STEP_PARTS),
    searchStep: int(f, 'searchStep', 0, 1000),
    c: num(f, 'c'),
    f: num(f, 'f'),
    mi: num(f, 'mi'),
    success: bool(f, 'success'),
    linf: num(f, 'linf'),
    l2: num(f, 'l2'),
    bestMi: nullableNum(f, 'bestMi'),
    predicted: num(f, 'predicted'),
    ...(f.reconAdv === undefined ? {} : { reconAdv: num(f, 'reconAdv') }),
  };
}

function parseSummary(value: unknown): RunSummary {
  const f = record(value, 'summary');
  const success = bool(f, 'success');
  const failureReason = f.failureReason === null ? null : str(f, 'failureReason');
  if (success !== (failureReason === null))
    throw new Invalid(
      success ? 'a successful run has no failureReason' : 'a failed run needs a failureReason',
    );
  return {
    success,
    failureReason,
    cancelled: bool(f, 'cancelled'),
    firstSuccessIter: nullableNum(f, 'firstSuccessIter'),
    miBest: nullableNum(f, 'miBest'),
    predictedClean: num(f, 'predictedClean'),
    predictedAdv: num(f, 'predictedAdv'),
    linf: num(f, 'linf'),
    l2: num(f, 'l2'),
    f: num(f, 'f'),
    itersRun: int(f, 'itersRun', 0, MAX_ITERATIONS * 100),
    msPerIter: num(f, 'msPerIter'),
    ...(f.reconClean === undefined ? {} : { reconClean: num(f, 'reconClean') }),
    ...(f.reconAdv === undefined ? {} : { reconAdv: num(f, 'reconAdv') }),
  };
}

function parseExperimentResult(value: unknown): ExperimentResult {
  const f = record(value, 'result');
  const results = f.results;
  if (!Array.isArray(results)) throw new Invalid('results must be an array');
  return {
    ae: oneOf(f, 'ae', AUTOENCODERS),
    train: int(f, 'train', 1, EXPERIMENT_LIMITS.train),
    epochs: int(f, 'epochs', 1, EXPERIMENT_LIMITS.epochs),
    seed: int(f, 'seed', 0, 0xffffffff),
    backend: str(f, 'backend'),
    testCount: int(f, 'testCount', 1, EXPERIMENT_LIMITS.testCount),
    // NaN when cancelled before Original was measured.
    original: num(f, 'original'),
    originalTrainSeconds: num(f, 'originalTrainSeconds'),
    results: results.map((r: unknown, i) => {
      const g = record(r, `results[${i}]`);
      return {
        method: str(g, 'method'),
        reconError: num(g, 'reconError'),
        relChange: num(g, 'relChange'),
        asr: num(g, 'asr'),
        generateSeconds: num(g, 'generateSeconds'),
        trainSeconds: num(g, 'trainSeconds'),
      };
    }),
    seconds: num(f, 'seconds'),
    cancelled: bool(f, 'cancelled'),
    attack: parseOptions(f.attack),
  };
}

function parseOptions(value: unknown): Record<string, string | number | boolean | null> {
  const f = record(value, 'options');
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, v] of Object.entries(f)) {
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new Invalid(`options.${key} must be a string, number, boolean or null`);
    }
    out[key] = v;
  }
  return out;
}

function parseWorker(f: Fields): WorkerToUi {
  const type = oneOf<WorkerToUiType>(f, 'type', [
    'ready',
    'error',
    'log',
    'inspection',
    'run-started',
    'iterations',
    'frame',
    'run-state',
    'done',
    'experiment-progress',
    'experiment-done',
  ]);
  switch (type) {
    case 'ready': {
      const tried = f.tried;
      if (!Array.isArray(tried)) throw new Invalid('tried must be an array');
      const t = record(f.timings, 'timings');
      return {
        type,
        backend: backend(f, 'backend'),
        reason: str(f, 'reason'),
        tried: tried.map(parseTried),
        timings: { initMs: ms(t, 'initMs'), smokeMs: ms(t, 'smokeMs'), warmupMs: ms(t, 'warmupMs') },
        versions: parseVersions(f.versions),
      };
    }
    case 'error': {
      const detail = optStr(f, 'detail');
      const base = { type, code: oneOf(f, 'code', ERROR_CODES), message: str(f, 'message') };
      const withRun = f.runId === undefined ? base : { ...base, runId: int(f, 'runId', 0, MAX_RUN_ID) };
      const withExperiment =
        f.experimentId === undefined
          ? withRun
          : { ...withRun, experimentId: int(f, 'experimentId', 0, MAX_RUN_ID) };
      return detail === undefined ? withExperiment : { ...withExperiment, detail };
    }
    case 'log':
      return { type, level: oneOf(f, 'level', LOG_LEVELS), message: str(f, 'message') };
    case 'inspection':
      return { type, requestId: int(f, 'requestId', 0, MAX_RUN_ID), ...parseView(f) };
    case 'run-started': {
      const started = {
        type,
        runId: int(f, 'runId', 0, MAX_RUN_ID),
        backend: backend(f, 'backend'),
        predictedClean: int(f, 'predictedClean', -1, 1000),
        clean: parseView(f.clean),
        options: parseOptions(f.options),
      };
      return f.resumedFrom === undefined
        ? started
        : { ...started, resumedFrom: int(f, 'resumedFrom', 0, MAX_ITERATIONS * 100) };
    }
    case 'iterations': {
      const records = f.records;
      if (!Array.isArray(records)) throw new Invalid('records must be an array');
      const parsed = records.map(parseScalars);
      const deltas = f32(f, 'deltas');
      if (deltas.length !== 0 && deltas.length !== parsed.length * IMAGE_PIXELS) {
        throw new Invalid(`deltas must be empty or hold ${IMAGE_PIXELS} values per record`);
      }
      return {
        type,
        runId: int(f, 'runId', 0, MAX_RUN_ID),
        records: parsed,
        deltas,
        numTensors: int(f, 'numTensors', 0, 1e9),
      };
    }
    case 'frame':
      return {
        type,
        runId: int(f, 'runId', 0, MAX_RUN_ID),
        t: int(f, 't', 0, MAX_ITERATIONS * 100),
        view: parseView(f.view),
        permutation: i32(f, 'permutation'),
      };
    case 'run-state':
      return { type, runId: int(f, 'runId', 0, MAX_RUN_ID), state: oneOf(f, 'state', RUN_STATES) };
    case 'done':
      return {
        type,
        runId: int(f, 'runId', 0, MAX_RUN_ID),
        summary: parseSummary(f.summary),
        delta: f32(f, 'delta', IMAGE_PIXELS),
        adversarial: parseView(f.adversarial),
        backend: backend(f, 'backend'),
      };
    case 'experiment-progress':
      return {
        type,
        experimentId: int(f, 'experimentId', 0, MAX_RUN_ID),
        phase: oneOf(f, 'phase', EXPERIMENT_PHASES),
        method: f.method === null ? null : str(f, 'method'),
        done: ms(f, 'done'),
        total: ms(f, 'total'),
        message: str(f, 'message'),
      };
    case 'experiment-done':
      return {
        type,
        experimentId: int(f, 'experimentId', 0, MAX_RUN_ID),
        result: parseExperimentResult(f.result),
      };
    default:
      return assertNever(type);
  }
}

function parseWith<T>(data: unknown, parse: (f: Fields) => T): Parsed<T> {
  if (!isRecord(data)) return fail('message must be an object');
  try {
    return { ok: true, value: parse(data) };
  } catch (e) {
    if (e instanceof Invalid)
      return fail(`${typeof data.type === 'string' ? data.type : 'message'}: ${e.message}`);
    throw e;
  }
}

/** Validates a message received by the worker; unknown extra fields are dropped. */
export function parseUiToWorker(data: unknown): Parsed<UiToWorker> {
  return parseWith(data, parseUi);
}

/** Validates a message received by the UI; unknown extra fields are dropped. */
export function parseWorkerToUi(data: unknown): Parsed<WorkerToUi> {
  return parseWith(data, parseWorker);
}
