/**
 * What is on screen, derived in one place. Four named states: the selected input, the run's input,
 * the iterate under the timeline's cursor (or the newest one), and the example the run returned.
 * Every panel (images, captions, bars, maps, the charts' cursor, the explanation, the exports) reads
 * this and says which one it shows; a panel never pairs one image with another image's numbers.
 */
import type { ImageView, IterationScalars, RunSummary } from '../worker/protocol';
import { METHOD_TRAITS } from '../core/vocabulary';
import type { ChosenImage, RunStoreState, Trace } from './run-store';
import { nearestDelta } from './delta-history';

/** The run's input while a run is shown (it is then also the selected image), else the selected one. */
export type InputKind = 'selected' | 'run';

export interface ShownInput {
  readonly kind: InputKind;
  readonly image: ChosenImage | null;
  /** "test image 7", "your drawing", "the uploaded image". */
  readonly name: string;
  /** What the model makes of this image (probabilities and maps, or AE(x)); null until measured. */
  readonly view: ImageView | null;
}

export type AdversarialKind = 'iterate' | 'returned';

export interface ShownAdversarial {
  readonly kind: AdversarialKind;
  /** Index into trace.records, or −1 when the returned δ matches no recorded iterate. */
  readonly index: number;
  readonly record: IterationScalars | null;
  readonly delta: Float32Array;
  /** What the model makes of exactly this x′, or null when it was not measured (see viewNote). */
  readonly view: ImageView | null;
  readonly viewNote: string | null;
  /** "x′ at iteration 57", "x′ returned (δ*, iteration 12)". */
  readonly title: string;
  /** "iteration 57", "iteration 2 of search step 5", or null (returned δ not found in the trace). */
  readonly where: string | null;
  readonly predicted: number | null;
  readonly f: number | null;
  /** The MINE estimate booked for this x′ (null where the method has none). */
  readonly mi: number | null;
  /** Unsupervised task: ‖x − AE(x′)‖², measured against the clean x. */
  readonly reconAdv: number | null;
  readonly success: boolean | null;
}

export interface Display {
  readonly input: ShownInput;
  readonly adv: ShownAdversarial | null;
  /** The record the charts' cursor marks, or null (following the newest: the charts' right edge). */
  readonly cursorIndex: number | null;
  /** Why earlier results are gone (another image was picked), or null. */
  readonly note: string | null;
}

export type DisplaySource = Pick<
  RunStoreState,
  | 'image'
  | 'runImage'
  | 'cleanView'
  | 'aeClean'
  | 'trace'
  | 'cursor'
  | 'done'
  | 'status'
  | 'settings'
  | 'schedule'
  | 'returnedIndex'
  | 'iterateViews'
  | 'note'
>;

export function imageName(image: ChosenImage | null): string {
  if (image === null) return 'no image';
  if (image.source === 'test') return image.index === null ? 'a test image' : `test image ${image.index}`;
  return image.source === 'drawn' ? 'your drawing' : 'the uploaded image';
}

