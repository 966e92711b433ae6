/**
 * The MINE lab's messages (issue 12 §3): one critic trained on a case whose MI is known, its bound's
 * value streamed every few steps. The lab holds the engine like the evidence jobs do (one job at a
 * time, refused while a run, an experiment or a Compare/Batch/Paper job holds it), but has its own
 * messages: lab-start, lab-cancel; lab-progress, lab-done, lab-error. Validated on receipt against
 * the settings table's lab rows (core/settings.ts, via mine/lab-settings.ts); tfjs-free.
 */
import { BOUND_NAMES } from '../core/mine/bound-names';
import { checkBitTable } from '../core/mine/known-mi-exact';
import {
  batchProblem,
  LAB_SOURCES,
  outOfLabLimit,
  type LabLimitName,
  type LabSource,
} from '../core/mine/lab-settings';
import { backend, id, natural } from './protocol-fields';
import { parseIf } from './protocol-evidence';
import {
  array,
  bool,
  finite,
  type Infer,
  message,
  messages,
  type MessageOf,
  nonNegative,
  num,
  oneOf,
  type Parsed,
  refine,
  str,
} from './schema';

const labNum = (name: LabLimitName) => refine(num(), (v, key) => outOfLabLimit(name, v, key));

/** Where the pairs come from: a 2×2 bit table, or d correlated Gaussian pairs (the table's labSource). */
export { LAB_SOURCES, type LabSource };

const table = refine(array(num()), (t, key) => {
  try {
    checkBitTable(t);
    return null;
  } catch (e) {
    return `${key}: ${e instanceof Error ? e.message : String(e)}`;
  }
});

const labStart = refine(
  message('lab-start', {
    jobId: id(),
    source: oneOf(LAB_SOURCES),
    /** The joint table (used when source is 'table'); normalised by the worker. */
    table,
    rho: labNum('rho'),
    dim: labNum('dim'),
    bound: oneOf(BOUND_NAMES),
    tau: labNum('tau'),
    steps: labNum('steps'),
    batch: labNum('batch'),
    lr: labNum('lr'),
    seed: labNum('seed'),
  }),
  (m) => batchProblem(m.bound, m.batch),
);
export type LabStartMessage = Infer<typeof labStart>;

const labToWorker = messages({
  'lab-start': labStart,
  'lab-cancel': message('lab-cancel', { jobId: id() }),
});
export type LabToWorker = MessageOf<typeof labToWorker>;

const labToUi = messages({
  'lab-progress': message('lab-progress', {
    jobId: id(),
    /** The steps done so far, and the bound's value on each batch since the last message. */
    step: natural(),
    values: array(finite()),
    /** The mean of the last values (the estimate shown), in nats. */
    estimate: finite(),
  }),
  'lab-done': message('lab-done', {
    jobId: id(),
    step: natural(),
    /** NaN when cancelled before the first step. */
    estimate: num(),
    cancelled: bool(),
    seconds: nonNegative(),
    backend: backend(),
  }),
  'lab-error': message('lab-error', { jobId: id(), message: str() }),
});
export type LabToUi = MessageOf<typeof labToUi>;

/** A lab message for the worker, validated; null when `data` is another kind of message. */
export function parseLabToWorker(data: unknown): Parsed<LabToWorker> | null {
  return parseIf(labToWorker, data);
}

/** A lab message for the UI, validated; null when `data` is another kind of message. */
export function parseLabToUi(data: unknown): Parsed<LabToUi> | null {
  return parseIf(labToUi, data);
}
