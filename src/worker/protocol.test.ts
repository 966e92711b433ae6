import { describe, expect, it } from 'vitest';
import type { ReadyMessage } from './protocol';
import { BACKEND_NAMES, ERROR_CODES, isBackendName, isFatalError, parseUiToWorker, parseWorkerToUi } from './protocol';

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
      { type: 'run', runId: 1, seed: 42, iterations: 100 },
      { type: 'pause', runId: 1 },
      { type: 'step', runId: 0 },
      { type: 'cancel', runId: 7 },
    ];
    for (const m of messages) expect(parseUiToWorker(m)).toEqual({ ok: true, value: m });
  });

  it('drops unknown fields', () => {
    expect(parseUiToWorker({ type: 'pause', runId: 3, extra: 'x' })).toEqual({ ok: true, value: { type: 'pause', runId: 3 } });
  });

  it('rejects non-objects, unknown types and bad fields with a message naming the field', () => {
    for (const bad of [null, 'init', 42, [], { type: 'launch' }, {}]) expect(parseUiToWorker(bad).ok).toBe(false);
    expect(uiError({ type: 'init', requestedBackend: 'gpu' })).toMatch(/requestedBackend must be one of webgpu, webgl, wasm, cpu/);
    expect(uiError({ type: 'run', runId: 1, seed: 1.5, iterations: 3 })).toMatch(/seed must be an integer/);
    expect(uiError({ type: 'run', runId: 1, seed: 1, iterations: 0 })).toMatch(/iterations/);
    expect(uiError({ type: 'run', runId: 1, seed: 1, iterations: 1e9 })).toMatch(/iterations/);
    expect(uiError({ type: 'run', runId: -1, seed: 1, iterations: 1 })).toMatch(/runId/);
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
    ];
    for (const m of messages) expect(parseWorkerToUi(m)).toEqual({ ok: true, value: m });
  });

  it('rejects malformed ready messages', () => {
    expect(workerError({ ...ready, backend: 'tpu' })).toMatch(/backend must be one of/);
    expect(workerError({ ...ready, tried: 'all' })).toMatch(/tried must be an array/);
    expect(workerError({ ...ready, tried: [{ backend: 'cpu', ok: 'yes', reason: '' }] })).toMatch(/ok must be a boolean/);
    expect(workerError({ ...ready, tried: [{ backend: 'cpu', ok: true, reason: '', ms: -1 }] })).toMatch(/ms must be/);
    expect(workerError({ ...ready, timings: { initMs: 1, smokeMs: Number.NaN, warmupMs: 0 } })).toMatch(/smokeMs/);
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
