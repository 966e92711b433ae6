/**
 * Reads a run record back (the JSON export-data.ts writes) for replay: strictly, field by field, with
 * the first problem named ("trace[3].mi must be a finite number"). Version 2 carries δ of the kept
 * iterates (8-bit, delta-codec.ts); version 1 only the returned δ. tfjs-free: the main thread runs it.
 */
import { METHODS, METHOD_TRAITS } from '../core/vocabulary';
import type { ChosenImage } from './run-store';
import type { BackendName, IterationScalars, RunSchedule, RunSettings, RunSummary } from '../worker/protocol';
import { IMAGE_PIXELS, backend, runSettings } from '../worker/protocol-fields';
import { iterationScalarsOf, runSummaryOf } from '../worker/protocol-to-ui';
import {
  Invalid,
  array,
  bool,
  dict,
  int,
  isRecord,
  list,
  nullable,
  obj,
  oneOf,
  refine,
  str,
  type Schema,
} from '../worker/schema';
import { IMAGE_SOURCES } from '../worker/protocol-fields';
import { dequantiseDelta } from './delta-codec';
import { globalIteration } from '../core/attacks/schedule';

export const RUN_RECORD_KIND = 'minmax-lab-run';
export const READABLE_VERSIONS = [1, 2] as const;

/** A run record as the page replays it. */
export interface OpenedRun {
  readonly version: 1 | 2;
  /** ISO date of the recording; null for version 1 (it has none). */
  readonly recordedAt: string | null;
  readonly url: string;
  readonly settings: RunSettings;
  readonly engineOptions: Readonly<Record<string, string | number | boolean | null>>;
  readonly schedule: RunSchedule;
  readonly backend: BackendName | null;
  readonly backends: readonly { readonly backend: BackendName; readonly fromIteration: number }[];
  readonly versions: Readonly<Record<string, string>>;
  readonly image: ChosenImage;
  readonly result: {
    readonly summary: RunSummary;
    readonly delta: Float32Array;
    readonly probsAdv: Float32Array;
    /** The trace record whose δ was returned, or null (not recorded, or version 1). */
    readonly recordIndex: number | null;
  } | null;
  readonly trace: IterationScalars[];
  /** δ of the kept iterates, decoded, in record order. */
  readonly iterates: readonly { readonly index: number; readonly delta: Float32Array }[];
  /** What the record says is lost (version 2), for the page to say. */
  readonly lost: string;
}

const schema = <T>(read: (v: unknown, key: string) => T): Schema<T> => ({ read, optional: false });

/** A JSON number that must be finite (JSON itself can carry 1e999, read as Infinity). */
const finite = (): Schema<number> =>
  schema((v, key) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Invalid(`${key} must be a finite number`);
    return v;
  });

/** A number that may have no value: JSON writes NaN as null, read back as NaN. */
const maybe = (): Schema<number> => schema((v, key) => (v === null ? NaN : finite().read(v, key)));

const numbers = (length?: number, range?: readonly [number, number]): Schema<Float32Array> =>
  schema((v, key) => {
    if (!Array.isArray(v)) throw new Invalid(`${key} must be an array of numbers`);
    if (length !== undefined && v.length !== length)
      throw new Invalid(`${key} must hold ${length} numbers (784 per channel), not ${v.length}`);
    v.forEach((x: unknown, i) => {
      finite().read(x, `${key}[${i}]`);
      if (range !== undefined && ((x as number) < range[0] || (x as number) > range[1]))
        throw new Invalid(`${key}[${i}] must lie in [${range[0]}, ${range[1]}]`);
    });
    return Float32Array.from(v as number[]);
  });

const scalar = schema<string | number | boolean | null>((v, key) => {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  return finite().read(v, key);
});

/** JSON's numbers: NaN was written as null; a booked value is null or finite. */
const RECORD_NUMBERS = { measured: maybe, booked: finite };
const traceRecord: Schema<IterationScalars> = iterationScalarsOf(RECORD_NUMBERS);
const summary: Schema<RunSummary> = runSummaryOf(RECORD_NUMBERS);

const schedule: Schema<RunSchedule> = obj({
  method: oneOf(METHODS),
  iters: int(1, Number.MAX_SAFE_INTEGER),
  searchSteps: int(1, 1000),
});

const shownAdversarial = obj({
  which: oneOf(['iterate', 'returned']),
  label: str(),
  recordIndex: nullable(int(0, Number.MAX_SAFE_INTEGER)),
  iteration: nullable(int(0, Number.MAX_SAFE_INTEGER)),
  searchStep: nullable(int(0, 1000)),
  predicted: nullable(finite()),
  f: nullable(finite()),
  mi: nullable(finite()),
  reconAdv: nullable(finite()),
  success: nullable(bool()),
  probs: nullable(numbers()),
  delta: numbers(IMAGE_PIXELS),
});
const shown = nullable(
  obj({
    input: obj({ which: oneOf(['selected', 'run']), name: str(), probs: nullable(numbers()) }),
    adversarial: nullable(shownAdversarial),
  }),
);

const CHANNELS = 1;

const common = {
  url: str(),
  settings: runSettings,
  engineOptions: dict(scalar),
  backend: nullable(backend()),
  backends: array(obj({ backend: backend(), fromIteration: int(1, Number.MAX_SAFE_INTEGER) })),
  versions: dict(str()),
  shown,
  trace: list(traceRecord, { nonEmpty: true }),
};

const image = (channels: boolean) =>
  obj({
    source: oneOf(IMAGE_SOURCES),
    index: nullable(int(0, 1_000_000)),
    label: int(0, 9),
    ...(channels ? { channels: int(CHANNELS, CHANNELS) } : {}),
    pixels: numbers(IMAGE_PIXELS * CHANNELS, [0, 1]),
  });

