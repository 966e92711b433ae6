/**
 * The paper's augmentation experiment (docs/ALGORITHM.md §6) at a chosen scale: train an autoencoder on N
 * clean images ("Original"), make one copy of each image per method against it (MINE-UAE, L2-UAE or
 * Gaussian noise), retrain a fresh autoencoder from the same seed with the same schedule on the 2N
 * set, and compare test reconstruction errors. Runs the same in Node and in the browser worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  autoencoderTarget,
  disposeAttackedAutoencoder,
  wrapAutoencoder,
  type AttackedAutoencoder,
} from '../attacks/autoencoder-target';
import { gaussianCopy } from '../attacks/gaussian';
import { resolveOptions, type AttackOptions } from '../attacks/options';
import { readDecimal } from '../number-syntax';
import { uaeCritic, UAE_DEFAULTS } from '../attacks/uae';
import {
  buildAutoencoder,
  disposeAutoencoder,
  type AutoencoderKind,
  type AutoencoderParts,
} from '../models/autoencoders';
import { reconstructionMse, trainAutoencoder } from '../models/train-autoencoder';
import { Rng } from '../rng';
import { attackCopiesInProcess, batchRanges, type CopyAttacker } from './attack-copies';

/** 'clean' is a control the paper lacks: the N clean images again, so that a retraining sees 2N
 *  images and twice the steps without any perturbation. */
export type AugmentMethod =
  { kind: 'mine-uae' } | { kind: 'l2-uae' } | { kind: 'ga'; sigma: number } | { kind: 'clean' };

export const PAPER_METHODS: readonly AugmentMethod[] = [
  { kind: 'mine-uae' },
  { kind: 'l2-uae' },
  { kind: 'ga', sigma: 0.01 },
  { kind: 'ga', sigma: 0.001 },
];

export function methodName(m: AugmentMethod): string {
  return m.kind === 'ga' ? `ga:${m.sigma}` : m.kind;
}

/** "mine-uae,l2-uae,ga:0.01" → methods; a clear RangeError for anything else. */
export function parseMethods(list: string): AugmentMethod[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new RangeError('no augmentation method given (mine-uae, l2-uae, ga:<σ>)');
  const methods = names.map((name): AugmentMethod => {
    if (name === 'mine-uae' || name === 'l2-uae' || name === 'clean') return { kind: name };
    const ga = /^ga:(.+)$/.exec(name);
    if (ga) {
      const reading = readDecimal(ga[1]!);
      if (!reading.ok) throw new RangeError(`GA σ '${ga[1]}' ${reading.reason}`);
      const sigma = reading.value;
      if (sigma <= 0 || sigma > 1) throw new RangeError(`GA σ must be a number in (0, 1], got '${ga[1]}'`);
      return { kind: 'ga', sigma };
    }
    throw new RangeError(`unknown augmentation method '${name}' (mine-uae, l2-uae, ga:<σ>, clean)`);
  });
  const seen = new Set<string>();
  for (const m of methods) {
    if (seen.has(methodName(m))) throw new RangeError(`method ${methodName(m)} is listed twice`);
    seen.add(methodName(m));
  }
  return methods;
}

export interface AugmentConfig {
  kind: AutoencoderKind;
  /** Training images N (the first N of `data`). */
  train: number;
  epochs: number;
  seed: number;
  methods: readonly AugmentMethod[];
  /** Settings of MINE-UAE and L2-UAE over UAE_DEFAULTS and the AE's default critic (uaeCritic). */
  attack?: Partial<AttackOptions>;
  /** Test images used for the error (the first ones of `data`); default all. */
  testCount?: number;
  /** Images attacked together. */
  generateBatch?: number;
  batchSize?: number;
}

export interface AugmentData {
  trainImages: Float32Array;
  trainCount: number;
  testImages: Float32Array;
  testCount: number;
}

export interface AugmentProgress {
  phase: 'train-original' | 'generate' | 'retrain';
  method: string | null;
  done: number;
  total: number;
  message: string;
}

export interface AugmentMethodResult {
  method: string;
  reconError: number;
  /** (original − reconError) / original: positive is a lower error (the paper's ↑). */
  relChange: number;
  /** Share of training images whose copy meets the method's success rule. */
  asr: number;
  generateSeconds: number;
  trainSeconds: number;
}

export interface AugmentResult {
  ae: AutoencoderKind;
  train: number;
  epochs: number;
  seed: number;
  backend: string;
  testCount: number;
  attack: AttackOptions;
  original: number;
  originalTrainSeconds: number;
  results: AugmentMethodResult[];
  seconds: number;
  cancelled: boolean;
}

export interface AugmentHooks {
  onProgress?: (p: AugmentProgress) => void | Promise<void>;
  signal?: AbortSignal;
  /** Makes the MINE-UAE and L2-UAE copies; default: batch after batch on this thread. */
  attackCopies?: CopyAttacker;
}

/** The attack settings the experiment uses unless told otherwise. */
export function experimentAttackOptions(
  over: Partial<AttackOptions> = {},
  kind: AutoencoderKind = 'conv',
): AttackOptions {
  return resolveOptions({ ...UAE_DEFAULTS, critic: uaeCritic(kind === 'conv'), ...over });
}

const now = () => performance.now();

