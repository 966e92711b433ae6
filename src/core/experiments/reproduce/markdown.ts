/**
 * The Markdown record of a run: what was run (scale, n, seconds, seed, backend), the table with our
 * figures beside the talk's, and what the paper column means. Pure functions of the record.
 */
import type { ReproduceRecord } from './types';

/** A number for a table: fixed decimals, or '–' for a missing value. */
export function num(v: unknown, digits = 3): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–';
}

export function pct(v: unknown, digits = 1): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(digits)} %` : '–';
}

/** A row's ASR; '–' while no sample of its method has finished (a cancelled run's row). */
export function asrCell(row: Record<string, unknown>, digits = 1): string {
  return row.n === 0 ? '–' : pct(row.asr, digits);
}

export function meanStd(mean: unknown, std: unknown, digits = 3): string {
  if (typeof mean !== 'number' || !Number.isFinite(mean)) return '–';
  return typeof std === 'number' && Number.isFinite(std)
    ? `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`
    : mean.toFixed(digits);
}

/** Seconds as a person reads them: 42 s, 12 min, 3.4 h, 12 days. */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)];
}

/** The whole document: heading, what was run, the experiment's table, the paper's note. */
export function renderMarkdown(record: ReproduceRecord, body: readonly string[]): string {
  const timing = Object.entries(record.timing)
    .map(([k, s]) => `${k} ${duration(s)}`)
    .join(', ');
  return [
    `# ${record.title}`,
    '',
    `Reproduces the talk's ${record.slide}.`,
    '',
    `- scale: **${record.scale}**${record.complete ? '' : ' (cancelled: the rows cover the finished samples only)'}`,
    `- seconds: ${record.seconds.toFixed(1)} (${duration(record.seconds)}; the cost model expected ${duration(record.expectedSeconds)})${timing ? `; by part: ${timing}` : ''}`,
    `- seed ${record.seed}, backend ${record.backend}`,
    ...(record.reuse ?? []).map((r) =>
      r.refused
        ? `- not reused: ${r.label} (${r.refused})`
        : `- ${r.units} units (method × image) taken from ${r.label}, made there with the same settings, seed and backend; their seconds are in the parts' times, not in the run's`,
    ),
    '',
    ...body,
    '',
    `Paper column: ${record.paperNote}.`,
    '',
    `Settings: \`${JSON.stringify(record.settings)}\``,
    '',
  ].join('\n');
}
