/** The messages the engine worker sends the UI (backend, runs, the augmentation experiment). */
import { LIMITS } from '../core/limits';
import type { IterationRecord } from '../core/attacks/trace';
import { LOOP_PHASE_NAMES, type PhaseValues } from '../core/attacks/phases';
import { AUTOENCODERS, METHODS } from '../core/vocabulary';
import {
  IMAGE_PIXELS,
  MAX_ITERATIONS,
  STEP_PARTS,
  backend,
  failureExplained,
  id,
  iteration,
  seed,
} from './protocol-fields';
import { EXPERIMENT_LIMITS } from './protocol-to-worker';
import {
  type Infer,
  type MessageOf,
  Invalid,
  array,
  bool,
  dict,
  f32,
  finite,
  i32,
  int,
  message,
  messages,
  nonNegative,
  nullable,
  num,
  obj,
  oneOf,
  optional,
  refine,
  str,
  type Schema,
} from './schema';

const phaseValues: Schema<PhaseValues> = obj({
  t: optional(iteration()),
  alpha: optional(num()),
  c: optional(num()),
  eps: optional(num()),
  trained: optional(bool()),
  mi: optional(num()),
  f: optional(num()),
  linf: optional(num()),
  l2: optional(num()),
  fPlus: optional(num()),
  success: optional(bool()),
  took: optional(bool()),
  bestMi: optional(nullable(num())),
});

const triedBackend = obj({
  backend: backend(),
  ok: bool(),
  /** Why it was chosen, skipped or rejected, in words a user can act on. */
  reason: str(),
  /** Wall time spent initialising and testing it; absent when it was skipped before initialising. */
  ms: optional(nonNegative()),
});
export type TriedBackend = Infer<typeof triedBackend>;

const backendTimings = obj({ initMs: nonNegative(), smokeMs: nonNegative(), warmupMs: nonNegative() });
export type BackendTimings = Infer<typeof backendTimings>;

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

export const LOG_LEVELS = ['debug', 'info', 'warn'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * How the numbers of a run's scalars are read: `measured` for what an iterate measures (NaN is a
 * value there: PGD has no in-loop MI, a diverged run), `booked` for what is null or a real number.
 * The worker's messages take any number for both; a saved run record (JSON, where NaN was written as
 * null and Infinity cannot be) is read more strictly by app/run-record.ts, over the same fields.
 */
export interface ScalarReaders {
  measured: () => Schema<number>;
  booked: () => Schema<number>;
}
const ANY_NUMBER: ScalarReaders = { measured: num, booked: num };

/** The fields of one iteration's scalars (the worker's message and the run record's trace). */
export const iterationScalarsOf = ({ measured, booked }: ScalarReaders) =>
  obj({
    t: iteration(),
    part: oneOf(STEP_PARTS),
    searchStep: int(0, 1000),
    c: measured(),
    f: measured(),
    mi: measured(),
    success: bool(),
    linf: measured(),
    l2: measured(),
    bestMi: nullable(booked()),
    predicted: measured(),
    /** Unsupervised task: ‖x − AE(x′)‖² of the iterate. */
    reconAdv: optional(measured()),
  });

/**
 * The scalars of one iteration: the core's IterationRecord without δ (sent apart) and f⁺ (max(0, f)).
 * Typed against the core's record, so a field added there fails to compile here until it is sent.
 */
export const iterationScalars: Schema<Readonly<Omit<IterationRecord, 'delta' | 'fPlus'>>> =
  iterationScalarsOf(ANY_NUMBER);
export type IterationScalars = Infer<typeof iterationScalars>;

const mapSide = () => int(0, 4096);
const viewFields = {
  probs: f32(),
  /** K maps of mapH×mapW, map after map (their length is checked in `imageView`). */
  maps: f32(),
  k: mapSide(),
  mapH: mapSide(),
  mapW: mapSide(),
  /** Unsupervised task: AE(image), 784 values (probs and maps are then empty). */
  recon: optional(f32(IMAGE_PIXELS)),
  /** Unsupervised task: ‖x − AE(image)‖², summed over pixels, x the clean image. */
  reconError: optional(finite()),
};
const viewCheck = (v: {
  maps: Float32Array;
  k: number;
  mapH: number;
  mapW: number;
  recon?: unknown;
  reconError?: unknown;
}) =>
  v.maps.length !== v.k * v.mapH * v.mapW
    ? `maps must hold ${v.k * v.mapH * v.mapW} values`
    : (v.recon === undefined) !== (v.reconError === undefined)
      ? 'recon and reconError come together'
      : null;
