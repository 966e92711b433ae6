/**
 * `reproduce`: every table and figure of the talk, at a stated scale. The public API for the CLI and
 * the app's worker (no Node APIs here):
 *
 * - `CATALOG` (catalog.ts): name, title, slide, scales and the talk's figures of each experiment;
 * - `settingsFor(name, scale, override)` and `expectedSeconds(settings)` (scales.ts);
 * - `runReproduction(name, scale, env, opts, hooks)`: runs or resumes one experiment and returns its
 *   record (rows = ours, paper = the talk's); `hooks.onState` hands out the resumable state after every
 *   finished unit, `hooks.signal` drops the unit in flight (the record then says complete: false);
 * - `renderMarkdownOf(record)`, `renderTableOf(record)` and `renderFiguresOf(record)`: the Markdown
 *   document, its table lines and the SVG figures, pure.
 */
import { KindedError } from '../../errors';
import { outOfLimit } from '../../limits';
import { asrMiFigure, asrMiTable } from './asr-mi';
import { CATALOG, catalogEntry } from './catalog';
import { renderMarkdown } from './markdown';
import { distributionFigure, distributionRows, distributionTable } from './mi-distribution';
import { gridRows, versusFigures, versusTable } from './minmax-vs-pgd';
import {
  reconstructionRows,
  reconstructionTable,
  reconstructionTiming,
  runReconstruction,
} from './reconstruction';
import { expectedSeconds, settingsFor, type ScaleOverride, type SupervisedSettings } from './scales';
import type { ReuseReport, ReuseSource } from './reuse';
import { startState, timingBy } from './state';
import { describeSupervised, runSupervised, supervisedRows, type SupervisedUnit } from './supervised-runs';
import type {
  ExperimentName,
  Figure,
  ReproduceEnv,
  ReproduceHooks,
  ReproduceRecord,
  ReproduceState,
  ScaleName,
} from './types';

export { CATALOG, catalogEntry } from './catalog';
export { expectedSeconds, settingsFor, SCALES, type ScaleOverride } from './scales';
export { parseState } from './state';
export type { ReuseReport, ReuseSource } from './reuse';
export * from './types';

export interface ReproduceOptions {
  seed: number;
  override?: ScaleOverride;
  /** A state saved by an earlier, cancelled run of the same settings. */
  resume?: ReproduceState;
  /** Other runs whose units this one takes instead of computing them (supervised experiments). */
  reuse?: readonly ReuseSource[];
}

/** The listing of `reproduce --list`. */
export function listExperiments(): { name: string; title: string; slide: string; scales: string[] }[] {
  return CATALOG.map((e) => ({ name: e.name, title: e.title, slide: e.slide, scales: [...e.scales] }));
}

export async function runReproduction(
  name: ExperimentName,
  scale: ScaleName,
  env: ReproduceEnv,
  opts: ReproduceOptions,
  hooks: ReproduceHooks = {},
): Promise<ReproduceRecord> {
  const entry = catalogEntry(name);
  if (!entry)
    throw new KindedError('usage', `unknown experiment '${name}' (${CATALOG.map((e) => e.name).join(', ')})`);
  if (!entry.scales.includes(scale))
    throw new KindedError('usage', `unknown scale '${scale}' (quick, standard, paper)`);
  const badSeed = outOfLimit('seed', opts.seed);
  if (badSeed !== null) throw new KindedError('usage', badSeed);
  const settings = settingsFor(name, scale, opts.override);
  const state = startState(name, scale, opts.seed, env.backend, settings, opts.resume);
  let complete: boolean;
  let rows: Record<string, unknown>[];
  let timing: Record<string, number>;
  const extra: Record<string, unknown> = {};
  let described: unknown = settings;
  let reuse: ReuseReport[] | undefined;
  if (settings.kind === 'supervised') {
    ({ complete, reuse } = await runSupervised(settings, opts.seed, env, state, hooks, opts.reuse));
    rows = name === 'mi-distribution' ? distributionRows(settings, state) : supervisedRows(settings, state);
    timing = timingBy(state.units as SupervisedUnit[], (u) => u.method);
    if (settings.gridImages > 0) extra.grid = gridRows(settings, state, await env.testSet());
    described = describeSupervised(settings);
  } else {
    complete = await runReconstruction(settings, opts.seed, env, state, hooks);
    rows = reconstructionRows(settings, state);
    timing = reconstructionTiming(state);
  }
  return {
    name,
    title: entry.title,
    slide: entry.slide,
    scale,
    seed: opts.seed,
    backend: env.backend,
    seconds: state.seconds,
    expectedSeconds: expectedSeconds(settings),
    settings: described,
    rows,
    paper: entry.paper,
    paperNote: entry.paperNote,
    timing,
    complete,
    extra,
    units: state.units,
    ...(reuse && opts.reuse?.length ? { reuse } : {}),
  };
}

/**
 * The body of a record's Markdown: the experiment's table (ours beside the talk's) with the lines
 * that say what was run. The app's Paper view shows the same lines, so the page and the CLI agree.
 */
export function renderTableOf(record: ReproduceRecord): string[] {
  switch (record.name) {
    case 'asr-mi':
      return asrMiTable(record);
    case 'mi-distribution':
      return distributionTable(record);
    case 'minmax-vs-pgd':
      return versusTable(record);
    case 'reconstruction':
      return reconstructionTable(record);
  }
}

/** The Markdown table of a record, ours beside the talk's. */
export function renderMarkdownOf(record: ReproduceRecord): string {
  return renderMarkdown(record, renderTableOf(record));
}

/** The SVG figures of a record (none for the reconstruction table). */
export function renderFiguresOf(record: ReproduceRecord): Figure[] {
  switch (record.name) {
    case 'asr-mi':
      return [asrMiFigure(record)];
    case 'mi-distribution':
      return [distributionFigure(record)];
    case 'minmax-vs-pgd':
      return versusFigures(record);
    case 'reconstruction':
      return [];
  }
}

export type { SupervisedSettings };
