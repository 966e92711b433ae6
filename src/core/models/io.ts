// Node only (fs): save and load tfjs LayersModels as a folder of model.json + weights.bin. tfjs-node
// (which would provide file:// handlers) cannot be installed here. Browsers load the same folders
// over HTTP with tf.loadLayersModel(url), so never import this file from browser code.
//
// A model folder may come from anyone, so loading checks it before tfjs sees it: the weight files the
// manifest names must lie inside the folder (no absolute paths, URLs, `..` or links leading out), and
// their bytes must be exactly what the weight specs need. Every problem with the files is a
// KindedError('invalid-input') that names the file.
import { mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { io } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { KindedError } from '../errors';

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

const BYTES_PER_VALUE: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const count = (n: number) => n.toLocaleString('en-US');

/** The bytes one weight spec takes in the weight files (a quantized weight: its stored dtype). */
function specBytes(spec: unknown, where: string): number {
  if (!isObject(spec) || typeof spec.name !== 'string') throw invalid(`${where}: a weight has no name`);
  const shape = spec.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
    throw invalid(`${where}: weight '${spec.name}' has shape ${JSON.stringify(shape)}, not a list of sizes`);
  const stored = isObject(spec.quantization) ? spec.quantization.dtype : spec.dtype;
  const size = typeof stored === 'string' ? BYTES_PER_VALUE[stored] : undefined;
  if (size === undefined)
    throw invalid(
      `${where}: weight '${spec.name}' has dtype ${JSON.stringify(stored)}, which this loader does not read`,
    );
  return (shape as number[]).reduce((a, d) => a * d, 1) * size;
}

function invalid(message: string): KindedError {
  return new KindedError('invalid-input', message);
}

/**
 * The manifest's weight file, checked to lie inside `realDir` (the model folder with its links
 * resolved), and its size.
 */
async function weightFile(dir: string, realDir: string, path: unknown, where: string) {
  if (typeof path !== 'string' || path.trim() === '')
    throw invalid(`${where}: a weight path is not a file name`);
  const refuse = (why: string) =>
    invalid(`${where}: weight path '${path}' ${why}; weight files must lie in the model's folder ${dir}`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) throw refuse('is a URL or names a drive');
  if (isAbsolute(path) || path.startsWith('/') || path.startsWith('\\')) throw refuse('is absolute');
  if (path.split(/[\\/]/).includes('..')) throw refuse("climbs out with '..'");
  const full = resolve(dir, path);
  let real: string;
  try {
    real = await realpath(full);
  } catch (e) {
    throw invalid(
      `${where}: weight file '${path}' cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  const rel = relative(realDir, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    throw refuse(`is a link to ${real}, outside the folder`);
  const info = await stat(real);
  if (!info.isFile()) throw invalid(`${where}: weight path '${path}' is not a file`);
  return { path, real, bytes: info.size };
}

async function readModelJson(jsonPath: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalid(
      code === 'ENOENT'
        ? `no model at ${jsonPath} (ENOENT)`
        : `cannot read ${jsonPath} (${code ?? String(e)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(`${jsonPath} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(json)) throw invalid(`${jsonPath} is not a tfjs layers model: it holds no JSON object`);
  if (json.format === 'graph-model')
    throw invalid(
      `${jsonPath} is a tfjs graph model; only layers models (tf.LayersModel.save) can be loaded`,
    );
  if (!isObject(json.modelTopology))
    throw invalid(`${jsonPath} is not a tfjs layers model: it has no "modelTopology"`);
  if (!Array.isArray(json.weightsManifest))
    throw invalid(`${jsonPath} is not a tfjs layers model: it has no "weightsManifest" list`);
  return json;
}

/** Reads the weight files the manifest lists, after checking where they are and how long. */
async function readWeights(
  jsonPath: string,
  manifest: unknown[],
): Promise<[io.WeightsManifestEntry[], ArrayBuffer[]]> {
  const dir = dirname(jsonPath);
  const realDir = await realpath(dir);
  const where = `model ${jsonPath}`;
  const specs: io.WeightsManifestEntry[] = [];
  const files: Awaited<ReturnType<typeof weightFile>>[] = [];
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights))
      throw invalid(`${where}: each weightsManifest entry needs "paths" and "weights" lists`);
    for (const p of group.paths) files.push(await weightFile(dir, realDir, p, where));
    specs.push(...(group.weights as io.WeightsManifestEntry[]));
  }
  const need = specs.reduce((sum, s) => sum + specBytes(s, where), 0);
  const have = files.reduce((sum, f) => sum + f.bytes, 0);
  if (have !== need) {
    const held = files.map((f) => `${f.path} ${count(f.bytes)}`).join(', ') || 'no files';
    const diff = have > need ? `${count(have - need)} bytes too many` : `${count(need - have)} bytes short`;
    throw invalid(
      `${where}: the manifest's ${specs.length} weights need ${count(need)} bytes, but its weight files hold ${count(have)} (${held}): ${diff}`,
    );
  }
  const buffers = await Promise.all(files.map(async (f) => toArrayBuffer(await readFile(f.real))));
  return [specs, buffers];
}

/** Loads a model saved as a folder (or given its model.json path), reading the weight files it lists. */
export async function loadLayersModel(path: string): Promise<tfl.LayersModel> {
  // A .json file is the model's description, whatever its name; anything else is its folder.
  const jsonPath = path.endsWith('.json') ? resolve(path) : resolve(path, MODEL_JSON);
  const modelJson = await readModelJson(jsonPath);
  const [weightSpecs, weightData] = await readWeights(jsonPath, modelJson.weightsManifest as unknown[]);
  const handler: io.IOHandler = {
    load: () =>
      Promise.resolve(
        io.getModelArtifactsForJSONSync(modelJson as unknown as io.ModelJSON, weightSpecs, weightData),
      ),
  };
  try {
    return await tfl.loadLayersModel(handler);
  } catch (e) {
    // The files were sound; what is left is a topology or weight shape that tfjs cannot build.
    const why = buildFailure((e as Error).message, weightSpecs);
    throw new KindedError(
      'invalid-input',
      `model ${jsonPath}: tfjs cannot build it: ${why}`,
      {},
      { cause: e },
    );
  }
}

/** tfjs' own words, made to name what the user has to fix. */
function buildFailure(message: string, specs: readonly io.WeightsManifestEntry[]): string {
  const oneLine = message.replace(/\s*\n\s*/g, ' ');
  const unknown = /^Unknown layer: ([^.\s]+)\./.exec(oneLine);
  if (unknown) return `its topology uses a layer class tfjs-layers does not have (${unknown[1]})`;
  const mismatch = /^Shape mismatch: \[([\d,]*)\] vs\. \[([\d,]*)\]$/.exec(oneLine);
  if (mismatch) {
    const names = specs.filter((s) => s.shape.join(',') === mismatch[2]).map((s) => `'${s.name}'`);
    const which = names.length === 1 ? `weight ${names[0]}` : 'a weight';
    return `${which} has shape [${mismatch[2]}] in the manifest, but its layer needs [${mismatch[1]}]`;
  }
  return oneLine;
}
