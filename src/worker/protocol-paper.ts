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
  type Figure,
  type ReproduceProgress,
  type ReproduceRecord,
  type ReproduceState,
  type ScaleName,
} from '../core/experiments/reproduce/types';
import { id, natural, seed } from './protocol-fields';
import { parseIf } from './protocol-evidence';
import {
  Invalid,
  array,
  bool,
  dict,
  list,
  type Infer,
  message,
  messages,
  type MessageOf,
  nullable,
  num,
  obj,
  oneOf,
  type Parsed,
  refine,
  type Schema,
  str,
} from './schema';

/** The scales the browser runs; `paper` takes days on a CPU backend (the view lists it, disabled). */
export const PAPER_VIEW_SCALES = ['quick', 'standard'] as const satisfies readonly ScaleName[];
export type PaperViewScale = (typeof PAPER_VIEW_SCALES)[number];

/** A reproduce state, checked by the core's own reader (the CLI's --resume reads it too). */
const reproduceState: Schema<ReproduceState> = {
  optional: false,
  read: (v) => {
    try {
      return parseState(v);
    } catch (e) {
      throw new Invalid(e instanceof Error ? e.message : String(e));
    }
  },
};

/** A value the worker only passes on (the record's settings): any JSON-safe value. */
const passed: Schema<unknown> = { optional: false, read: (v) => v };
const rows = () => list(dict(passed));

const paperStart = refine(
  message('paper-start', {
    jobId: id(),
    name: oneOf(EXPERIMENT_NAMES),
    scale: oneOf(PAPER_VIEW_SCALES),
    seed: seed(),
    /** The state a cancelled run of the same experiment, scale and seed left; null starts afresh. */
    resume: nullable(reproduceState),
  }),
  ({ name, scale, seed: s, resume }) =>
    resume === null || (resume.name === name && resume.scale === scale && resume.seed === s)
      ? null
      : `the partial result is of ${resume.name} at ${resume.scale} scale, seed ${resume.seed}; resume it with those`,
);
export type PaperStartMessage = Infer<typeof paperStart>;

const reproduceRecord: Schema<ReproduceRecord> = refine(
  obj({
    name: oneOf(EXPERIMENT_NAMES),
    title: str(),
    slide: str(),
    scale: oneOf(SCALE_NAMES),
    seed: seed(),
    backend: str(),
    seconds: num(),
    expectedSeconds: num(),
    settings: passed,
    rows: rows(),
    paper: rows(),
    paperNote: str(),
    timing: dict(num()),
    complete: bool(),
    extra: dict(passed),
    units: rows(),
  }),
  (r) => (catalogEntry(r.name) === undefined ? `unknown experiment ${r.name}` : null),
);

const figure: Schema<Figure> = obj({
  name: str(),
  title: str(),
  svg: refine(str(), (svg, key) => (svg.startsWith('<svg') ? null : `${key} must be an SVG document`)),
});

const progress: Schema<ReproduceProgress> = obj({
  done: natural(),
  total: natural(),
  sample: natural(),
  samples: natural(),
  method: str(),
  elapsedSeconds: num(),
  etaSeconds: nullable(num()),
  message: str(),
});

const paperToWorker = messages({ 'paper-start': paperStart });

const paperToUi = messages({
  'paper-progress': message('paper-progress', { jobId: id(), progress }),
  'paper-result': message('paper-result', {
    jobId: id(),
    record: reproduceRecord,
    /** The record's SVG figures, rendered in the worker by the core (renderFiguresOf). */
    figures: array(figure),
    /** The table's Markdown lines (renderTableOf) and the whole document (renderMarkdownOf), as the CLI writes them. */
    table: array(str()),
    markdown: str(),
    /** What a resume continues from: the finished units of a cancelled run; null when complete. */
    state: nullable(reproduceState),
  }),
});
export type PaperToUi = MessageOf<typeof paperToUi>;
export type PaperProgressMessage = Extract<PaperToUi, { type: 'paper-progress' }>;
export type PaperResultMessage = Extract<PaperToUi, { type: 'paper-result' }>;

/** A Paper start for the worker, validated; null when `data` is another kind of message. */
export function parsePaperToWorker(data: unknown): Parsed<PaperStartMessage> | null {
  return parseIf(paperToWorker, data);
}

/** A Paper message for the UI, validated; null when `data` is another kind of message. */
export function parsePaperToUi(data: unknown): Parsed<PaperToUi> | null {
  return parseIf(paperToUi, data);
}
