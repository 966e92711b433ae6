/** What a run exports: CSV of every iteration's scalars, and the JSON record of the whole run. */
import type { IterationScalars } from '../worker/protocol';
import type { Display } from './display';
import type { RunStoreState } from './run-store';

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

export const RUN_RECORD_VERSION = 1;

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

/** Everything needed to reproduce and audit a run; δ arrays are plain number lists. */
export function runRecord(
  s: RunStoreState,
  versions: Readonly<Record<string, string>>,
  url: string,
  display: Display | null = null,
) {
  return {
    kind: 'minmax-lab-run',
    version: RUN_RECORD_VERSION,
    url,
    settings: s.runSettings,
    engineOptions: s.options,
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
            pixels: Array.from(s.runImage.pixels),
          },
    result:
      s.done === null
        ? null
        : {
            ...s.done.summary,
            delta: Array.from(s.done.delta),
            probsAdv: Array.from(s.done.adversarial.probs),
          },
    shown: display === null ? null : shownRecord(display),
    trace: s.trace.records,
  };
}
