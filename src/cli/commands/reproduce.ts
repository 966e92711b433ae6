/**
 * `reproduce`: every table and figure of the talk at a stated scale (core/experiments/reproduce).
 * Progress on stderr; Ctrl-C drops the unit in flight, keeps the finished ones and exits 130
 * saying how to resume; `--scale paper` states its expected time and asks first.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import * as tf from '@tensorflow/tfjs-core';
import type { HeadlessBackend } from '../../core/backend';
import { HEADLESS_BACKENDS } from '../../core/backend';
import {
  catalogEntry,
  CATALOG,
  expectedSeconds,
  listExperiments,
  runReproduction,
  SCALE_NAMES,
  settingsFor,
  type ExperimentName,
  type ReproduceProgress,
  type ReproduceState,
  type ReuseSource,
  type ScaleName,
  type ScaleOverride,
} from '../../core/experiments/reproduce';
import { startState } from '../../core/experiments/reproduce/state';
import { duration } from '../../core/experiments/reproduce/markdown';
import { AUTOENCODERS, isOneOf } from '../../core/vocabulary';
import { UsageError, type FlagSpecs, type ParsedFlags } from '../args';
import { settingFlag } from '../attack-flags';
import { loadModel, log, mnistTest, mnistTrain, startBackend, versions } from '../context';
import { writeStdout } from '../output';
import { defaultThreads, parallelCopies } from '../threads/parallel-copies';
import {
  partialPath,
  prepareOut,
  readPartial,
  readReuseSources,
  removePartial,
  writeOutputs,
  writePartial,
} from './reproduce-files';

const NAMES = CATALOG.map((e) => e.name).join(', ');

const count = (help: string, max: number) => ({ type: 'int' as const, min: 1, max, help });

export const REPRODUCE_FLAGS: FlagSpecs = {
  list: { type: 'bool', help: 'list the experiments (name, title, slide, scales) and exit' },
  scale: {
    type: SCALE_NAMES,
    default: 'quick',
    help: "quick (about 2 min each here), standard (about an hour), paper (the authors' sizes: days to a year here; asks first)",
  },
  out: { type: 'string', help: 'output folder; default reproduce-out/NAME-SCALE' },
  seed: settingFlag('seed', { help: 'seed (image i of a supervised run: seed + i, for every method)' }),
  resume: { type: 'bool', help: 'continue the partial result in the output folder (same settings only)' },
  reuse: {
    type: 'string',
    help: 'take the units (method × image) that other supervised runs already made with the same settings, seed and backend: their output folders, records or partial.json, comma-separated',
  },
  yes: { type: 'bool', help: 'start --scale paper without asking' },
  backend: { type: HEADLESS_BACKENDS, default: 'wasm', help: 'tfjs backend' },
  threads: {
    type: 'int',
    default: defaultThreads(),
    min: 1,
    max: 64,
    help: 'reconstruction: worker threads making the MINE-UAE/L2-UAE copies (default: the cores, at most 8)',
  },
  n: count('override: test images 0..n−1 (supervised experiments)', 10000),
  iters: count('override: iterations T of every attack', 100000),
  'search-steps': count('override: binary-search steps of penalty / L2-UAE', 20),
  'mine-steps': count('override: MINE steps per attack iteration', 1000),
  'fair-mi-steps': count('override: fair MI Adam steps per restart', 100000),
  'fair-mi-restarts': count('override: fair MI restarts', 100),
  train: count('override: reconstruction training images N', 60000),
  test: count('override: reconstruction test images', 10000),
  epochs: count('override: reconstruction epochs (every autoencoder)', 1000),
  aes: {
    type: 'string',
    help: `override: reconstruction autoencoders, comma-separated (${AUTOENCODERS.join(', ')})`,
  },
  json: { type: 'bool', help: 'print one JSON object on stdout' },
  help: { type: 'bool', help: 'this help' },
};

function overrideOf(f: ParsedFlags): ScaleOverride {
  const o: ScaleOverride = {};
  const int = (k: string) => (f[k] === null ? undefined : (f[k] as number));
  const set = <K extends keyof ScaleOverride>(key: K, v: ScaleOverride[K] | undefined) => {
    if (v !== undefined) o[key] = v;
  };
  set('n', int('n'));
  set('iters', int('iters'));
  set('searchSteps', int('search-steps'));
  set('mineSteps', int('mine-steps'));
  set('fairMiSteps', int('fair-mi-steps'));
  set('fairMiRestarts', int('fair-mi-restarts'));
  set('train', int('train'));
  set('test', int('test'));
  set('epochs', int('epochs'));
  if (f.aes !== null) {
    const aes = (f.aes as string).split(',').map((s) => s.trim());
    const bad = aes.find((a) => !isOneOf(AUTOENCODERS, a));
    if (bad !== undefined)
      throw new UsageError(`--aes: unknown autoencoder '${bad}' (${AUTOENCODERS.join(', ')})`);
    set('aes', aes as ScaleOverride['aes']);
  }
  return o;
}

async function confirmPaper(seconds: number, yes: boolean): Promise<void> {
  const what = `--scale paper runs the authors' sizes: about ${duration(seconds)} on this machine (cost model)`;
  if (yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new UsageError(`${what}; there is no terminal to confirm on: pass --yes to start it`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${what}. Start it? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim()))
      throw new UsageError('not started (answer y to start --scale paper)');
  } finally {
    rl.close();
  }
}

function progressLogger(): (p: ReproduceProgress) => void {
  let lastTick = 0;
  let lastHead = '';
  let lastDone = -1;
  return (p) => {
    const now = performance.now();
    // "sparse AE: generate mine-uae ", "sample " without their counts
    const head = p.message.replace(/\d.*$/, '');
    // Progress inside a unit (an autoencoder's phases, an attack's iterations) comes often, with the
    // count of finished units unchanged: a line per phase, or every 10 s.
    const inner = p.done === lastDone;
    lastDone = p.done;
    if (inner && head === lastHead && now - lastTick < 10000) return;
    lastTick = now;
    lastHead = head;
    const eta = p.etaSeconds === null ? '' : `, about ${duration(p.etaSeconds)} left`;
    log(`  [${p.done}/${p.total}] ${p.message} (elapsed ${duration(p.elapsedSeconds)}${eta})`);
  };
}

export async function reproduceCommand(f: ParsedFlags): Promise<Record<string, unknown>> {
  const name = f.name as string | null;
  if (f.list === true) {
    if (name !== null) throw new UsageError(`--list takes no experiment name (got '${name}')`);
    return { experiments: listExperiments() };
  }
  if (name === null) throw new UsageError(`name an experiment (${NAMES}), or --list`);
  const entry = catalogEntry(name);
  if (!entry) throw new UsageError(`unknown experiment '${name}' (${NAMES}; see --list)`);
  const scale = f.scale as ScaleName;
  const seed = f.seed as number;
  const override = overrideOf(f);
  const settings = settingsFor(entry.name, scale, override);
  const out = prepareOut((f.out as string | null) ?? `reproduce-out/${entry.name}-${scale}`);
  let resume: ReproduceState | undefined;
  if (f.resume === true) {
    resume = readPartial(out);
    startState(entry.name, scale, seed, f.backend as string, settings, resume); // refuses other settings before any work
  } else if (existsSync(partialPath(out))) {
    throw new UsageError(
      `${out} holds a partial run: --resume continues it, or delete ${partialPath(out)} to start over`,
    );
  }
  let reuse: ReuseSource[] | undefined;
  if (f.reuse !== null) {
    if (settings.kind !== 'supervised')
      throw new UsageError(
        '--reuse is for the supervised experiments (reconstruction has no units to share)',
      );
    reuse = readReuseSources(f.reuse as string);
  }
  const expected = expectedSeconds(settings);
  if (scale === 'paper') await confirmPaper(expected, f.yes === true);
  // The run notices Ctrl-C where it yields to the event loop: between units, and in the supervised
  // experiments every quarter second of an attack. The finished units are saved as they finish, so a
  // second Ctrl-C may quit at once.
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    log('stopping: the unit in flight is dropped, the finished ones are saved');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  await startBackend(f.backend as HeadlessBackend);
  log(
    `reproduce ${entry.name} (${entry.title}), scale ${scale}: expected about ${duration(expected)} on this machine${resume ? `; resuming after ${resume.units.length} finished units` : ''}`,
  );
  const threads = f.threads as number;
  let record;
  try {
    record = await runReproduction(
      entry.name as ExperimentName,
      scale,
      {
        backend: tf.getBackend(),
        testSet: mnistTest,
        trainSet: mnistTrain,
        loadClassifier: async () => (await loadModel('mnist-classifier')).model,
        // Copies are made in batches of 50 images, one batch per thread: a smaller set gains nothing
        // from threads and would pay each thread's start-up (seconds) per method and autoencoder.
        copyAttacker:
          threads > 1 && settings.kind === 'reconstruction' && settings.train > 50
            ? parallelCopies(threads, f.backend as HeadlessBackend)
            : undefined,
      },
      { seed, override, resume, ...(reuse ? { reuse } : {}) },
      {
        signal: controller.signal,
        onProgress: progressLogger(),
        onState: (s) => {
          writePartial(out, s);
        },
      },
    );
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (!record.complete) {
    const again = [
      'npm run -s uae --',
      ...process.argv.slice(2).filter((a) => a !== '--resume'),
      '--resume',
    ].join(' ');
    const message = `cancelled: the finished samples are kept in ${partialPath(out)}; continue with: ${again}`;
    log(`error: ${message}`);
    if (f.json === true)
      await writeStdout(
        `${JSON.stringify({ error: message, kind: 'cancelled', partial: partialPath(out), resume: again })}\n`,
      );
    process.exit(130);
  }
  for (const r of record.reuse ?? [])
    log(
      r.refused
        ? `--reuse ${r.label}: nothing taken: ${r.refused}`
        : `--reuse ${r.label}: ${r.units} units taken`,
    );
  const more = { versions: versions(), threads };
  const files = writeOutputs(out, record, more);
  removePartial(out);
  log(`done in ${duration(record.seconds)}: ${files.join(', ')}`);
  return {
    name: record.name,
    scale: record.scale,
    seconds: record.seconds,
    settings: record.settings,
    rows: record.rows,
    paper: record.paper,
    files,
    paperNote: record.paperNote,
    expectedSeconds: record.expectedSeconds,
    timing: record.timing,
    ...(record.reuse ? { reuse: record.reuse } : {}),
    seed: record.seed,
    backend: record.backend,
    ...more,
  };
}
