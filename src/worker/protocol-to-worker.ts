/** The messages the UI sends the engine worker (runs, inspection, the augmentation experiment). */
import { AUTOENCODERS } from '../core/vocabulary';
import {
  IMAGE_PIXELS,
  MAX_ITERATIONS,
  STEP_PARTS,
  backend,
  id,
  runImage,
  runSettings,
  seed,
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
  oneOf,
  optional,
  obj,
} from './schema';

/**
 * How an injected fault fails: "nan" makes the iteration's f and I non-finite (the run's NaN check
 * catches it), "kernel" calls a kernel no backend registers (tfjs throws, as for a missing kernel).
 */
export const FAULT_KINDS = ['nan', 'kernel'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const faultSpec = obj({
  kind: oneOf(FAULT_KINDS),
  /** The iteration (from 1, counted over all of a penalty search's steps) that fails. */
  at: int(1, MAX_ITERATIONS),
});
export type FaultSpec = Infer<typeof faultSpec>;

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

export const experimentConfig = obj({
  ae: oneOf(AUTOENCODERS),
  /** The first `train` MNIST training images. */
  train: int(1, EXPERIMENT_LIMITS.train),
  epochs: int(1, EXPERIMENT_LIMITS.epochs),
  /** The first `testCount` MNIST test images measure the reconstruction error. */
  testCount: int(1, EXPERIMENT_LIMITS.testCount),
  seed: seed(),
  methods: array(oneOf(AUGMENT_METHODS), { nonEmpty: true, distinct: true }),
  /** MINE-UAE and L2-UAE iterations, and MINE steps per iteration (authors: 40 and 20). */
  iters: int(1, EXPERIMENT_LIMITS.iters),
  mineSteps: int(1, EXPERIMENT_LIMITS.mineSteps),
});
export type ExperimentConfig = Infer<typeof experimentConfig>;

const runControl = { runId: id() };

export const toWorker = messages({
  init: message('init', {
    /** Forces this backend first (from ?backend=); the worker falls back, and says so, if it fails. */
    requestedBackend: optional(backend()),
    /** Test hook (from ?fault=): the negotiated backend fails at an iteration of every run on it. */
    fault: optional(faultSpec),
  }),
  run: message('run', {
    ...runControl,
    settings: runSettings,
    image: runImage,
    /** Start paused, so that the first iteration can be stepped. */
    paused: bool(),
  }),
  pause: message('pause', runControl),
  resume: message('resume', runControl),
  /** Advances a paused run by one iteration, or one player's half of it (MinMax only). */
  step: message('step', { ...runControl, part: oneOf(STEP_PARTS) }),
  /** Cooperative stop between iterations; worker.terminate() remains the hard stop. */
  cancel: message('cancel', runControl),
  /** Classifier probabilities and first-conv maps of one image, before any run. */
  inspect: message('inspect', {
    requestId: id(),
    pixels: f32(IMAGE_PIXELS),
    /** Ask the autoencoder instead: the reply carries AE(pixels) and its error (recon, reconError). */
    ae: optional(oneOf(AUTOENCODERS)),
  }),
  /** Trains Original, generates one copy per image and method, retrains per method (paper §4.2). */
  'experiment-start': message('experiment-start', { experimentId: id(), config: experimentConfig }),
  'experiment-cancel': message('experiment-cancel', { experimentId: id() }),
});

export type UiToWorker = MessageOf<typeof toWorker>;
export type UiToWorkerType = UiToWorker['type'];
type Of<T extends UiToWorkerType> = Extract<UiToWorker, { type: T }>;
export type InitMessage = Of<'init'>;
export type RunMessage = Of<'run'>;
export type PauseMessage = Of<'pause'>;
export type ResumeMessage = Of<'resume'>;
export type StepMessage = Of<'step'>;
export type CancelMessage = Of<'cancel'>;
export type InspectMessage = Of<'inspect'>;
export type ExperimentStartMessage = Of<'experiment-start'>;
export type ExperimentCancelMessage = Of<'experiment-cancel'>;
