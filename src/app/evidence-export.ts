import { download } from './Export';
/**
 * What the Compare and Batch views export: a JSON record (the rows, the settings they ran with, the
 * seed, the backend, the versions) and a CSV of the rows. Plain functions, tested without a browser.
 */
import type { BatchSample, CompareRow } from '../worker/protocol-evidence';
import type { BatchState, CompareState, JobSetup } from './evidence-store';

export const EVIDENCE_RECORD_VERSION = 1;

/** A number for a CSV cell: empty for null or NaN (a spreadsheet reads both as missing). */
function cell(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? '' : String(v);
}

/** Quotes a text cell when it holds a comma, a quote or a line break (RFC 4180). */
function text(v: string | null): string {
  if (v === null) return '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

interface Provenance {
  readonly versions: Readonly<Record<string, string>>;
  readonly page: string;
}

function header(
  kind: 'compare' | 'batch',
  job: { setup: JobSetup | null; backend: string | null; seconds: number | null; status: string },
  p: Provenance,
) {
  return {
    kind,
    version: EVIDENCE_RECORD_VERSION,
    status: job.status,
    seed: job.setup?.settings.seed ?? null,
    backend: job.backend,
    seconds: job.seconds,
    settings: job.setup?.settings ?? null,
    fairMi: job.setup?.fairMi ?? null,
    versions: p.versions,
    page: p.page,
  };
}

const COMPARE_COLUMNS = [
  'method',
  'success',
  'firstSuccessIter',
  'miFairMean',
  'miFairStd',
  'fairMiSteps',
  'fairMiRestarts',
  'miBest',
  'linf',
  'l2',
  'itersRun',
  'predictedAdv',
  'seconds',
  'fairSeconds',
  'failureReason',
  'miFairProblem',
] as const;

export function compareCsv(rows: readonly CompareRow[]): string {
  const lines = [COMPARE_COLUMNS.join(',')];
  for (const r of rows)
    lines.push(
      [
        r.method,
        r.success ? 1 : 0,
        cell(r.firstSuccessIter),
        cell(r.miFair?.mean),
        cell(r.miFair?.std),
        cell(r.miFair?.steps),
        cell(r.miFair?.restarts),
        cell(r.miBest),
        cell(r.linf),
        cell(r.l2),
        r.itersRun,
        r.predictedAdv < 0 ? '' : cell(r.predictedAdv),
        cell(r.seconds),
        cell(r.fairSeconds),
        text(r.failureReason),
        text(r.miFairProblem),
      ].join(','),
    );
  return `${lines.join('\n')}\n`;
}

/** The whole comparison, with each row's x′ and δ (784 values each) so it can be redrawn. */
export function compareRecord(c: CompareState, p: Provenance) {
  return {
    ...header('compare', c, p),
    image:
      c.image === null
        ? null
        : {
            source: c.image.source,
            index: c.image.index,
            label: c.image.label,
            pixels: Array.from(c.image.pixels),
          },
    methods: c.methods,
    rows: c.rows.map((r) => ({ ...r, delta: Array.from(r.delta), adversarial: Array.from(r.adversarial) })),
  };
}

const BATCH_COLUMNS = [
  'index',
  'label',
  'predictedClean',
  'predictedAdv',
  'success',
  'firstSuccessIter',
  'miBest',
  'miFairMean',
  'miFairStd',
  'linf',
  'l2',
  'seconds',
  'failureReason',
  'miFairProblem',
] as const;

export function batchCsv(samples: readonly BatchSample[]): string {
  const lines = [BATCH_COLUMNS.join(',')];
  for (const s of samples)
    lines.push(
      [
        s.index,
        s.label,
        cell(s.predictedClean),
        cell(s.predictedAdv),
        s.success ? 1 : 0,
        cell(s.firstSuccessIter),
        cell(s.miBest),
        cell(s.miFair?.mean),
        cell(s.miFair?.std),
        cell(s.linf),
        cell(s.l2),
        cell(s.seconds),
        text(s.failureReason),
        text(s.miFairProblem),
      ].join(','),
    );
  return `${lines.join('\n')}\n`;
}

export function batchRecord(b: BatchState, p: Provenance) {
  return {
    ...header('batch', b, p),
    method: b.setup?.settings.method ?? null,
    requested: b.indices,
    attacked: b.samples.length,
    summary: b.summary,
    samples: b.samples,
  };
}

/** Fixed-width bins over [lo, hi] (hi included in the last bin); a single value gets one bin. */
export function histogram(
  values: readonly number[],
  bins: number,
): { lo: number; hi: number; counts: number[] } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { lo: 0, hi: 1, counts: new Array<number>(bins).fill(0) };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]!++;
  return { lo, hi, counts };
}

/** Downloads an evidence record as `${stem}.json` and a table as `${stem}.csv` (Compare and Batch). */
export function downloadJson(stem: string, record: unknown): void {
  download(`${stem}.json`, new Blob([JSON.stringify(record, null, 1)], { type: 'application/json' }));
}

export function downloadCsv(stem: string, csv: string): void {
  download(`${stem}.csv`, new Blob([csv], { type: 'text/csv' }));
}
