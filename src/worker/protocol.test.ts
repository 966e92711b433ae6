import { describe, expect, it } from 'vitest';
import type { ReadyMessage, RunSettings } from './protocol';
import { testImageMessage, testSettings } from './testing/messages';
import {
  BACKEND_NAMES,
  ERROR_CODES,
  isBackendName,
  isFatalError,
  parseUiToWorker,
  parseWorkerToUi,
} from './protocol';

const ready: ReadyMessage = {
  type: 'ready',
  backend: 'wasm',
  reason: 'passed the smoke test',
  tried: [
    { backend: 'webgpu', ok: false, reason: 'skipped' },
    { backend: 'wasm', ok: true, reason: 'chosen', ms: 12.5 },
  ],
  timings: { initMs: 1, smokeMs: 2, warmupMs: 3 },
  versions: { '@tensorflow/tfjs-core': '4.22.0' },
};

const settings = testSettings({ iters: 300 });
const experimentConfig = {
  ae: 'dense',
  train: 20,
  epochs: 1,
  testCount: 100,
  seed: 1,
  methods: ['ga:0.01', 'mine-uae'],
  iters: 2,
  mineSteps: 2,
};
const image = testImageMessage();
const run = { type: 'run', runId: 1, settings, image, paused: false };
const schedule = { method: 'minmax', iters: 300, searchSteps: 1 };
const view = { probs: new Float32Array(10), maps: new Float32Array(2 * 3 * 3), k: 2, mapH: 3, mapW: 3 };
const runStarted = {
  type: 'run-started',
  runId: 1,
  backend: 'cpu',
  predictedClean: 7,
  clean: view,
  schedule,
  options: {},
};
const record = {
  t: 1,
  part: 'both',
  searchStep: 0,
  c: 0.1,
  f: 2,
  mi: NaN,
  success: false,
  linf: 0.1,
  l2: 1,
  bestMi: null,
  predicted: 7,
};

function uiError(data: unknown): string {
  const parsed = parseUiToWorker(data);
  if (parsed.ok) throw new Error('expected a parse failure');
  return parsed.error;
}

function workerError(data: unknown): string {
  const parsed = parseWorkerToUi(data);
  if (parsed.ok) throw new Error('expected a parse failure');
  return parsed.error;
}

describe('isBackendName', () => {
  it('accepts exactly the four backends, fastest first', () => {
    expect(BACKEND_NAMES).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    for (const b of BACKEND_NAMES) expect(isBackendName(b)).toBe(true);
    for (const b of ['WASM', 'tensorflow', '', undefined, 3, null]) expect(isBackendName(b)).toBe(false);
  });
});