/** The frame drawn for record `index` exactly, or null. Frames are in record order. */
export function frameAt(frames: Trace['frames'], index: number): Trace['frames'][number] | null {
  let lo = 0;
  let hi = frames.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = frames[mid]!;
    if (f.index === index) {
      // Several frames can name one record (a critic-only step moves no δ); the latest wins.
      let last = mid;
      while (last + 1 < frames.length && frames[last + 1]!.index === index) last++;
      return frames[last]!;
    }
    if (f.index < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** δ of record `index`, where the trace keeps it. The one place that knows how δs are stored. */
export function deltaAt(trace: Trace, index: number): Float32Array | null {
  return trace.deltas[index] ?? null;
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The record whose δ the run returned: among the records with exactly that δ (critic-only steps
 * repeat one), the one whose booked numbers are the summary's (I* on success, else f), else the
 * first. −1 when no recorded δ is the returned one.
 */
export function findReturned(trace: Trace, delta: Float32Array, summary: RunSummary): number {
  const matches: number[] = [];
  for (let i = 0; i < trace.records.length; i++) {
    const d = deltaAt(trace, i);
    if (d !== null && sameValues(d, delta)) matches.push(i);
  }
  const booked = matches.find((i) => {
    const r = trace.records[i]!;
    return summary.success && summary.miBest !== null ? r.mi === summary.miBest : r.f === summary.f;
  });
  return booked ?? matches[0] ?? -1;
}

/** "iteration 57", or within a binary search on c "iteration 2 of search step 5". */
export function iterationName(record: IterationScalars, searches: boolean): string {
  const step = searches ? ` of search step ${record.searchStep + 1}` : '';
  const part = record.part === 'both' ? '' : ` (${record.part} only)`;
  return `iteration ${record.t}${step}${part}`;
}

function argmax(p: Float32Array | null | undefined): number | null {
  if (p === null || p === undefined || p.length === 0) return null;
  return p.indexOf(Math.max(...p));
}

export function predictedOf(view: ImageView | null): number | null {
  return argmax(view?.probs);
}

function finiteOrNull(v: number | undefined | null): number | null {
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

function isSearch(schedule: DisplaySource['schedule']): boolean {
  return schedule !== null && METHOD_TRAITS[schedule.method].searches;
}

/** Methods that book an I for each iterate (PGD measures its I afterwards; L2-UAE has none). */
function booksMi(schedule: DisplaySource['schedule']): boolean {
  return schedule !== null && METHOD_TRAITS[schedule.method].booksMi;
}

function iterate(s: DisplaySource, asked: number, newest: boolean): ShownAdversarial | null {
  // A long run keeps older δs thinned (delta-history.ts): then the nearest kept iterate is shown,
  // whole (its δ, numbers and views together), and the title says which one it is.
  const kept = nearestDelta(s.trace, asked);
  if (kept === null) return null;
  const { index, delta } = kept;
  const record = s.trace.records[index];
  const askedRecord = s.trace.records[asked];
  if (record === undefined) return null;
  const searches = isSearch(s.schedule);
  const thinned =
    index === asked || askedRecord === undefined
      ? ''
      : ` (nearest kept to ${iterationName(askedRecord, searches)}: older images are thinned)`;
  const where = iterationName(record, searches) + thinned;
  const view = frameAt(s.trace.frames, index)?.frame.view ?? s.iterateViews.get(index) ?? null;
  return {
    kind: 'iterate',
    index,
    record,
    delta,
    view,
    viewNote: view === null ? `being measured for ${where}` : null,
    title: `x′ at ${where}${newest ? ' (newest drawn)' : ''}`,
    where,
    predicted: s.settings.task === 'supervised' ? record.predicted : null,
    f: record.f,
    mi: booksMi(s.schedule) ? finiteOrNull(record.mi) : null,
    reconAdv: finiteOrNull(record.reconAdv),
    success: record.success,
  };
}

function returned(s: DisplaySource): ShownAdversarial | null {
  const done = s.done;
  if (done === null) return null;
  const { summary } = done;
  const record = s.returnedIndex >= 0 ? (s.trace.records[s.returnedIndex] ?? null) : null;
  const where = record === null ? null : iterationName(record, isSearch(s.schedule));
  const which = summary.success ? 'δ*' : 'closest: smallest f';
  const mi = summary.success && summary.miBest !== null ? summary.miBest : (record?.mi ?? null);
  return {
    kind: 'returned',
    index: record === null ? -1 : s.returnedIndex,
    record,
    delta: done.delta,
    view: done.adversarial,
    viewNote: null,
    title: `x′ returned (${which}${where === null ? '' : `, ${where}`})`,
    where,
    predicted: s.settings.task === 'supervised' ? summary.predictedAdv : null,
    f: summary.f,
    mi: booksMi(s.schedule) ? finiteOrNull(mi) : null,
    reconAdv: finiteOrNull(summary.reconAdv),
    success: summary.success,
  };
}

/**
 * The record the charts' cursor marks: the one under the timeline's cursor, else the returned one
 * once the run is done; null while following the newest (the charts' right edge).
 */
export function chartCursor(
  s: Pick<DisplaySource, 'cursor' | 'done' | 'returnedIndex' | 'trace'>,
): number | null {
  const count = s.trace.records.length;
  if (s.cursor !== null && count > 0) return Math.min(s.cursor, count - 1);
  if (s.done !== null && s.returnedIndex >= 0 && s.returnedIndex < count) return s.returnedIndex;
  return null;
}

/**
 * The displayed state. x′: the record under the cursor; else, once the run is done, the returned
 * example; else, while the run streams, the newest iterate drawn with its views (so that image and
 * numbers move together); else the newest record.
 */
export function selectDisplay(s: DisplaySource): Display {
  const hasRun = s.runImage !== null;
  const image = hasRun ? s.runImage : s.image;
  const input: ShownInput = {
    kind: hasRun ? 'run' : 'selected',
    image,
    name: imageName(image),
    view: s.settings.task === 'unsupervised' ? s.aeClean : s.cleanView,
  };
  const count = s.trace.records.length;
  const cursorIndex = chartCursor(s);
  let adv: ShownAdversarial | null = null;
  if (s.cursor !== null && count > 0) {
    adv = iterate(s, cursorIndex!, false);
  } else if (s.done !== null) {
    adv = returned(s);
  } else if (s.status === 'running' && s.trace.frames.length > 0) {
    adv = iterate(s, s.trace.frames.at(-1)!.index, true);
  } else if (count > 0) {
    adv = iterate(s, count - 1, false);
  }
  return { input, adv, cursorIndex, note: s.note };
}
