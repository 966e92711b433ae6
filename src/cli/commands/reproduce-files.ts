/**
 * What `reproduce` reads and writes: the output folder (checked writable before anything runs), the
 * partial state (written atomically after every finished unit, so a crash loses at most one unit),
 * and the outputs of a finished run: the JSON record, the Markdown table and the SVG figures.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KindedError } from '../../core/errors';
import {
  parseState,
  renderFiguresOf,
  renderMarkdownOf,
  type ReproduceRecord,
  type ReproduceState,
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