export async function runAugmentation(
  cfg: AugmentConfig,
  data: AugmentData,
  hooks: AugmentHooks = {},
): Promise<AugmentResult> {
  const n = cfg.train;
  const testCount = cfg.testCount ?? data.testCount;
  if (!Number.isInteger(n) || n < 1 || n > data.trainCount)
    throw new RangeError(`train must be an integer in [1, ${data.trainCount}], got ${n}`);
  if (!Number.isInteger(cfg.epochs) || cfg.epochs < 1 || cfg.epochs > 1000)
    throw new RangeError(`epochs must be an integer in [1, 1000], got ${cfg.epochs}`);
  if (!Number.isInteger(testCount) || testCount < 1 || testCount > data.testCount)
    throw new RangeError(`test images must be an integer in [1, ${data.testCount}], got ${testCount}`);
  if (cfg.methods.length === 0) throw new RangeError('choose at least one augmentation method');
  const attack = experimentAttackOptions(cfg.attack, cfg.kind);
  const batchSize = cfg.batchSize ?? 100;
  const generateBatch = cfg.generateBatch ?? 50;
  const started = now();
  const clean = data.trainImages.subarray(0, n * 784);
  const test = data.testImages.subarray(0, testCount * 784);
  const report = async (p: AugmentProgress) => hooks.onProgress?.(p);
  const aborted = () => hooks.signal?.aborted === true;
  const attackCopies = hooks.attackCopies ?? attackCopiesInProcess;

  const result: AugmentResult = {
    ae: cfg.kind,
    train: n,
    epochs: cfg.epochs,
    seed: cfg.seed,
    backend: tf.getBackend(),
    testCount,
    attack,
    original: NaN,
    originalTrainSeconds: 0,
    results: [],
    seconds: 0,
    cancelled: false,
  };
  const finish = (cancelled: boolean) => {
    result.cancelled = cancelled;
    result.seconds = (now() - started) / 1000;
    return result;
  };

  /** Trains a fresh AE from cfg.seed on `images`; null when cancelled. */
  const train = async (
    images: Float32Array,
    count: number,
    phase: AugmentProgress['phase'],
    method: string | null,
  ): Promise<AutoencoderParts | null> => {
    const parts = buildAutoencoder(cfg.kind, cfg.seed);
    const out = await trainAutoencoder(parts, images, count, {
      epochs: cfg.epochs,
      batchSize,
      seed: cfg.seed,
      signal: hooks.signal,
      onBatch: (epoch, b, batches, loss) =>
        report({
          phase,
          method,
          done: epoch * batches + b + 1,
          total: cfg.epochs * batches,
          message: `epoch ${epoch + 1}/${cfg.epochs}, batch ${b + 1}/${batches}, loss ${loss.toFixed(5)}`,
        }),
    });
    if (out.cancelled) {
      disposeAutoencoder(parts);
      return null;
    }
    return parts;
  };

  let t0 = now();
  const original = await train(clean, n, 'train-original', null);
  if (!original) return finish(true);
  result.originalTrainSeconds = (now() - t0) / 1000;
  let ae: AttackedAutoencoder | undefined;
  try {
    result.original = await reconstructionMse(original, test, testCount);
    ae = wrapAutoencoder(original.model);
    for (const method of cfg.methods) {
      const name = methodName(method);
      t0 = now();
      let copies: Float32Array;
      let successes = 0;
      const progress = (done: number, message: string) =>
        report({ phase: 'generate', method: name, done, total: n, message });
      if (method.kind === 'mine-uae' || method.kind === 'l2-uae') {
        const r = await attackCopies({
          method: method.kind,
          parts: original,
          images: clean,
          pixels: 784,
          attack,
          generateBatch,
          signal: hooks.signal,
          onProgress: (done) => progress(done, `${name}: ${Math.floor(done)} of ${n} images`),
        });
        if (r.cancelled || aborted()) return finish(true);
        copies = r.copies;
        successes = r.successes;
      } else {
        copies = new Float32Array(n * 784);
        for (const { start, count } of batchRanges(n, generateBatch)) {
          if (aborted()) return finish(true);
          const images = clean.subarray(start * 784, (start + count) * 784);
          if (method.kind === 'clean') {
            copies.set(images, start * 784);
            successes += count;
          } else {
            const rng = new Rng(cfg.seed).fork(`ga-${method.sigma}-${start}`);
            const copy = gaussianCopy(images, method.sigma, rng);
            copies.set(copy, start * 784);
            successes += await countGaSuccesses(ae, images, copy, count);
          }
          await progress(start + count, `${name}: images ${start + 1}–${start + count} of ${n}`);
        }
      }
      const generateSeconds = (now() - t0) / 1000;
      t0 = now();
      const augmented = new Float32Array(2 * n * 784);
      augmented.set(clean, 0);
      augmented.set(copies, n * 784);
      const retrained = await train(augmented, 2 * n, 'retrain', name);
      if (!retrained) return finish(true);
      const trainSeconds = (now() - t0) / 1000;
      const reconError = await reconstructionMse(retrained, test, testCount);
      disposeAutoencoder(retrained);
      result.results.push({
        method: name,
        reconError,
        relChange: (result.original - reconError) / result.original,
        asr: successes / n,
        generateSeconds,
        trainSeconds,
      });
    }
    return finish(false);
  } finally {
    if (ae) disposeAttackedAutoencoder(ae);
    disposeAutoencoder(original);
  }
}

/** GA's "ASR" in the paper: copies the AE reconstructs at least as well as the clean image (f ≤ 0). */
async function countGaSuccesses(
  ae: AttackedAutoencoder,
  images: Float32Array,
  copies: Float32Array,
  count: number,
): Promise<number> {
  const x = tf.tensor4d(images, [count, 28, 28, 1]);
  const target = autoencoderTarget(ae, x);
  const f = tf.tidy(() => target.criterion(tf.tensor4d(copies, [count, 28, 28, 1])));
  const v = await f.data();
  tf.dispose([f, x]);
  target.dispose();
  return Array.from(v).filter((d) => d <= 0).length;
}
