/**
 * The Paper view's messages (issue 11 §4), beside protocol-evidence.ts: one `reproduce` experiment
 * runs in the worker as an evidence job (the same job slot, `job-cancel`, `job-done` and `job-error`),
 * and reports its progress, then its record and figures. A cancelled run's record is partial
 * (`complete: false`) and comes with the resumable state, which a later start may hand back.
 * Validated on receipt like every other message; tfjs-free (the app's main thread parses these).
 */
import { catalogEntry } from '../core/experiments/reproduce/catalog';
import { parseState } from '../core/experiments/reproduce/state';
import {
  EXPERIMENT_NAMES,
  SCALE_NAMES,
  type ExperimentName,
  type Figure,
  type ReproduceProgress,
  type ReproduceRecord,
  type ReproduceState,
  type ScaleName,
} from '../core/experiments/reproduce/types';
import { Invalid, bool, int, isRecord, nullableNum, num, oneOf, record, str, type Parsed } from './protocol';
import { parseAs } from './protocol-evidence';

/** The scales the browser runs; `paper` takes days on a CPU backend (the view lists it, disabled). */
export const PAPER_VIEW_SCALES = ['quick', 'standard'] as const satisfies readonly ScaleName[];
export type PaperViewScale = (typeof PAPER_VIEW_SCALES)[number];

export interface PaperStartMessage {
  readonly type: 'paper-start';
  readonly jobId: number;
  readonly name: ExperimentName;
  readonly scale: PaperViewScale;
  readonly seed: number;
  /** The state a cancelled run of the same experiment, scale and seed left; null starts afresh. */
  readonly resume: ReproduceState | null;
}

export interface PaperProgressMessage {
  readonly type: 'paper-progress';
  readonly jobId: number;
  readonly progress: ReproduceProgress;
}

export interface PaperResultMessage {
  readonly type: 'paper-result';
  readonly jobId: number;
  readonly record: ReproduceRecord;
  /** The record's SVG figures, rendered in the worker by the core (renderFiguresOf). */
  readonly figures: readonly Figure[];
  /** The table's Markdown lines (renderTableOf) and the whole document (renderMarkdownOf), as the CLI writes them. */
  readonly table: readonly string[];
  readonly markdown: string;
  /** What a resume continues from: the finished units of a cancelled run; null when complete. */
  readonly state: ReproduceState | null;
}

export type PaperToUi = PaperProgressMessage | PaperResultMessage;

const MAX_ID = Number.MAX_SAFE_INTEGER;
type Fields = Readonly<Record<string, unknown>>;

function state(value: unknown): ReproduceState {
  try {
    return parseState(value);
  } catch (e) {
    throw new Invalid(e instanceof Error ? e.message : String(e));
  }
}

function parseStart(f: Fields): PaperStartMessage {
  const jobId = int(f, 'jobId', 0, MAX_ID);
  const name = oneOf(f, 'name', EXPERIMENT_NAMES);
  const scale = oneOf(f, 'scale', PAPER_VIEW_SCALES);
  const seed = int(f, 'seed', 0, 0xffffffff);
  const resume = f.resume === null ? null : state(f.resume);
  if (resume !== null && (resume.name !== name || resume.scale !== scale || resume.seed !== seed))
    throw new Invalid(
      `the partial result is of ${resume.name} at ${resume.scale} scale, seed ${resume.seed}; resume it with those`,
    );
  return { type: 'paper-start', jobId, name, scale, seed, resume };
}

function rowsOf(f: Fields, key: string): Record<string, unknown>[] {
  const v = f[key];
  if (!Array.isArray(v) || !v.every(isRecord)) throw new Invalid(`${key} must be an array of objects`);
  return v as Record<string, unknown>[];
}

function parseRecord(value: unknown): ReproduceRecord {
  const f = record(value, 'record');
  const name = oneOf(f, 'name', EXPERIMENT_NAMES);
  const timing = record(f.timing, 'timing');
  if (!Object.values(timing).every((v) => typeof v === 'number'))
    throw new Invalid('timing must hold numbers');
  return {
    name,
    title: str(f, 'title'),
    slide: str(f, 'slide'),
    scale: oneOf(f, 'scale', SCALE_NAMES),
    seed: int(f, 'seed', 0, 0xffffffff),
    backend: str(f, 'backend'),
    seconds: num(f, 'seconds'),
    expectedSeconds: num(f, 'expectedSeconds'),
    settings: f.settings,
    rows: rowsOf(f, 'rows'),
    paper: rowsOf(f, 'paper'),
    paperNote: str(f, 'paperNote'),
    timing: timing as Record<string, number>,
    complete: bool(f, 'complete'),
    extra: record(f.extra, 'extra'),
    units: rowsOf(f, 'units'),
  };
}

function parseFigures(value: unknown): Figure[] {
  if (!Array.isArray(value)) throw new Invalid('figures must be an array');
  return value.map((v: unknown, i) => {
    const f = record(v, `figures[${i}]`);
    const svg = str(f, 'svg');
    if (!svg.startsWith('<svg')) throw new Invalid(`figures[${i}].svg must be an SVG document`);
    return { name: str(f, 'name'), title: str(f, 'title'), svg };
  });
}

function lines(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new Invalid('table must be an array of strings');
  return value as string[];
}

function parseProgress(value: unknown): ReproduceProgress {
  const f = record(value, 'progress');
  return {
    done: int(f, 'done', 0, MAX_ID),
    total: int(f, 'total', 0, MAX_ID),
    sample: int(f, 'sample', 0, MAX_ID),
    samples: int(f, 'samples', 0, MAX_ID),
    method: str(f, 'method'),
    elapsedSeconds: num(f, 'elapsedSeconds'),
    etaSeconds: nullableNum(f, 'etaSeconds'),
    message: str(f, 'message'),
  };
}

function parseToUi(f: Fields): PaperToUi {
  const type = oneOf(f, 'type', ['paper-progress', 'paper-result'] as const);
  const jobId = int(f, 'jobId', 0, MAX_ID);
  if (type === 'paper-progress') return { type, jobId, progress: parseProgress(f.progress) };
  const rec = parseRecord(f.record);
  if (catalogEntry(rec.name) === undefined) throw new Invalid(`unknown experiment ${rec.name}`);
  return {
    type,
    jobId,
    record: rec,
    figures: parseFigures(f.figures),
    table: lines(f.table),
    markdown: str(f, 'markdown'),
    state: f.state === null ? null : state(f.state),
  };
}

/** A Paper start for the worker, validated; null when `data` is another kind of message. */
export function parsePaperToWorker(data: unknown): Parsed<PaperStartMessage> | null {
  return parseAs(data, ['paper-start'], parseStart);
}

/** A Paper message for the UI, validated; null when `data` is another kind of message. */
export function parsePaperToUi(data: unknown): Parsed<PaperToUi> | null {
  return parseAs(data, ['paper-progress', 'paper-result'], parseToUi);
}
