/** `augment`: the paper's augmentation experiment (docs/ALGORITHM.md §6) at a chosen scale. */
import { HEADLESS_BACKENDS, type HeadlessBackend } from '../../core/backend';
import { toFloatBatch } from '../../core/data/dataset';
import {
  methodName,
  parseMethods,
  PAPER_METHODS,
  runAugmentation,
  type AugmentProgress,
} from '../../core/experiments/augmentation';
import { AUTOENCODERS, CRITICS, type AutoencoderKind, type CriticPreset } from '../../core/vocabulary';
import { UsageError, type FlagSpecs, type ParsedFlags } from '../args';
import { settingFlag } from '../attack-flags';
import { UAE_DEFAULTS } from '../../core/attacks/uae-defaults';
import { defaultThreads, parallelCopies } from '../threads/parallel-copies';
import { log, mnistTest, mnistTrain, startBackend, versions } from '../context';

export const AUGMENT_FLAGS: FlagSpecs = {
  ae: { type: AUTOENCODERS, default: 'conv', help: 'autoencoder to train and attack' },
  methods: {
    type: 'string',
    default: PAPER_METHODS.map(methodName).join(','),
    help: 'comma-separated: mine-uae, l2-uae, ga:<σ>, clean (the clean images again: a control)',
  },
  train: { type: 'int', default: 2000, min: 1, max: 60000, help: 'training images N (the first N)' },
  epochs: { type: 'int', default: 5, min: 1, max: 1000, help: 'epochs for Original and each retraining' },
  test: {
    type: 'int',
    default: 10000,
    min: 1,
    max: 10000,
    help: 'test images for the error (the first ones)',
  },
  seed: settingFlag('seed', { help: 'seed of training, attacks and noise' }),
  iters: { ...settingFlag('iters', { help: 'UAE / L2-UAE iterations' }), default: UAE_DEFAULTS.iters },
  'mine-steps': {
    ...settingFlag('mineSteps', { help: 'MINE steps per UAE iteration' }),
    default: UAE_DEFAULTS.mineSteps,
  },
  'search-steps': settingFlag('searchSteps', { help: 'L2-UAE binary-search steps on c' }),
  eps: settingFlag('eps', { help: 'L∞ budget ε of the attacks (authors: 1.0)' }),
  critic: {
    type: CRITICS,
    help: 'MINE critic of MINE-UAE; default paper on dense AEs (the authors), lite on the conv AE',
  },
  'generate-batch': { type: 'int', default: 50, min: 1, max: 1000, help: 'images attacked together' },
  threads: {
    type: 'int',
    default: defaultThreads(),
    min: 1,
    max: 64,
    help: 'worker threads making the MINE-UAE/L2-UAE copies (default: the cores, at most 8)',
  },
  backend: { type: HEADLESS_BACKENDS, default: 'wasm', help: 'tfjs backend' },
  json: { type: 'bool', help: 'print one JSON object on stdout' },
  help: { type: 'bool', help: 'this help' },
};

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export async function augmentCommand(f: ParsedFlags): Promise<Record<string, unknown>> {
  let methods;
  try {
    methods = parseMethods(f.methods as string);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const kind = f.ae as AutoencoderKind;
  const n = f.train as number;
  const testCount = f.test as number;
  const [train, test] = await Promise.all([mnistTrain(), mnistTest()]);
  const trainImages = toFloatBatch(
    train.images,
    Array.from({ length: n }, (_, i) => i),
  );
  const testImages = toFloatBatch(
    test.images,
    Array.from({ length: testCount }, (_, i) => i),
  );
  await startBackend(f.backend as HeadlessBackend);
  const threads = f.threads as number;
  log(
    `augment: ${kind} AE, ${n} training images, ${f.epochs as number} epochs, methods ${methods.map(methodName).join(', ')}, ${threads} thread${threads === 1 ? '' : 's'}`,
  );
  let last = '';
  let phaseKey = '';
  let phaseStart = 0;
  const onProgress = (p: AugmentProgress) => {
    const phase = `${p.phase}/${p.method ?? ''}`;
    if (phase !== phaseKey) {
      phaseKey = phase;
      phaseStart = performance.now();
    }
    const key = `${phase}/${Math.floor((10 * p.done) / p.total)}`;
    if (key === last) return;
    last = key;
    // A generation runs for minutes to hours: say when it will end.
    const elapsed = (performance.now() - phaseStart) / 1000;
    const eta =
      p.done > 0 && p.done < p.total && elapsed >= 5
        ? `, about ${formatSeconds((elapsed * (p.total - p.done)) / p.done)} left`
        : '';
    log(
      `  ${p.phase}${p.method ? ` ${p.method}` : ''}: ${Math.round((100 * p.done) / p.total)}% (${p.message}${eta})`,
    );
  };
  const r = await runAugmentation(
    {
      kind,
      train: n,
      epochs: f.epochs as number,
      seed: f.seed as number,
      methods,
      testCount,
      generateBatch: f['generate-batch'] as number,
      attack: {
        iters: f.iters as number,
        mineSteps: f['mine-steps'] as number,
        searchSteps: f['search-steps'] as number,
        eps: f.eps as number,
        critic: (f.critic as CriticPreset | null) ?? undefined,
        seed: f.seed as number,
      },
    },
    { trainImages, trainCount: n, testImages, testCount },
    {
      onProgress,
      attackCopies: threads > 1 ? parallelCopies(threads, f.backend as HeadlessBackend) : undefined,
    },
  );
  return {
    ae: r.ae,
    train: r.train,
    epochs: r.epochs,
    test: r.testCount,
    seed: r.seed,
    original: r.original,
    results: r.results,
    seconds: r.seconds,
    originalTrainSeconds: r.originalTrainSeconds,
    attack: {
      iters: r.attack.iters,
      mineSteps: r.attack.mineSteps,
      searchSteps: r.attack.searchSteps,
      eps: r.attack.eps,
      critic: r.attack.critic,
      alpha: r.attack.alpha,
      mineLr: r.attack.mineLr,
      deltaInit: r.attack.deltaInit,
    },
    backend: r.backend,
    threads,
    versions: versions(),
  };
}
