/** What a run exports: CSV of every iteration's scalars, and the JSON record of the whole run. */
import type { IterationScalars } from '../worker/protocol';
import { IMAGE_PIXELS } from '../worker/protocol';
import { quantiseDelta, type QuantisedDelta } from './delta-codec';
import type { Display } from './display';
import type { RunStoreState, Trace } from './run-store';

const COLUMNS = [
  'index',
  't',
  'part',
  'searchStep',
  'c',
  'f',
  'mi',
  'success',
  'linf',
  'l2',
  'bestMi',
  'predicted',
  'shown',
] as const;

/**
 * Every record's scalars; the `shown` column marks the record the page shows as x′ ("cursor", or
 * "returned" for the run's result), so the CSV says which row the exported images are.
 */
export function traceCsv(records: readonly IterationScalars[], display: Display | null = null): string {
  const shownAt = display?.adv?.index ?? -1;
  const shownAs = display?.adv?.kind === 'returned' ? 'returned' : 'cursor';
  const lines = [COLUMNS.join(',')];
  records.forEach((r, i) => {
    lines.push(
      [
        i + 1,
        r.t,
        r.part,
        r.searchStep,
        r.c,
        r.f,
        r.mi,
        r.success ? 1 : 0,
        r.linf,
        r.l2,
        r.bestMi ?? '',
        r.predicted,
        i === shownAt ? shownAs : '',
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

export const RUN_RECORD_VERSION = 2;

/**
 * At most this many iterates' δs go into a record (plus the returned one and the first success):
 * ~1.1 KB each as base64, so ≤ ~1.2 MB of δs. The page itself keeps ≤ ~1,000 (delta-history.ts),
 * so a live run's record keeps every δ the page held; a longer list keeps every k-th.
 */
export const MAX_RECORDED_ITERATES = 1024;

/** The iterates whose δ a record carries, 8-bit quantised (delta-codec.ts), and what is lost. */
export function recordedIterates(trace: Trace, returnedIndex: number) {
  const held: number[] = [];
  trace.deltas.forEach((d, i) => {
    if (d !== undefined && i < trace.records.length) held.push(i);
  });
  const stride = Math.max(1, Math.ceil(held.length / MAX_RECORDED_ITERATES));
  const firstSuccess = trace.records.findIndex((r) => r.success);
  const kept = held.filter((i, j) => j % stride === 0 || i === returnedIndex || i === firstSuccess);
  const items: (QuantisedDelta & { readonly index: number })[] = kept.map((index) => ({
    index,
    ...quantiseDelta(trace.deltas[index]!),
  }));
  return {
    encoding: 'int8-scaled' as const,
    channels: 1,
    length: IMAGE_PIXELS,
    lost:
      'δ of each kept iterate is q·scale/127 (q an int8, scale = max|δ| of that iterate): each value is within scale/254 of the run’s. ' +
      (stride === 1
        ? 'Every δ the page held is kept (a long run’s page thins older iterates: delta-history.ts).'
        : `One δ in ${stride} of those the page held is kept, and the returned one and the first success.`) +
      ' The returned δ (result.delta) is exact.',
    stride,
    held: held.length,
    items,
  };
}

/** A file-name part for the shown x′: "returned-iter12", "iter57", "step5-iter2". */
export function shownSlug(display: Display): string {
  const adv = display.adv;
  if (adv === null) return 'none';
  const r = adv.record;
  const where = r === null ? '' : `${r.searchStep > 0 ? `step${r.searchStep + 1}-` : ''}iter${r.t}`;
  return adv.kind === 'returned' ? `returned${where === '' ? '' : `-${where}`}` : where;
}

/** What the page shows, as the exports carry it: which input and which x′, with their numbers. */
function shownRecord(display: Display) {
  const { input, adv } = display;
  return {
    input: {
      which: input.kind,
      name: input.name,
      probs: input.view === null ? null : Array.from(input.view.probs),
    },
    adversarial:
      adv === null
        ? null
        : {
            which: adv.kind,
            label: adv.title,
            recordIndex: adv.index < 0 ? null : adv.index,
            iteration: adv.record?.t ?? null,
            searchStep: adv.record?.searchStep ?? null,
            predicted: adv.predicted,
            f: adv.f,
            mi: adv.mi,
            reconAdv: adv.reconAdv,
            success: adv.success,
            probs: adv.view === null || adv.view.probs.length === 0 ? null : Array.from(adv.view.probs),
            delta: Array.from(adv.delta),
          },
  };
}

/**
 * Everything needed to reproduce, audit and replay a run (run-record.ts reads it back): the settings,
 * the image, every iteration's scalars, δ of the kept iterates quantised, the returned δ exact.
 * `recordedAt`: when the run was recorded (a replayed run keeps its original date).
 */
export function runRecord(
  s: RunStoreState,
  versions: Readonly<Record<string, string>>,
  url: string,
  display: Display | null = null,
  recordedAt: string = new Date().toISOString(),
) {
  return {
    kind: 'minmax-lab-run',
    version: RUN_RECORD_VERSION,
    recordedAt,
    url,
    settings: s.runSettings,
    engineOptions: s.options,
    schedule: s.schedule,
    backend: s.runBackend,
    backends: s.runBackends,
    versions,
    image:
      s.runImage === null
        ? null
        : {
            source: s.runImage.source,
            index: s.runImage.index,
            label: s.runImage.label,
            channels: 1,
            pixels: Array.from(s.runImage.pixels),
          },
    result:
      s.done === null
        ? null
        : {
            ...s.done.summary,
            delta: Array.from(s.done.delta),
            probsAdv: Array.from(s.done.adversarial.probs),
            recordIndex: s.returnedIndex >= 0 ? s.returnedIndex : null,
          },
    shown: display === null ? null : shownRecord(display),
    // NaN (no value: PGD's in-loop I, the unsupervised task's predicted class) is null in JSON.
    trace: s.trace.records,
    iterates: recordedIterates(s.trace, s.returnedIndex),
  };
}
