/** What every CLI command shares: backend start-up, model and data loading, logging to stderr. */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type HeadlessBackend } from '../core/backend';
import { loadMnist, type Mnist } from '../core/data/mnist-node';
import { toFloatBatch } from '../core/data/dataset';
import { loadLayersModel } from '../core/models/io';
import { AUTOENCODER_NAMES } from '../core/models/autoencoders';
import type * as tfl from '@tensorflow/tfjs-layers';
import { KindedError } from '../core/errors';
import { disposeClassifier, wrapClassifier } from '../core/models/attacked-classifier';
import { UsageError } from './args';

export const APP_VERSION = '0.1.0';

export function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

export async function startBackend(name: HeadlessBackend): Promise<void> {
  await initBackend(name);
  log(`backend: ${tf.getBackend()} (tfjs ${tf.version_core})`);
}

export function versions(): { app: string; tfjs: string; node: string } {
  return { app: APP_VERSION, tfjs: tf.version_core, node: process.versions.node };
}

/** Shipped models by name; anything else is a path to a model.json or its folder. */
const SHIPPED: Record<string, string> = {
  'mnist-classifier': 'public/models/mnist-classifier/model.json',
  ...Object.fromEntries(Object.values(AUTOENCODER_NAMES).map((n) => [n, `public/models/${n}/model.json`])),
};

export function resolveModelPath(nameOrPath: string): { name: string; path: string } {
  const shipped = SHIPPED[nameOrPath];
  const path = resolve(shipped ?? nameOrPath);
  const json = path.endsWith('.json') ? path : resolve(path, 'model.json');
  if (!existsSync(json)) {
    throw new UsageError(
      shipped
        ? `shipped model '${nameOrPath}' is missing at ${json}: run npm run train -- ${nameOrPath === 'mnist-classifier' ? 'classifier' : nameOrPath}`
        : `no model at ${json} (give a shipped name: ${Object.keys(SHIPPED).join(', ')}, or a path to model.json)`,
    );
  }
  return { name: shipped ? nameOrPath : json, path: json };
}

/**
 * Fails with an invalid-input error unless the model can take MNIST images (784 values, any layout)
 * and gives either an image back (an autoencoder) or class scores that the attacks can use.
 */
function checkCompatible(model: tfl.LayersModel, path: string): void {
  const refuse = (why: string) =>
    new KindedError('invalid-input', `model ${path} cannot be used here: ${why}`);
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw refuse(
      `it has ${model.inputs.length} inputs and ${model.outputs.length} outputs; one of each is needed`,
    );
  const values = (shape: readonly (number | null)[]) =>
    shape.slice(1).reduce<number>((a, d) => a * (typeof d === 'number' ? d : NaN), 1);
  const inShape = model.inputs[0]!.shape;
  if (values(inShape) !== 784)
    throw refuse(`its input has shape ${JSON.stringify(inShape)}; MNIST images are 28×28×1 (784 values)`);
  if (values(model.outputs[0]!.shape) === 784) return; // an autoencoder: its wrapper checks the rest
  try {
    disposeClassifier(wrapClassifier(model));
  } catch (e) {
    throw refuse((e as Error).message);
  }
}

export async function loadModel(nameOrPath: string): Promise<{ name: string; model: tfl.LayersModel }> {
  const { name, path } = resolveModelPath(nameOrPath);
  let model: tfl.LayersModel;
  try {
    model = await loadLayersModel(path);
  } catch (e) {
    if (e instanceof KindedError) throw e;
    throw new Error(`could not load model ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    checkCompatible(model, path);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { name, model };
}

let testSet: Mnist | null = null;
export async function mnistTest(): Promise<Mnist> {
  testSet ??= await loadMnist('test');
  return testSet;
}

let trainSet: Mnist | null = null;
export async function mnistTrain(): Promise<Mnist> {
  trainSet ??= await loadMnist('train');
  return trainSet;
}

export async function mnistSample(index: number): Promise<{ x: Float32Array; label: number }> {
  const set = await mnistTest();
  if (!Number.isInteger(index) || index < 0 || index >= set.count) {
    throw new UsageError(`--index must be an integer in [0, ${set.count - 1}], got ${index}`);
  }
  return { x: toFloatBatch(set.images, [index]), label: set.labels[index]! };
}