/** The summary's fields are read after these by their own schema (`summary`, with its check). */
const result = (v2: boolean) =>
  nullable(
    obj({
      delta: numbers(IMAGE_PIXELS * CHANNELS),
      probsAdv: numbers(),
      ...(v2 ? { recordIndex: nullable(int(0, Number.MAX_SAFE_INTEGER)) } : {}),
    }),
  );

const iterates = obj({
  encoding: oneOf(['int8-scaled']),
  channels: int(CHANNELS, CHANNELS),
  length: int(IMAGE_PIXELS * CHANNELS, IMAGE_PIXELS * CHANNELS),
  lost: str(),
  stride: int(1, Number.MAX_SAFE_INTEGER),
  held: int(0, Number.MAX_SAFE_INTEGER),
  items: array(
    obj({
      index: int(0, Number.MAX_SAFE_INTEGER),
      scale: refine(finite(), (s, key) => (s >= 0 ? null : `${key} must not be negative`)),
      q: str(),
    }),
  ),
});

const recordedAt = refine(str(), (v, key) =>
  Number.isFinite(Date.parse(v)) ? null : `${key} must be a date (ISO 8601), not "${v}"`,
);

const V1 = obj({ ...common, image: image(false), result: result(false) });
const V2 = obj({ ...common, recordedAt, schedule, image: image(true), result: result(true), iterates });

/** The trace's records must come in the order they ran: the global iteration never goes back. */
function checkOrder(trace: readonly IterationScalars[], sched: RunSchedule): void {
  let last = 0;
  trace.forEach((r, i) => {
    const g = globalIteration(r.searchStep, sched.iters, r.t);
    if (g < last)
      throw new Invalid(`trace[${i}] (iteration ${r.t}) comes after a later iteration: records out of order`);
    last = g;
  });
}

function decodeIterates(
  section: ReturnType<typeof iterates.read>,
  count: number,
): { index: number; delta: Float32Array }[] {
  let previous = -1;
  return section.items.map((item, i) => {
    const key = `iterates.items[${i}]`;
    if (item.index >= count)
      throw new Invalid(`${key}.index ${item.index} names no trace record (the trace has ${count})`);
    if (item.index <= previous)
      throw new Invalid(`${key}.index ${item.index} is not after ${previous}: iterates out of order`);
    previous = item.index;
    const delta = dequantiseDelta(item, section.length);
    if (typeof delta === 'string') throw new Invalid(`${key}.q ${delta}`);
    return { index: item.index, delta };
  });
}

const V1_LOST = 'A version-1 record keeps only the returned δ: every iterate shows it, the charts are whole.';

const spelled = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v));

/** The first problem of an object read as a run record, thrown as Invalid; the record otherwise. */
function read(data: unknown): OpenedRun {
  if (!isRecord(data)) throw new Invalid('the file holds JSON, but not an object: no run record');
  if (data.kind !== RUN_RECORD_KIND)
    throw new Invalid(
      `kind is ${spelled(data.kind)}, not "${RUN_RECORD_KIND}": another tool’s JSON, not a MinMax Lab run record`,
    );
  const version = data.version;
  if (version !== 1 && version !== 2)
    throw new Invalid(
      `version ${spelled(version)} is not one this page reads (${READABLE_VERSIONS.join(', ')})`,
    );
  const r =
    version === 2
      ? V2.read(data, '')
      : { ...V1.read(data, ''), recordedAt: null, iterates: null, schedule: null };
  const res = r.result;
  const sum = res === null ? null : summary.read(data.result, 'result');
  const sched: RunSchedule =
    r.schedule !== null
      ? r.schedule
      : {
          method: r.settings.method,
          iters: r.settings.iters,
          searchSteps:
            METHOD_TRAITS[r.settings.method].searches && typeof r.engineOptions.searchSteps === 'number'
              ? r.engineOptions.searchSteps
              : 1,
        };
  if (sched.method !== r.settings.method)
    throw new Invalid(`schedule.method ${sched.method} is not settings.method ${r.settings.method}`);
  checkOrder(r.trace, sched);
  const recordIndex = res !== null && 'recordIndex' in res ? (res.recordIndex as number | null) : null;
  if (recordIndex !== null && recordIndex >= r.trace.length)
    throw new Invalid(
      `result.recordIndex ${recordIndex} names no trace record (the trace has ${r.trace.length})`,
    );
  const decoded = r.iterates === null ? [] : decodeIterates(r.iterates, r.trace.length);
  return {
    version,
    recordedAt: r.recordedAt,
    url: r.url,
    settings: r.settings,
    engineOptions: r.engineOptions,
    schedule: sched,
    backend: r.backend,
    backends: r.backends,
    versions: r.versions,
    image: { source: r.image.source, index: r.image.index, label: r.image.label, pixels: r.image.pixels },
    result:
      res === null || sum === null
        ? null
        : { summary: sum, delta: res.delta, probsAdv: res.probsAdv, recordIndex },
    trace: r.trace,
    iterates: decoded,
    lost: r.iterates === null ? V1_LOST : r.iterates.lost,
  };
}

export type OpenResult =
  { readonly ok: true; readonly run: OpenedRun } | { readonly ok: false; readonly error: string };

/** Parses a file's text as a run record; the error names the first problem in words. */
export function parseRunRecord(text: string): OpenResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: `The file is not valid JSON (${why}); is it cut short, or another kind of file?`,
    };
  }
  try {
    return { ok: true, run: read(data) };
  } catch (e) {
    if (e instanceof Invalid)
      return { ok: false, error: `This is not a run record this page can replay: ${e.message}.` };
    throw e;
  }
}
