/**
 * Every message between the UI thread and the engine worker. Both sides import this module, and both
 * validate what they receive: postMessage carries no types, so a stale bundle or a typo would
 * otherwise surface as an undefined deep inside a handler instead of a clear protocol error.
 */

/** Fastest first: the order automatic negotiation tries them in. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// UI → worker

export interface InitMessage {
  readonly type: 'init';
  /** Forces this backend first (from ?backend=); the worker falls back, and says so, if it fails. */
  readonly requestedBackend?: BackendName;
}

/** Starts a run. The visualizer issue will grow this into the full attack configuration. */
export interface RunMessage {
  readonly type: 'run';
  readonly runId: number;
  readonly seed: number;
  readonly iterations: number;
}

export interface PauseMessage {
  readonly type: 'pause';
  readonly runId: number;
}

/** Advances a paused run by one iteration. */
export interface StepMessage {
  readonly type: 'step';
  readonly runId: number;
}

/** Cooperative stop between iterations; worker.terminate() remains the hard stop. */
export interface CancelMessage {
  readonly type: 'cancel';
  readonly runId: number;
}

export type UiToWorker = InitMessage | RunMessage | PauseMessage | StepMessage | CancelMessage;
export type UiToWorkerType = UiToWorker['type'];

// ---------------------------------------------------------------------------------------------
// worker → UI

export interface TriedBackend {
  readonly backend: BackendName;
  readonly ok: boolean;
  /** Why it was chosen, skipped or rejected, in words a user can act on. */
  readonly reason: string;
  /** Wall time spent initialising and testing it; absent when it was skipped before initialising. */
  readonly ms?: number;
}

export interface BackendTimings {
  readonly initMs: number;
  readonly smokeMs: number;
  readonly warmupMs: number;
}

export interface ReadyMessage {
  readonly type: 'ready';
  readonly backend: BackendName;
  readonly reason: string;
  /** In the order tried; the last entry is the chosen backend. */
  readonly tried: readonly TriedBackend[];
  readonly timings: BackendTimings;
  /** Package name → version, for bug reports. */
  readonly versions: Readonly<Record<string, string>>;
}

