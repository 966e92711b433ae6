/** What a run exports: CSV of every iteration's scalars, and the JSON record of the whole run. */
import type { IterationScalars } from '../worker/protocol';
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
] as const;

export function traceCsv(records: readonly IterationScalars[]): string {
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
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

export const RUN_RECORD_VERSION = 1;

/** Everything needed to reproduce and audit a run; δ arrays are plain number lists. */
export function runRecord(s: RunStoreState, versions: Readonly<Record<string, string>>, url: string) {
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
    trace: s.trace.records,
  };
}
