/**
 * The Paper view's pure logic: the scales a user may choose with their expected time (the core's cost
 * model, tfjs-free), the table the worker sends as the CLI's Markdown lines read back into cells, and
 * what the exports hold (CSV of the rows, the JSON record, file names, the figures as data: URLs).
 */
import { CATALOG } from '../core/experiments/reproduce/catalog';
import { duration } from '../core/experiments/reproduce/markdown';
import { expectedSeconds, settingsFor } from '../core/experiments/reproduce/scales';
import {
  SCALE_NAMES,
  type ExperimentName,
  type ReproduceRecord,
  type ScaleName,
} from '../core/experiments/reproduce/types';
import { PAPER_VIEW_SCALES } from '../worker/protocol-paper';
import { EVIDENCE_RECORD_VERSION } from './evidence-export';

export interface ScaleChoice {
  readonly scale: ScaleName;
  /** The cost model's seconds on wasm on a 2-core machine. */
  readonly seconds: number;
  /** The paper scale is listed, not run: days on a CPU backend. */
  readonly runnable: boolean;
}

export function scaleChoices(name: ExperimentName): ScaleChoice[] {
  return SCALE_NAMES.map((scale) => ({
    scale,
    seconds: expectedSeconds(settingsFor(name, scale)),
    runnable: (PAPER_VIEW_SCALES as readonly string[]).includes(scale),
  }));
}

/** "quick: about 1 min", "paper: about 12 days (not run in the browser)". */
export function scaleLabel(c: ScaleChoice): string {
  return `${c.scale}: about ${duration(c.seconds)}${c.runnable ? '' : ' (not run in the browser)'}`;
}

export function experimentTitle(name: ExperimentName): { title: string; slide: string } {
  const e = CATALOG.find((c) => c.name === name)!;
  return { title: e.title, slide: e.slide };
}

export type TableBlock =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'table'; readonly header: string[]; readonly rows: string[][] };

/** The cells of one Markdown table line as core's `table()` writes it ('|' in a cell is '\|'). */
export function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === '\\' && inner[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** The lines of renderTableOf as paragraphs and tables (header, the separator line dropped, rows). */
export function tableBlocks(lines: readonly string[]): TableBlock[] {
  const blocks: TableBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim().startsWith('|')) {
      const group: string[] = [];
      while (i < lines.length && lines[i]!.trim().startsWith('|')) group.push(lines[i++]!);
      const [head, , ...body] = group;
      blocks.push({ kind: 'table', header: splitRow(head!), rows: body.map(splitRow) });
      continue;
    }
    if (line.trim() !== '') blocks.push({ kind: 'text', text: line.trim() });
    i++;
  }
  return blocks;
}

/** A CSV cell: numbers as JavaScript writes them, nothing for null/NaN, objects as quoted JSON. */
function csvCell(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Our rows as CSV: every key any row has, in the order first seen. */
export function rowsCsv(rows: readonly Record<string, unknown>[]): string {
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  const lines = [keys.join(','), ...rows.map((r) => keys.map((k) => csvCell(r[k])).join(','))];
  return `${lines.join('\n')}\n`;
}

/** "paper-asr-mi-quick-seed1", with "-partial" for a cancelled run. */
export function paperStem(r: ReproduceRecord): string {
  return `paper-${r.name}-${r.scale}-seed${r.seed}${r.complete ? '' : '-partial'}`;
}

/** The export: the record as the core made it (rows, paper, settings, seed, backend), with provenance. */
export function paperExport(
  r: ReproduceRecord,
  p: { readonly versions: Readonly<Record<string, string>>; readonly page: string },
) {
  return {
    kind: 'paper',
    version: EVIDENCE_RECORD_VERSION,
    status: r.complete ? 'complete' : 'partial',
    seed: r.seed,
    backend: r.backend,
    versions: p.versions,
    page: p.page,
    record: r,
  };
}

/**
 * An SVG figure as an <img> source: the page's policy allows data: images (src/site/headers.ts), and
 * an SVG shown as an image runs no script and loads nothing, whatever it holds.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

const FIGURE_KINDS: readonly [RegExp, string][] = [
  [/-bars$/, 'bar chart of each method’s ASR and MI, ours beside the paper’s where the talk gives one'],
  [/-histogram$/, 'histograms of the fair MI of each method’s successful examples, mean ± std marked'],
  [/-grid$/, 'image grid: each test image x, then each method’s x′ and its δ'],
];

/** The text alternative of a figure: what it draws; the figures it draws are the table's. */
export function figureAlt(f: { readonly name: string; readonly title: string }): string {
  const kind = FIGURE_KINDS.find(([re]) => re.test(f.name))?.[1] ?? 'figure';
  return `${f.title}: ${kind}. The numbers it draws are in the table above.`;
}