export const ERROR_CODES = [
  'requested-backend-failed',
  'no-backend',
  'invalid-message',
  'not-implemented',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether the worker can still do work after this error; a Record so a new code must decide. */
const FATAL: Readonly<Record<ErrorCode, boolean>> = {
  'requested-backend-failed': false,
  'no-backend': true,
  'invalid-message': false,
  'not-implemented': false,
  internal: true,
};

export function isFatalError(code: ErrorCode): boolean {
  return FATAL[code];
}

/** A typed error: Error objects lose everything but message and stack when posted. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly code: ErrorCode;
  readonly message: string;
  readonly detail?: string;
}

export const LOG_LEVELS = ['debug', 'info', 'warn'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogMessage {
  readonly type: 'log';
  readonly level: LogLevel;
  readonly message: string;
}

export type WorkerToUi = ReadyMessage | ErrorMessage | LogMessage;
export type WorkerToUiType = WorkerToUi['type'];

// ---------------------------------------------------------------------------------------------
// Validation

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** For exhaustive switches: a new union member that is not handled fails to compile here. */
export function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

class Invalid extends Error {}

function str(fields: Fields, key: string): string {
  const v = fields[key];
  if (typeof v !== 'string') throw new Invalid(`${key} must be a string`);
  return v;
}

function optStr(fields: Fields, key: string): string | undefined {
  return fields[key] === undefined ? undefined : str(fields, key);
}

function bool(fields: Fields, key: string): boolean {
  const v = fields[key];
  if (typeof v !== 'boolean') throw new Invalid(`${key} must be a boolean`);
  return v;
}

function int(fields: Fields, key: string, min: number, max: number): number {
  const v = fields[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Invalid(`${key} must be an integer in [${min}, ${max}]`);
  }
  return v;
}

function ms(fields: Fields, key: string): number {
  const v = fields[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Invalid(`${key} must be a finite number ≥ 0`);
  return v;
}

function backend(fields: Fields, key: string): BackendName {
  const v = fields[key];
  if (!isBackendName(v)) throw new Invalid(`${key} must be one of ${BACKEND_NAMES.join(', ')}`);
  return v;
}

function oneOf<T extends string>(fields: Fields, key: string, allowed: readonly T[]): T {
  const v = fields[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new Invalid(`${key} must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

function record(value: unknown, what: string): Fields {
  if (!isRecord(value)) throw new Invalid(`${what} must be an object`);
  return value;
}

/** The most iterations one run may ask for; bounds what a crafted message can make the worker do. */
export const MAX_ITERATIONS = 100_000;
const MAX_RUN_ID = Number.MAX_SAFE_INTEGER;

function parseUi(f: Fields): UiToWorker {
  const type = oneOf<UiToWorkerType>(f, 'type', ['init', 'run', 'pause', 'step', 'cancel']);
  switch (type) {
    case 'init':
      return f.requestedBackend === undefined ? { type } : { type, requestedBackend: backend(f, 'requestedBackend') };
    case 'run':
      return {
        type,
        runId: int(f, 'runId', 0, MAX_RUN_ID),
        seed: int(f, 'seed', 0, 0xffffffff),
        iterations: int(f, 'iterations', 1, MAX_ITERATIONS),
      };
    case 'pause':
    case 'step':
    case 'cancel':
      return { type, runId: int(f, 'runId', 0, MAX_RUN_ID) };
    default:
      return assertNever(type);
  }
}

function parseTried(value: unknown, index: number): TriedBackend {
  const f = record(value, `tried[${index}]`);
  const base = { backend: backend(f, 'backend'), ok: bool(f, 'ok'), reason: str(f, 'reason') };
  return f.ms === undefined ? base : { ...base, ms: ms(f, 'ms') };
}

function parseVersions(value: unknown): Record<string, string> {
  const f = record(value, 'versions');
  const out: Record<string, string> = {};
  for (const key of Object.keys(f)) out[key] = str(f, key);
  return out;
}

function parseWorker(f: Fields): WorkerToUi {
  const type = oneOf<WorkerToUiType>(f, 'type', ['ready', 'error', 'log']);
  switch (type) {
    case 'ready': {
      const tried = f.tried;
      if (!Array.isArray(tried)) throw new Invalid('tried must be an array');
      const t = record(f.timings, 'timings');
      return {
        type,
        backend: backend(f, 'backend'),
        reason: str(f, 'reason'),
        tried: tried.map(parseTried),
        timings: { initMs: ms(t, 'initMs'), smokeMs: ms(t, 'smokeMs'), warmupMs: ms(t, 'warmupMs') },
        versions: parseVersions(f.versions),
      };
    }
    case 'error': {
      const detail = optStr(f, 'detail');
      const base = { type, code: oneOf(f, 'code', ERROR_CODES), message: str(f, 'message') };
      return detail === undefined ? base : { ...base, detail };
    }
    case 'log':
      return { type, level: oneOf(f, 'level', LOG_LEVELS), message: str(f, 'message') };
    default:
      return assertNever(type);
  }
}

function parseWith<T>(data: unknown, parse: (f: Fields) => T): Parsed<T> {
  if (!isRecord(data)) return fail('message must be an object');
  try {
    return { ok: true, value: parse(data) };
  } catch (e) {
    if (e instanceof Invalid) return fail(`${typeof data.type === 'string' ? data.type : 'message'}: ${e.message}`);
    throw e;
  }
}

/** Validates a message received by the worker; unknown extra fields are dropped. */
export function parseUiToWorker(data: unknown): Parsed<UiToWorker> {
  return parseWith(data, parseUi);
}

/** Validates a message received by the UI; unknown extra fields are dropped. */
export function parseWorkerToUi(data: unknown): Parsed<WorkerToUi> {
  return parseWith(data, parseWorker);
}