/** What the model sees of one image: its class probabilities and its K first-conv maps. */
const imageView = refine(obj(viewFields), viewCheck);
export type ImageView = Infer<typeof imageView>;

/** The engine's resolved options as recorded with a run: flat scalars. */
const options = (): Schema<Readonly<Record<string, string | number | boolean | null>>> =>
  dict(nullable(scalar()));
function scalar(): Schema<string | number | boolean> {
  return {
    optional: false,
    read: (v, key) => {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      throw new Invalid(`${key} must be a string, number, boolean or null`);
    },
  };
}

/** A finished run's summary (the worker's `done` and the run record's result). */
export const runSummaryOf = ({ measured, booked }: ScalarReaders) =>
  refine(
    obj({
      success: bool(),
      /**
       * Null on success; else the engine's true reason (e.g. "f stayed > 0 for all 300 iterations
       * (smallest f 0.21 at iteration 14)", or "the returned x′ has 3 non-finite pixels").
       */
      failureReason: nullable(str()),
      cancelled: bool(),
      firstSuccessIter: nullable(booked()),
      miBest: nullable(booked()),
      predictedClean: measured(),
      predictedAdv: measured(),
      linf: measured(),
      l2: measured(),
      f: measured(),
      itersRun: iteration(),
      msPerIter: measured(),
      /** Unsupervised task: ‖x − AE(x)‖² and ‖x − AE(x′)‖² at the returned x′. */
      reconClean: optional(measured()),
      reconAdv: optional(measured()),
    }),
    failureExplained,
  );
const runSummary = runSummaryOf(ANY_NUMBER);
export type RunSummary = Infer<typeof runSummary>;

export const EXPERIMENT_PHASES = ['load', 'train-original', 'generate', 'retrain'] as const;
export type ExperimentPhase = (typeof EXPERIMENT_PHASES)[number];

const experimentMethodResult = obj({
  method: str(),
  /** Mean per-pixel squared error on the test images. */
  reconError: num(),
  /** (original − reconError) / original: positive is a lower error (the paper's ↑). */
  relChange: num(),
  /** Share of training images whose copy succeeded, in [0, 1]. */
  asr: num(),
  generateSeconds: num(),
  trainSeconds: num(),
});
export type ExperimentMethodResult = Infer<typeof experimentMethodResult>;

const experimentResult = obj({
  ae: oneOf(AUTOENCODERS),
  train: int(1, EXPERIMENT_LIMITS.train),
  epochs: int(1, EXPERIMENT_LIMITS.epochs),
  seed: seed(),
  backend: str(),
  testCount: int(1, EXPERIMENT_LIMITS.testCount),
  /** Test reconstruction error of the AE trained on the clean images only (NaN when cancelled first). */
  original: num(),
  originalTrainSeconds: num(),
  results: array(experimentMethodResult),
  seconds: num(),
  cancelled: bool(),
  /** The attack options MINE-UAE and L2-UAE ran with. */
  attack: options(),
});
export type ExperimentResult = Infer<typeof experimentResult>;

/** How a run's iterations are laid out, typed for the UI (the options record is for the export). */
const runSchedule = obj({
  method: oneOf(METHODS),
  /** T: iterations per search step for a searching method, else in all. */
  iters: int(1, MAX_ITERATIONS),
  /** Steps of the binary search on c (1 for a method that does not search). */
  searchSteps: int(1, LIMITS.searchSteps.max),
});
export type RunSchedule = Infer<typeof runSchedule>;

export const RUN_STATES = ['running', 'paused'] as const;
export type RunState = (typeof RUN_STATES)[number];