describe('parseUiToWorker', () => {
  it('round-trips every message type', () => {
    const messages = [
      { type: 'init' },
      { type: 'init', requestedBackend: 'cpu' },
      { type: 'init', requestedBackend: 'wasm', fault: { kind: 'nan', at: 5 } },
      { type: 'init', fault: { kind: 'kernel', at: 1 } },
      run,
      {
        ...run,
        settings: { ...settings, method: 'pgd', target: 3, critic: 'paper', semantics: 'reference' },
        paused: true,
      },
      { ...run, image: { ...image, source: 'drawn', index: null } },
      { type: 'pause', runId: 1 },
      { type: 'resume', runId: 1 },
      { type: 'step', runId: 0, part: 'both' },
      { type: 'step', runId: 0, part: 'attacker' },
      { type: 'step', runId: 0, part: 'critic' },
      { type: 'cancel', runId: 7 },
      { type: 'inspect', requestId: 2, pixels: new Float32Array(784) },
      {
        ...run,
        settings: {
          ...settings,
          task: 'unsupervised',
          ae: 'conv',
          method: 'mine-uae',
          iters: 40,
          mineSteps: 20,
        },
      },
      { ...run, settings: { ...settings, task: 'unsupervised', ae: 'adversarial', method: 'l2-uae' } },
      { type: 'experiment-start', experimentId: 1, config: experimentConfig },
      { type: 'experiment-cancel', experimentId: 1 },
    ];
    for (const m of messages) expect(parseUiToWorker(m)).toEqual({ ok: true, value: m });
  });

  it('reads a run without task and ae as supervised (older senders)', () => {
    const old: { -readonly [K in keyof RunSettings]?: RunSettings[K] } = { ...settings };
    delete old.task;
    delete old.ae;
    expect(parseUiToWorker({ ...run, settings: old })).toEqual({ ok: true, value: run });
  });

  it('rejects a method of the other task, unknown autoencoders and bad experiments', () => {
    expect(uiError({ ...run, settings: { ...settings, task: 'unsupervised' } })).toMatch(
      /method minmax does not attack the unsupervised task/,
    );
    expect(uiError({ ...run, settings: { ...settings, method: 'l2-uae' } })).toMatch(/supervised task/);
    expect(uiError({ ...run, settings: { ...settings, ae: 'vae' } })).toMatch(/ae must be one of/);
    const start = { type: 'experiment-start', experimentId: 1, config: experimentConfig };
    expect(uiError({ ...start, config: { ...experimentConfig, train: 5001 } })).toMatch(/train must be/);
    expect(uiError({ ...start, config: { ...experimentConfig, methods: [] } })).toMatch(/non-empty/);
    expect(uiError({ ...start, config: { ...experimentConfig, methods: ['ga:0.5'] } })).toMatch(
      /methods\[0\] must be one of/,
    );
    expect(uiError({ ...start, config: { ...experimentConfig, methods: ['l2-uae', 'l2-uae'] } })).toMatch(
      /must not repeat/,
    );
  });

  it('drops unknown fields', () => {
    expect(parseUiToWorker({ type: 'pause', runId: 3, extra: 'x' })).toEqual({
      ok: true,
      value: { type: 'pause', runId: 3 },
    });
  });

  it('rejects non-objects, unknown types and bad fields with a message naming the field', () => {
    for (const bad of [null, 'init', 42, [], { type: 'launch' }, {}])
      expect(parseUiToWorker(bad).ok).toBe(false);
    expect(uiError({ type: 'init', requestedBackend: 'gpu' })).toMatch(
      /requestedBackend must be one of webgpu, webgl, wasm, cpu/,
    );
    expect(uiError({ type: 'init', fault: { kind: 'oom', at: 3 } })).toMatch(
      /kind must be one of nan, kernel/,
    );
    expect(uiError({ type: 'init', fault: { kind: 'nan', at: 0 } })).toMatch(/at must be an integer/);
    expect(uiError({ type: 'init', fault: 'nan@5' })).toMatch(/fault/);
    expect(uiError({ ...run, settings: { ...settings, seed: 1.5 } })).toMatch(/seed must be an integer/);
    expect(uiError({ ...run, settings: { ...settings, iters: 0 } })).toMatch(/iters/);
    expect(uiError({ ...run, settings: { ...settings, iters: 1e9 } })).toMatch(/iters/);
    expect(uiError({ ...run, settings: { ...settings, eps: NaN } })).toMatch(/eps must be a finite number/);
    expect(uiError({ ...run, settings: { ...settings, method: 'fgsm' } })).toMatch(
      /method must be one of minmax, penalty, pgd, mine-uae, l2-uae/,
    );
    expect(uiError({ ...run, settings: { ...settings, target: 10 } })).toMatch(/target/);
    expect(uiError({ ...run, runId: -1 })).toMatch(/runId/);
    expect(uiError({ ...run, paused: 'no' })).toMatch(/paused must be a boolean/);
    expect(uiError({ ...run, image: { ...image, pixels: new Float32Array(10) } })).toMatch(
      /pixels must hold 784 values/,
    );
    expect(uiError({ ...run, image: { ...image, pixels: new Float32Array(784).fill(2) } })).toMatch(
      /pixels must lie in \[0, 1\]/,
    );
    expect(uiError({ ...run, image: { ...image, pixels: Array.from({ length: 784 }, () => 0) } })).toMatch(
      /Float32Array/,
    );
    expect(uiError({ ...run, image: { ...image, label: 11 } })).toMatch(/label/);
    expect(uiError({ type: 'step', runId: 1, part: 'defender' })).toMatch(
      /part must be one of both, attacker, critic/,
    );
    expect(uiError({ type: 'cancel' })).toMatch(/cancel: runId/);
  });
});

