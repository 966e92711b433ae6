// Node only (fs): save and load tfjs LayersModels as a folder of model.json + weights.bin. tfjs-node
// (which would provide file:// handlers) cannot be installed here. Browsers load the same folders
// over HTTP with tf.loadLayersModel(url), so never import this file from browser code.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { io } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Writes `dir`/model.json and `dir`/weights.bin (the folder is created if missing). */
export async function saveLayersModel(model: tfl.LayersModel, dir: string): Promise<io.SaveResult> {
  return model.save(
    io.withSaveHandler(async (artifacts) => {
      if (artifacts.modelTopology === undefined || artifacts.weightSpecs === undefined) {
        throw new Error('saveLayersModel: the model produced no topology or weights');
      }
      const weights = io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson: io.ModelJSON = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs }],
      };
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      await writeFile(join(dir, MODEL_JSON), `${JSON.stringify(modelJson)}\n`);
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** Loads a model saved as a folder (or given its model.json path), reading the weight files it lists. */
export async function loadLayersModel(path: string): Promise<tfl.LayersModel> {
  const jsonPath = basename(path) === MODEL_JSON ? resolve(path) : resolve(path, MODEL_JSON);
  const dir = dirname(jsonPath);
  const handler: io.IOHandler = {
    load: async () => {
      const modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as io.ModelJSON;
      return io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const files = manifest.flatMap((group) => group.paths);
        const buffers = await Promise.all(files.map(async (file) => toArrayBuffer(await readFile(join(dir, file)))));
        return [specs, buffers];
      });
    },
  };
  return tfl.loadLayersModel(handler);
}
