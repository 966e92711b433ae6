/**
 * The resumable state of a run and the loop over its units. A unit (one method on one sample, or one
 * autoencoder's rows) is either finished and kept, or dropped and redone: a cancel stops at the next
 * unit boundary, so the state never holds half a unit, and a resumed run gives the rows an
 * uninterrupted one would (every unit draws from its own seed).
 */
import { KindedError } from '../../errors';
import {
  EXPERIMENT_NAMES,
  SCALE_NAMES,
  STATE_FORMAT,
  type ExperimentName,
  type ReproduceHooks,
  type ReproduceState,
  type ScaleName,
} from './types';

/** Every unit carries its key (unique in a run) and the seconds it took (timing, never in rows). */
export interface UnitBase {
  key: string;
  seconds: number;
}

const corrupt = (why: string) =>
  new KindedError('invalid-input', `the partial result cannot be read: ${why}`);

/** Checks the shape of a state read from a file (anything JSON.parse returned). */
export function parseState(value: unknown): ReproduceState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt('not a JSON object');
  const s = value as Record<string, unknown>;
  if (s.format !== STATE_FORMAT)
    throw corrupt(`format is ${JSON.stringify(s.format)}, expected ${STATE_FORMAT}`);
  if (!EXPERIMENT_NAMES.includes(s.name as ExperimentName))
    throw corrupt(`unknown experiment ${JSON.stringify(s.name)}`);
  if (!SCALE_NAMES.includes(s.scale as ScaleName)) throw corrupt(`unknown scale ${JSON.stringify(s.scale)}`);
  if (!Number.isInteger(s.seed) || (s.seed as number) < 0) throw corrupt('seed is not a whole number');
  if (!(typeof s.seconds === 'number' && Number.isFinite(s.seconds) && s.seconds >= 0))
    throw corrupt('seconds is not a finite number');
  if (s.backend !== undefined && typeof s.backend !== 'string') throw corrupt('backend is not a name');
  if (!Array.isArray(s.units)) throw corrupt('units is not a list');
  const keys = new Set<string>();
  for (const u of s.units) {
    const unit = u as Partial<UnitBase> | null;
    if (typeof unit !== 'object' || unit === null || typeof unit.key !== 'string')
      throw corrupt('a unit has no key');
    if (typeof unit.seconds !== 'number' || !Number.isFinite(unit.seconds))
      throw corrupt(`unit ${unit.key} has no time`);
    if (keys.has(unit.key)) throw corrupt(`unit ${unit.key} appears twice`);
    keys.add(unit.key);
  }
  return s as unknown as ReproduceState;
}

/** A fresh state, or `resume` after checking that it was made by the same run. */
export function startState(
  name: ExperimentName,
  scale: ScaleName,
  seed: number,
  backend: string,
  settings: unknown,
  resume?: ReproduceState,
): ReproduceState {
  if (!resume) return { format: STATE_FORMAT, name, scale, seed, backend, settings, units: [], seconds: 0 };
  const refuse = (what: string) =>
    new KindedError(
      'usage',
      `the partial result was made with ${what}; resume it with the same ones, or start over without --resume`,
    );
  if (resume.name !== name) throw refuse(`experiment ${resume.name}, not ${name}`);
  if (resume.scale !== scale) throw refuse(`--scale ${resume.scale}, not ${scale}`);
  if (resume.seed !== seed) throw refuse(`--seed ${resume.seed}, not ${seed}`);
  // Backends differ in their last bits: a run continued on another would mix two computations.
  if (resume.backend !== undefined && resume.backend !== backend)
    throw refuse(`--backend ${resume.backend}, not ${backend}`);
  const was = JSON.stringify(resume.settings);
  const now = JSON.stringify(settings);
  if (was !== now) throw refuse(`other settings (${differences(resume.settings, settings)})`);
  return { ...structuredClone(resume), backend };
}

/** "n 4 → 2, iters 100 → 10": the settings that differ, for the refusal. */
function differences(was: unknown, now: unknown, prefix = ''): string {
  if (typeof was !== 'object' || typeof now !== 'object' || was === null || now === null)
    return `${prefix || 'settings'} ${JSON.stringify(was)} → ${JSON.stringify(now)}`;
  const a = was as Record<string, unknown>;
  const b = now as Record<string, unknown>;
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push(differences(a[k], b[k], prefix + k));
  return out.join(', ');
}

export interface PlannedUnit<U extends UnitBase> {
  key: string;
  /** 0-based sample (or autoencoder) index and the method, for progress. */
  sample: number;
  method: string;
  /** The cost model's milliseconds, for the ETA. */
  costMs: number;
  /** Runs the unit; null when it was cancelled (it is then dropped). `tick` reports progress inside it. */
  run: (tick: (message: string) => void) => Promise<Omit<U, 'key' | 'seconds'> | null>;
  /** A line for the progress log, from the finished unit. */
  describe: (u: U) => string;
}

/**
 * Runs the units of `plan` that `state` does not hold yet, in order, appending each finished one.
 * Returns whether every unit of the plan is in the state at the end.
 */
export async function runUnits<U extends UnitBase>(
  plan: readonly PlannedUnit<U>[],
  state: ReproduceState,
  samples: number,
  hooks: ReproduceHooks,
): Promise<boolean> {
  const done = new Set((state.units as U[]).map((u) => u.key));
  const todo = plan.filter((p) => !done.has(p.key));
  const total = plan.length;
  let finished = plan.length - todo.length;
  let costDone = 0;
  const costLeft = () => todo.reduce((s, p) => s + (done.has(p.key) ? 0 : p.costMs), 0);
  const started = performance.now();
  let eta: number | null = null;
  await hooks.onState?.(state);
  for (const p of todo) {
    // A unit's tensor work resolves as microtasks only (wasm's data() never waits for the event
    // loop): without this turn of the loop a host's cancel (a SIGINT, a worker message) would not be
    // heard until the whole run ended.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (hooks.signal?.aborted) return false;
    const t0 = performance.now();
    // Progress on this unit: within it (the unit's own messages), then once at its end.
    const report = (message: string, elapsedSeconds = (performance.now() - started) / 1000) =>
      hooks.onProgress?.({
        done: finished,
        total,
        sample: p.sample,
        samples,
        method: p.method,
        elapsedSeconds,
        etaSeconds: eta,
        message,
      });
    const out = await p.run((message) => report(message));
    if (out === null || hooks.signal?.aborted) return false;
    const unit = { ...out, key: p.key, seconds: (performance.now() - t0) / 1000 } as U;
    state.units.push(unit);
    state.seconds += unit.seconds;
    done.add(p.key);
    finished++;
    costDone += p.costMs;
    const elapsed = (performance.now() - started) / 1000;
    eta = costDone > 0 ? (elapsed * costLeft()) / costDone : null;
    await hooks.onState?.(state);
    report(p.describe(unit), elapsed);
  }
  return true;
}

/** Seconds per method (or autoencoder) over the finished units. */
export function timingBy<U extends UnitBase>(
  units: readonly U[],
  by: (u: U) => string,
): Record<string, number> {
  const t: Record<string, number> = {};
  for (const u of units) t[by(u)] = (t[by(u)] ?? 0) + u.seconds;
  return t;
}
