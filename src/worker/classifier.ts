/** The shipped MNIST classifier, loaded once per worker from the app's own origin (never the internet). */
import * as tfl from '@tensorflow/tfjs-layers';
import { wrapClassifier, type AttackedClassifier } from '../core/models/attacked-classifier';

export function classifierUrl(): string {
  // A worker resolves relative URLs against its own script, which Vite moves into assets/.
  return new URL(`${import.meta.env.BASE_URL}models/mnist-classifier/model.json`, self.location.origin).href;
}

export async function loadClassifier(): Promise<AttackedClassifier> {
  const model = await tfl.loadLayersModel(classifierUrl());
  return wrapClassifier(model);
}
