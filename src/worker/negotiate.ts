/**
 * Backend choice, kept apart from tfjs and the browser so its rules can be tested with a fake probe.
 * The rule: fastest first (webgpu → webgl → wasm → cpu), but a backend only counts once it has run
 * the engine's own ops correctly, and a software-emulated GPU is passed over because on a machine
 * without a GPU it is several times slower than wasm (see PLATFORM.md).
 */
import type { BackendName, BackendTimings, TriedBackend } from './protocol';
import { BACKEND_NAMES } from './protocol';

export type Inspection =
  | { readonly available: false; readonly reason: string }
  /** software: a description of the emulating renderer or adapter, when the GPU is not real. */
  | { readonly available: true; readonly software?: string; readonly detail?: string };

/** What negotiation needs from the platform; each step may throw or reject to mean "failed". */
export interface BackendProbe {
  /** Looks at the platform without touching tfjs state: is there a context/adapter, is it real? */
  inspect(name: BackendName): Promise<Inspection>;
  /** Makes it the active tfjs backend; false when it cannot initialise. */
  activate(name: BackendName): Promise<boolean>;
  /** Runs the engine's ops on small inputs and throws unless the results are finite and right. */
  smokeTest(): Promise<void>;
  /** Runs them once at working size so the first real iteration does not pay for compilation. */
  warmUp(): Promise<void>;
  /** Frees a backend that failed, so a half-initialised GPU context does not linger. */
  release(name: BackendName): void;
  now(): number;
}

export interface Chosen {
  readonly ok: true;
  readonly backend: BackendName;
  readonly reason: string;
  readonly tried: readonly TriedBackend[];
  readonly timings: BackendTimings;
  /** Set when a requested backend failed and another was chosen instead. */
  readonly requestedFailure?: { readonly backend: BackendName; readonly reason: string };
}

export interface NoneWorked {
  readonly ok: false;
  readonly tried: readonly TriedBackend[];
  readonly requestedFailure?: { readonly backend: BackendName; readonly reason: string };
}

export type Negotiation = Chosen | NoneWorked;

export type Progress = (message: string) => void;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Attempt =
  | { readonly ok: true; readonly timings: BackendTimings; readonly software?: string }
  /** short: a few words for the chosen backend's summary; reason: the full account. */
  | { readonly ok: false; readonly short: string; readonly reason: string; readonly ms?: number };

async function attempt(
  probe: BackendProbe,
  name: BackendName,
  forced: boolean,
  progress: Progress,
): Promise<Attempt> {
  let inspection: Inspection;
  try {
    inspection = await probe.inspect(name);
  } catch (e) {
    return { ok: false, short: 'unavailable', reason: `could not be inspected: ${message(e)}` };
  }
  if (!inspection.available) return { ok: false, short: 'unavailable', reason: inspection.reason };
  if (inspection.software !== undefined && !forced) {
    return {
      ok: false,
      short: 'software-emulated',
      reason: `skipped: software emulation (${inspection.software}) is slower than wasm`,
    };
  }

  const start = probe.now();
  const elapsed = (): number => Math.round(probe.now() - start);
  const failed = (short: string, reason: string): Attempt => {
    try {
      probe.release(name);
    } catch {
      // Releasing is best effort: the backend is abandoned either way.
    }
    return { ok: false, short, reason, ms: elapsed() };
  };

  progress(`initialising ${name}`);
  try {
    if (!(await probe.activate(name))) return failed('failed to initialise', 'failed to initialise');
  } catch (e) {
    return failed('failed to initialise', `failed to initialise: ${message(e)}`);
  }
  const initMs = elapsed();

  progress(`smoke-testing ${name}`);
  try {
    await probe.smokeTest();
  } catch (e) {
    return failed('failed the smoke test', `failed the smoke test: ${message(e)}`);
  }
  const smokeMs = elapsed() - initMs;

  progress(`warming up ${name}`);
  try {
    await probe.warmUp();
  } catch (e) {
    return failed('failed the warm-up', `failed the warm-up: ${message(e)}`);
  }
  const warmupMs = elapsed() - initMs - smokeMs;
  const timings = { initMs, smokeMs, warmupMs };
  return inspection.software === undefined
    ? { ok: true, timings }
    : { ok: true, timings, software: inspection.software };
}

function chosenReason(forced: boolean, software: string | undefined, passedOver: readonly string[]): string {
  const passed = 'passed the smoke test';
  if (forced) {
    return software === undefined
      ? `requested in the URL; ${passed}`
      : `requested in the URL; runs on software emulation (${software}); ${passed}`;
  }
  if (passedOver.length === 0) return `fastest backend; ${passed}`;
  return `${passed}; passed over ${passedOver.join(', ')}`;
}

/**
 * Tries the backends in order and returns the first that works. A requested backend goes first and
 * is exempt from the software skip; if it fails, automatic order continues and the result says so.
 */
export async function negotiate(
  probe: BackendProbe,
  requested?: BackendName,
  progress: Progress = () => undefined,
): Promise<Negotiation> {
  const order: BackendName[] =
    requested === undefined
      ? [...BACKEND_NAMES]
      : [requested, ...BACKEND_NAMES.filter((b) => b !== requested)];
  const tried: TriedBackend[] = [];
  const passedOver: string[] = [];
  let requestedFailure: { backend: BackendName; reason: string } | undefined;

  for (const name of order) {
    const forced = name === requested;
    const result = await attempt(probe, name, forced, progress);
    if (!result.ok) {
      tried.push(
        result.ms === undefined
          ? { backend: name, ok: false, reason: result.reason }
          : { backend: name, ok: false, reason: result.reason, ms: result.ms },
      );
      if (forced) requestedFailure = { backend: name, reason: result.reason };
      else passedOver.push(`${name} (${result.short})`);
      continue;
    }
    const { initMs, smokeMs, warmupMs } = result.timings;
    let reason = chosenReason(forced, result.software, passedOver);
    if (requestedFailure !== undefined)
      reason = `requested ${requestedFailure.backend} failed, fell back: ${reason}`;
    tried.push({ backend: name, ok: true, reason: 'chosen', ms: initMs + smokeMs + warmupMs });
    return requestedFailure === undefined
      ? { ok: true, backend: name, reason, tried, timings: result.timings }
      : { ok: true, backend: name, reason, tried, timings: result.timings, requestedFailure };
  }
  return requestedFailure === undefined ? { ok: false, tried } : { ok: false, tried, requestedFailure };
}
