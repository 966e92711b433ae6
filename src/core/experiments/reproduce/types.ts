/**
 * The shapes every `reproduce` experiment shares: what it needs from its host (data, models, a
 * backend name), what it reports while it runs, the resumable state and the record it returns. All
 * plain data and JSON-safe, so the CLI writes them to files and the app's worker can post them.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageSet } from '../../data/dataset';
import type { CopyAttacker } from '../attack-copies';
import type { ReuseReport } from './reuse';

export type ExperimentName = 'asr-mi' | 'mi-distribution' | 'minmax-vs-pgd' | 'reconstruction';
export const EXPERIMENT_NAMES: readonly ExperimentName[] = [
  'asr-mi',
  'mi-distribution',
  'minmax-vs-pgd',
  'reconstruction',
];

export type ScaleName = 'quick' | 'standard' | 'paper';
export const SCALE_NAMES: readonly ScaleName[] = ['quick', 'standard', 'paper'];

/** What an experiment takes from its host: the front end (CLI, worker) knows where files live. */
export interface ReproduceEnv {
  /** The tfjs backend already set up by the host (recorded, never switched here). */
  backend: string;
  /** MNIST test images (t10k order) and the training images (the first ones are used). */
  testSet: () => Promise<ImageSet>;
  trainSet: () => Promise<ImageSet>;
  /** A fresh copy of the shipped classifier; the experiment disposes it. */
  loadClassifier: () => Promise<tfl.LayersModel>;
  /** Makes the reconstruction experiment's MINE-UAE / L2-UAE copies (e.g. on worker threads). */
  copyAttacker?: CopyAttacker;
}

export interface ReproduceProgress {
  /** Units finished (a unit: one method on one sample, or one autoencoder's whole row set). */
  done: number;
  total: number;
  /** 0-based sample (supervised) or autoencoder index of the unit just finished or running. */
  sample: number;
  samples: number;
  method: string;
  elapsedSeconds: number;
  /** From the measured cost of what is done so far and the cost model of what is left; null at first. */
  etaSeconds: number | null;
  message: string;
}

export interface ReproduceHooks {
  onProgress?: (p: ReproduceProgress) => void;
  /**
   * Stops the run: the unit in flight is dropped and redone on resume. Supervised units hear it within
   * their iterations (a quarter second); a reconstruction unit at its next phase.
   */
  signal?: AbortSignal;
  /** Called after every finished unit with the state so far (a host saves it to resume from). */
  onState?: (state: ReproduceState) => void | Promise<void>;
}

/** The resumable state of one run: plain JSON, checked against the settings on resume. */
export interface ReproduceState {
  format: typeof STATE_FORMAT;
  name: ExperimentName;
  scale: ScaleName;
  seed: number;
  /** The backend the units were computed on (absent in states saved before it was recorded). */
  backend?: string;
  /** The exact settings the units were made with (the scale plus any override). */
  settings: unknown;
  /** Finished units, in the order they finished; the experiment knows their shape. */
  units: unknown[];
  /** Seconds spent on the finished units, over all sessions. */
  seconds: number;
}
export const STATE_FORMAT = 'minmax-lab/reproduce-state@1';

/** One SVG figure, with a file stem (no extension) for hosts that write it. */
export interface Figure {
  name: string;
  title: string;
  svg: string;
}

/** What a finished (or cancelled) run returns; `figures` are rendered from it by the experiment. */
export interface ReproduceRecord {
  name: ExperimentName;
  title: string;
  slide: string;
  scale: ScaleName;
  seed: number;
  backend: string;
  /** Wall-clock seconds over all sessions of this run (a resumed run adds up its parts). */
  seconds: number;
  /** The cost model's figure for these settings, before the run. */
  expectedSeconds: number;
  settings: unknown;
  /** Our figures: deterministic in the settings and seed (no times in them). */
  rows: Record<string, unknown>[];
  /** The talk's figures for the same cells. */
  paper: Record<string, unknown>[];
  /** What the paper column means and where it comes from. */
  paperNote: string;
  /** Seconds per method (or per autoencoder): times are kept out of rows. */
  timing: Record<string, number>;
  /** False when cancelled: rows then cover the finished units only. */
  complete: boolean;
  /** Figure data that is not a row (the image grid's pixels, histogram bins). */
  extra: Record<string, unknown>;
  /**
   * The finished units the rows were computed from (per sample and method, or per autoencoder):
   * anyone can recompute the rows, and another run can reuse them (reuse.ts).
   */
  units: unknown[];
  /** Units taken from other runs instead of being computed (supervised experiments, with --reuse). */
  reuse?: ReuseReport[];
}
