/** `model-info`: a classifier's card, with its accuracy measured on the full MNIST test set. */
import { HEADLESS_BACKENDS, type HeadlessBackend } from '../../core/backend';
import { classifierAccuracy } from '../../core/models/classifier';
import { wrapClassifier, disposeClassifier } from '../../core/models/attacked-classifier';
import type { FlagSpecs, ParsedFlags } from '../args';
import { loadModel, log, mnistTest, startBackend, versions } from '../context';

export const MODEL_INFO_FLAGS: FlagSpecs = {
  model: { type: 'string', default: 'mnist-classifier', help: 'shipped model name or path to model.json' },
  backend: { type: HEADLESS_BACKENDS, default: 'wasm', help: 'tfjs backend' },
  json: { type: 'bool', help: 'print one JSON object on stdout' },
  help: { type: 'bool', help: 'this help' },
};

export async function modelInfoCommand(f: ParsedFlags): Promise<Record<string, unknown>> {
  await startBackend(f.backend as HeadlessBackend);
  const { name, model } = await loadModel(f.model as string);
  const clf = wrapClassifier(model);
  try {
    const set = await mnistTest();
    log(`measuring ${name} on ${set.count} MNIST test images…`);
    const testAccuracy = await classifierAccuracy(model, set);
    return {
      name,
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
