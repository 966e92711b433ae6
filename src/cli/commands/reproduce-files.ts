/**
 * What `reproduce` reads and writes: the output folder (checked writable before anything runs), the
 * partial state (written atomically after every finished unit, so a crash loses at most one unit),
 * and the outputs of a finished run: the JSON record, the Markdown table and the SVG figures.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { KindedError } from '../../core/errors';
import {
  parseState,
  renderFiguresOf,
  renderMarkdownOf,
  STATE_FORMAT,
  type ReproduceRecord,
  type ReproduceState,
  type ReuseSource,
} from '../../core/experiments/reproduce';
import { UsageError } from '../args';

export const PARTIAL_FILE = 'partial.json';

/** Makes `dir` if needed and proves it writable with a probe file; a usage error otherwise. */
export function prepareOut(dir: string): string {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
    const probe = join(path, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new UsageError(`--out ${dir} cannot be written: ${(e as Error).message}`);
  }
  return path;
}

export function partialPath(dir: string): string {
  return join(dir, PARTIAL_FILE);
}

/** The partial state in `dir`, checked; invalid-input (exit 2) when it is not one. */
export function readPartial(dir: string): ReproduceState {
  const path = partialPath(dir);
  if (!existsSync(path))
    throw new UsageError(`there is no partial result to resume in ${dir} (no ${PARTIAL_FILE})`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new KindedError('invalid-input', `${path} is not a partial result: ${(e as Error).message}`);
  }
  try {
    return parseState(value);
  } catch (e) {
    throw new KindedError('invalid-input', `${path}: ${(e as Error).message}`);
  }
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    throw new KindedError('io', `cannot write ${path}: ${(e as Error).message}`);
  }
}

export function writePartial(dir: string, state: ReproduceState): void {
  writeAtomically(partialPath(dir), `${JSON.stringify(state)}\n`);
}

export function removePartial(dir: string): void {
  rmSync(partialPath(dir), { force: true });
}

/** Writes the record, its table and its figures; returns their paths. */
export function writeOutputs(dir: string, record: ReproduceRecord, more: Record<string, unknown>): string[] {
  const stem = `${record.name}-${record.scale}`;
  const files: [string, string][] = [
    [`${stem}.json`, `${JSON.stringify({ ...record, ...more }, null, 1)}\n`],
    [`${stem}.md`, renderMarkdownOf(record)],
    ...renderFiguresOf(record).map((f): [string, string] => [`${f.name}.svg`, f.svg]),
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeAtomically(path, text);
    return path;
  });
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new KindedError('invalid-input', `--reuse ${path} is not readable JSON: ${(e as Error).message}`);
  }
}

/** A partial state or a written record as a reuse source; null for any other JSON (a folder's other files). */
function sourceOf(path: string, value: unknown): ReuseSource | null {
  const label = `${basename(resolve(path, '..'))}/${basename(path)}`;
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.format === STATE_FORMAT) {
    let state: ReproduceState;
    try {
      state = parseState(value);
    } catch (e) {
      throw new KindedError('invalid-input', `--reuse ${path}: ${(e as Error).message}`);
    }
    return { label, ...state };
  }
  const isRecord =
    typeof v.name === 'string' && Number.isInteger(v.seed) && Array.isArray(v.units) && 'settings' in v;
  if (!isRecord) return null;
  return {
    label,
    name: v.name as string,
    seed: v.seed as number,
    ...(typeof v.backend === 'string' ? { backend: v.backend } : {}),
    settings: v.settings,
    units: v.units as unknown[],
  };
}

/**
 * The runs named by --reuse (comma-separated files or folders): a file is a partial state or a
 * written record; a folder gives its partial state and every record in it.
 */
export function readReuseSources(spec: string): ReuseSource[] {
  const sources: ReuseSource[] = [];
  for (const item of spec.split(',').map((p) => p.trim())) {
    if (item === '') throw new UsageError('--reuse: an empty path in the list');
    if (!existsSync(item)) throw new UsageError(`--reuse ${item}: no such file or folder`);
    if (statSync(item).isDirectory()) {
      const files = readdirSync(item)
        .filter((f) => f.endsWith('.json') && !f.includes('.tmp-'))
        .sort();
      const found = files.flatMap((f) => sourceOf(join(item, f), readJson(join(item, f))) ?? []);
      if (found.length === 0)
        throw new UsageError(`--reuse ${item}: the folder holds no partial result and no reproduce record`);
      sources.push(...found);
    } else {
      const found = sourceOf(item, readJson(item));
      if (found === null)
        throw new KindedError(
          'invalid-input',
          `--reuse ${item} is neither a partial result nor a reproduce record`,
        );
      sources.push(found);
    }
  }
  return sources;
}