describe('parseWorkerToUi', () => {
  it('round-trips ready, error and log', () => {
    const messages = [
      ready,
      { type: 'error', code: 'no-backend', message: 'none', detail: 'webgpu: …' },
      { type: 'error', code: 'not-implemented', message: 'later' },
      { type: 'log', level: 'info', message: 'initialising wasm' },
      { type: 'error', runId: 3, code: 'run-failed', message: 'NaN' },
      { type: 'inspection', requestId: 1, ...view },
      { ...runStarted, options: { eps: 1, target: null, critic: 'lite', biasCorrection: false } },
      { ...runStarted, resumedFrom: 4 },
      {
        type: 'iterations',
        runId: 1,
        records: [
          record,
          { ...record, part: 'critic', f: -1, mi: 0.2, success: true, bestMi: 0.2, predicted: 3 },
        ],
        deltas: new Float32Array(2 * 784),
        numTensors: 40,
      },
      { type: 'frame', runId: 1, t: 4, view, permutation: Int32Array.from([1, 0]) },
      { type: 'run-state', runId: 1, state: 'paused' },
      {
        type: 'done',
        runId: 1,
        summary: {
          success: true,
          failureReason: null,
          cancelled: false,
          firstSuccessIter: 9,
          miBest: 0.1,
          predictedClean: 9,
          predictedAdv: 8,
          linf: 0.3,
          l2: 1.4,
          f: -1,
          itersRun: 60,
          msPerIter: 240,
        },
        delta: new Float32Array(784),
        adversarial: view,
        backend: 'wasm',
      },
    ];
    for (const m of messages) expect(parseWorkerToUi(m)).toEqual({ ok: true, value: m });
  });

  it('round-trips unsupervised views and experiment traffic', () => {
    const aeView = { ...view, recon: new Float32Array(784), reconError: 3.5 };
    const result = {
      ae: 'dense',
      train: 20,
      epochs: 1,
      seed: 1,
      backend: 'wasm',
      testCount: 100,
      original: 0.05,
      originalTrainSeconds: 1,
      results: [
        {
          method: 'ga:0.01',
          reconError: 0.04,
          relChange: 0.2,
          asr: 0.5,
          generateSeconds: 0,
          trainSeconds: 2,
        },
      ],
      seconds: 4,
      cancelled: false,
      attack: { iters: 2, critic: 'lite' },
    };
    const messages = [
      { ...runStarted, backend: 'wasm', predictedClean: -1, clean: aeView },
      { type: 'frame', runId: 1, t: 2, view: aeView, permutation: new Int32Array(0) },
      { type: 'error', experimentId: 2, code: 'experiment-failed', message: 'no data' },
      {
        type: 'experiment-progress',
        experimentId: 2,
        phase: 'generate',
        method: 'mine-uae',
        done: 3,
        total: 20,
        message: 'images 1–20',
      },
      {
        type: 'experiment-progress',
        experimentId: 2,
        phase: 'load',
        method: null,
        done: 0,
        total: 2,
        message: '',
      },
      { type: 'experiment-done', experimentId: 2, result },
      {
        type: 'experiment-done',
        experimentId: 2,
        result: { ...result, original: NaN, results: [], cancelled: true },
      },
    ];
    for (const m of messages) expect(parseWorkerToUi(m)).toEqual({ ok: true, value: m });
    expect(
      workerError({
        type: 'frame',
        runId: 1,
        t: 2,
        view: { ...aeView, recon: new Float32Array(3) },
        permutation: new Int32Array(0),
      }),
    ).toMatch(/recon must hold 784/);
    expect(
      workerError({
        type: 'experiment-progress',
        experimentId: 2,
        phase: 'nap',
        method: null,
        done: 0,
        total: 1,
        message: '',
      }),
    ).toMatch(/phase must be one of/);
  });

  it('rejects malformed run traffic', () => {
    const rec = { ...record, mi: 0, linf: 0, l2: 0 };
    const batch = {
      type: 'iterations',
      runId: 1,
      records: [rec],
      deltas: new Float32Array(0),
      numTensors: 1,
    };
    expect(parseWorkerToUi(batch).ok).toBe(true);
    expect(workerError({ ...batch, deltas: new Float32Array(5) })).toMatch(/784 values per record/);
    expect(workerError({ ...batch, records: [{ ...rec, success: 1 }] })).toMatch(/success must be a boolean/);
    expect(workerError({ ...batch, records: [{ ...rec, c: '0.1' }] })).toMatch(/c must be a number/);
    expect(
      workerError({
        type: 'frame',
        runId: 1,
        t: 1,
        view: { ...view, maps: new Float32Array(3) },
        permutation: new Int32Array(0),
      }),
    ).toMatch(/maps must hold 18 values/);
    expect(workerError({ type: 'run-state', runId: 1, state: 'sleeping' })).toMatch(
      /state must be one of running, paused/,
    );
    expect(workerError({ ...runStarted, predictedClean: 1, options: { nested: {} } })).toMatch(
      /options.nested/,
    );
  });

  it('rejects a malformed resumedFrom', () => {
    const started = { ...runStarted, predictedClean: 1 };
    expect(workerError({ ...started, resumedFrom: -1 })).toMatch(/resumedFrom must be/);
    expect(workerError({ ...started, resumedFrom: 2.5 })).toMatch(/resumedFrom must be/);
    expect(workerError({ ...started, schedule: { ...schedule, method: 'fgsm' } })).toMatch(
      /schedule.method must be one of minmax/,
    );
    expect(workerError({ ...started, schedule: { ...schedule, searchSteps: 0 } })).toMatch(
      /schedule.searchSteps/,
    );
  });

  it('rejects malformed ready messages', () => {
    expect(workerError({ ...ready, backend: 'tpu' })).toMatch(/backend must be one of/);
    expect(workerError({ ...ready, tried: 'all' })).toMatch(/tried must be an array/);
    expect(workerError({ ...ready, tried: [{ backend: 'cpu', ok: 'yes', reason: '' }] })).toMatch(
      /ok must be a boolean/,
    );
    expect(workerError({ ...ready, tried: [{ backend: 'cpu', ok: true, reason: '', ms: -1 }] })).toMatch(
      /ms must be/,
    );
    expect(workerError({ ...ready, timings: { initMs: 1, smokeMs: Number.NaN, warmupMs: 0 } })).toMatch(
      /smokeMs/,
    );
    expect(workerError({ ...ready, versions: { core: 4 } })).toMatch(/core must be a string/);
  });

  it('rejects unknown error codes and log levels', () => {
    expect(workerError({ type: 'error', code: 'oops', message: 'x' })).toMatch(/code must be one of/);
    expect(workerError({ type: 'log', level: 'error', message: 'x' })).toMatch(/level must be one of/);
  });
});

describe('isFatalError', () => {
  it('treats only errors that leave the worker useless as fatal', () => {
    const fatal = ERROR_CODES.filter(isFatalError);
    expect(fatal).toEqual(['no-backend', 'internal']);
  });
});