export const toUi = messages({
  ready: message('ready', {
    backend: backend(),
    reason: str(),
    /** In the order tried; the last entry is the chosen backend. */
    tried: array(triedBackend),
    timings: backendTimings,
    /** Package name → version, for bug reports. */
    versions: dict(str()),
  }),
  /** A typed error: Error objects lose everything but message and stack when posted. */
  error: message('error', {
    code: oneOf(ERROR_CODES),
    message: str(),
    /** The run it ends, when it is about one. */
    runId: optional(id()),
    /** The experiment it ends, when it is about one. */
    experimentId: optional(id()),
    detail: optional(str()),
  }),
  log: message('log', { level: oneOf(LOG_LEVELS), message: str() }),
  inspection: refine(message('inspection', { requestId: id(), ...viewFields }), viewCheck),
  'run-started': message('run-started', {
    runId: id(),
    backend: backend(),
    /** −1 for the unsupervised task (no classes). */
    predictedClean: int(-1, 1000),
    /** The clean image as the model sees it. */
    clean: imageView,
    schedule: runSchedule,
    /** The engine's resolved options, as recorded with the run (and exported with it). */
    options: options(),
    /**
     * Set when the run continues on another backend after a failure: the first resumedFrom
     * iterations (counted over all of a penalty search's steps) stand, and the trace goes on after
     * them. Absent for a fresh start (or a restart from iteration 1).
     */
    resumedFrom: optional(iteration()),
  }),
  /**
   * Every iteration since the last batch, in order: none is dropped. `deltas` holds δ = x′ − x of
   * each record (784 values each) where the method exposes it (MinMax), else it is empty.
   */
  iterations: refine(
    message('iterations', {
      runId: id(),
      records: array(iterationScalars),
      deltas: f32(),
      /** Live tensors in the worker's engine, for the HUD. */
      numTensors: int(0, 1e9),
    }),
    (m) =>
      m.deltas.length === 0 || m.deltas.length === m.records.length * IMAGE_PIXELS
        ? null
        : `deltas must be empty or hold ${IMAGE_PIXELS} values per record`,
  ),
  /** The adversarial image as the model sees it, throttled (a few per second at most). */
  frame: message('frame', {
    runId: id(),
    t: iteration(),
    view: imageView,
    /** The marginal's latest shuffle π (sample k is paired with π[k]), or empty. */
    permutation: i32(),
  }),
  'run-state': message('run-state', { runId: id(), state: oneOf(RUN_STATES) }),
  /** Where the MinMax loop stands in Algorithm 1 (core/attacks/phases.ts). */
  phase: message('phase', {
    runId: id(),
    t: iteration(),
    part: oneOf(STEP_PARTS),
    phase: oneOf(LOOP_PHASE_NAMES),
    values: phaseValues,
  }),
  done: message('done', {
    runId: id(),
    summary: runSummary,
    /** The returned x′ − x (δ* on success) and what the model sees of x′. */
    delta: f32(IMAGE_PIXELS),
    adversarial: imageView,
    backend: backend(),
  }),
  'experiment-progress': message('experiment-progress', {
    experimentId: id(),
    phase: oneOf(EXPERIMENT_PHASES),
    /** The augmentation method of a generate or retrain phase, else null. */
    method: nullable(str()),
    done: nonNegative(),
    total: nonNegative(),
    message: str(),
  }),
  'experiment-done': message('experiment-done', { experimentId: id(), result: experimentResult }),
});

export type WorkerToUi = MessageOf<typeof toUi>;
export type WorkerToUiType = WorkerToUi['type'];
type Of<T extends WorkerToUiType> = Extract<WorkerToUi, { type: T }>;
export type ReadyMessage = Of<'ready'>;
export type ErrorMessage = Of<'error'>;
export type LogMessage = Of<'log'>;
export type InspectionMessage = Of<'inspection'>;
export type RunStartedMessage = Of<'run-started'>;
export type IterationsMessage = Of<'iterations'>;
export type FrameMessage = Of<'frame'>;
export type RunStateMessage = Of<'run-state'>;
export type PhaseMessage = Of<'phase'>;
export type DoneMessage = Of<'done'>;
export type ExperimentProgressMessage = Of<'experiment-progress'>;
export type ExperimentDoneMessage = Of<'experiment-done'>;
