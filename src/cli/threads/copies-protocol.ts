/** Messages between the CLI and its copy-making worker threads. */
import type { AttackOptions } from '../../core/attacks/options';
import type { HeadlessBackend } from '../../core/backend';
import type { AttackMethod } from '../../core/experiments/attack-copies';
import type { AutoencoderKind } from '../../core/models/autoencoders';

export interface CopiesWorkerData {
  entry: string;
  backend: HeadlessBackend;
  kind: AutoencoderKind;
  /** The attacked autoencoder's weights, in `model.getWeights()` order. */
  weights: { shape: number[]; values: Float32Array }[];
  method: AttackMethod;
  attack: AttackOptions;
}

export type ToWorker =
  { type: 'batch'; start: number; ids: number[]; images: Float32Array } | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; start: number; fraction: number }
  | { type: 'done'; start: number; copies: Float32Array; successes: number }
  | { type: 'failed'; message: string };
