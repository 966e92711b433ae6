/** `model-info`: a model's card: a classifier's accuracy or an autoencoder's reconstruction error,
 * measured on the full MNIST test set. */
import { HEADLESS_BACKENDS, type HeadlessBackend } from '../../core/backend';
import { classifierAccuracy } from '../../core/models/classifier';
import {
  assertFiniteClassifier,
  disposeClassifier,
  wrapClassifier,
} from '../../core/models/attacked-classifier';
import type * as tfl from '@tensorflow/tfjs-layers';
import { assertFiniteAutoencoder, wrapAutoencoder } from '../../core/attacks/autoencoder-target';
import { toFloatBatch } from '../../core/data/dataset';
import { reconstructionMse } from '../../core/models/train-autoencoder';
import type { FlagSpecs, ParsedFlags } from '../args';
import { loadModel, log, mnistTest, startBackend, versions } from '../context';
import { probeImages } from './probe';

export const MODEL_INFO_FLAGS: FlagSpecs = {
  model: { type: 'string', default: 'mnist-classifier', help: 'shipped model name or path to model.json' },
  backend: { type: HEADLESS_BACKENDS, default: 'wasm', help: 'tfjs backend' },
  json: { type: 'bool', help: 'print one JSON object on stdout' },
  help: { type: 'bool', help: 'this help' },
};

/** An autoencoder's output is an image of its input's size; a classifier's is a vector of logits. */
function isAutoencoder(model: tfl.LayersModel): boolean {
  const out = model.outputs[0]?.shape ?? [];
  const size = out.slice(1).reduce((a: number, b) => a * (b ?? NaN), 1);
  return size === 784;
}

async function autoencoderInfo(
  name: string,
  model: tfl.LayersModel,
  f: ParsedFlags,
): Promise<Record<string, unknown>> {
  const ae = wrapAutoencoder(model);
  // A reconstruction error of NaN weights would read as a number; refuse the model instead.
  await assertFiniteAutoencoder(ae, await probeImages(), name);
  const set = await mnistTest();
  log(`measuring ${name} on ${set.count} MNIST test images…`);
  const images = toFloatBatch(
    set.images,
    Array.from({ length: set.count }, (_, i) => i),
  );
  const kind = ae.conv1 ? 'conv' : 'dense';
  const testReconError = await reconstructionMse({ kind, model }, images, set.count);
  return {
    name,
    task: 'autoencoder',
    params: model.countParams(),
    testReconError,
    testImages: set.count,
    inputShape: ae.inputShape,
    mine: ae.conv1
      ? {
          mode: 'conv',
          layer: ae.conv1.layerName,
          channels: ae.conv1.channels,
          mapSize: [ae.conv1.outH, ae.conv1.outW],
        }
      : { mode: 'random-projection' },
    backend: f.backend,
    versions: versions(),
  };
}

export async function modelInfoCommand(f: ParsedFlags): Promise<Record<string, unknown>> {
  await startBackend(f.backend as HeadlessBackend);
  const { name, model } = await loadModel(f.model as string);
  if (isAutoencoder(model)) {
    try {
      return await autoencoderInfo(name, model, f);
    } finally {
      model.dispose();
    }
  }
  const clf = wrapClassifier(model);
  try {
    // NaN weights still give an "accuracy" (argmax of NaN reads as class 0): refuse the model instead.
    await assertFiniteClassifier(clf, await probeImages(), name);
    const set = await mnistTest();
    log(`measuring ${name} on ${set.count} MNIST test images…`);
    const testAccuracy = await classifierAccuracy(model, set);
    return {
      name,
      task: 'classifier',
      params: model.countParams(),
      testAccuracy,
      inputShape: clf.inputShape,
      classes: clf.numClasses,
      conv1: {
        layer: clf.conv1.layerName,
        channels: clf.conv1.channels,
        mapSize: [clf.conv1.outH, clf.conv1.outW],
      },
      backend: f.backend,
      versions: versions(),
    };
  } finally {
    disposeClassifier(clf);
    model.dispose();
  }
}
