/**
 * The worker's run (run.ts) on real tfjs models, and the ?fault= hook (fault.ts) wrapped around it:
 * an injected fault fails the named iteration through the paths a real failure takes (the iteration
 * check's divergence, or tfjs's missing-kernel error), after every earlier iteration reached the UI;
 * a run the fault does not reach posts exactly what an unwrapped run posts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { wrapAutoencoder, type AttackedAutoencoder } from '../core/attacks/autoencoder-target';
import { DEFAULT_ATTACK_OPTIONS } from '../core/attacks/options';
import { trackerFor } from '../core/attacks/resume';
import { initBackend } from '../core/backend';
import { KindedError } from '../core/errors';
import { wrapClassifier, type AttackedClassifier } from '../core/models/attacked-classifier';
import { tinyConvAutoencoder } from '../core/testing/tiny-autoencoders';
import { barImage, tinyClassifier } from '../core/testing/tiny-classifier';
import { faultWrapper } from './fault';
import type { FaultSpec, IterationScalars, Method, RunMessage, WorkerToUi } from './protocol';
import { executeRun, settingsToOptions, type AttackedModel } from './run';
import { RunControl } from './run-control';

let clf: AttackedClassifier;
let ae: AttackedAutoencoder;

beforeAll(async () => {
  await initBackend('wasm');
  clf = wrapClassifier(tinyClassifier());
  ae = wrapAutoencoder(tinyConvAutoencoder());
});

function runMessage(method: Method, iters: number): RunMessage {
  const task = method === 'mine-uae' || method === 'l2-uae' ? 'unsupervised' : 'supervised';
  const { beta, c0, kappa, target, mineLr, mineSteps, semantics } = DEFAULT_ATTACK_OPTIONS;
  return {
    type: 'run',
    runId: 1,
    paused: false,
    image: { source: 'test', index: 0, label: 3, pixels: barImage() },
    // The app's defaults (limits.ts), but short runs on a small ε box with the lite critic.
    settings: {
      task,
      ae: 'conv',
      method,
      eps: 0.3,
      alpha: 0.05,
      beta,
      c0,
      iters,
      kappa,
      target,
      seed: 3,
      critic: 'lite',
      mineLr,
      mineSteps,
      bound: 'dv',
      smileTau: 5,
      semantics,
    },
  };
}

interface Outcome {
  readonly messages: WorkerToUi[];
  readonly records: IterationScalars[];
  readonly error: unknown;
}

/** Runs `method` to its end or failure on wasm, with the fault armed for wasm (or none). */
async function run(method: Method, iters: number, fault: FaultSpec | null): Promise<Outcome> {
  const msg = runMessage(method, iters);
  const opts = settingsToOptions(msg);
  const model: AttackedModel =
    msg.settings.task === 'unsupervised' ? { autoencoder: ae } : { classifier: clf };
  const armed = fault === null ? null : { spec: fault, backend: 'wasm' as const };
  const attempt = {
    backend: 'wasm' as const,
    from: null,
    tracker: trackerFor(method, opts),
    wrap: faultWrapper(armed, 'wasm', opts.iters),
  };
  const messages: WorkerToUi[] = [];
  let error: unknown = null;
  try {
    await executeRun(msg, opts, new RunControl(false), model, attempt, (m) => {
      // Cloned as postMessage would, before the transfer lists detach anything.
      messages.push(structuredClone(m));
    });
  } catch (e) {
    error = e;
  }
  const records = messages.flatMap((m) => (m.type === 'iterations' ? m.records : []));
  return { messages, records, error };
}

/** The first message of a type (a run's first frame is posted with its first record, whatever the timing). */
function first<T extends WorkerToUi['type']>(o: Outcome, type: T): Extract<WorkerToUi, { type: T }> {
  const m = o.messages.find((x) => x.type === type);
  if (m === undefined) throw new Error(`no ${type} message`);
  return m as Extract<WorkerToUi, { type: T }>;
}

describe('the ?fault= wrapper around a run', () => {
  it('"nan" fails the iteration as a divergence, after every earlier one was posted', async () => {
    const healthy = await run('minmax', 6, null);
    const faulted = await run('minmax', 6, { kind: 'nan', at: 3 });
    expect(healthy.error).toBeNull();
    expect(healthy.records.map((r) => r.t)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(faulted.error).toBeInstanceOf(KindedError);
    const e = faulted.error as KindedError;
    expect(e.kind).toBe('diverged');
    expect(e.details).toEqual({ iteration: 3 });
    expect(e.message).toMatch(/^iteration 3 produced a non-finite value \(f = NaN, I = NaN, c = /);
    // Iterations 1 and 2 reached the UI unchanged; the run never reported done.
    expect(faulted.records).toEqual(healthy.records.slice(0, 2));
    expect(faulted.messages.some((m) => m.type === 'done')).toBe(false);
  });

  it('"kernel" calls a kernel the backend does not register', async () => {
    const faulted = await run('pgd', 6, { kind: 'kernel', at: 2 });
    expect(String(faulted.error)).toContain("Kernel 'InjectedFault' not registered for backend 'wasm'");
    expect(faulted.records.map((r) => r.t)).toEqual([1]);
  });

  it('counts the iteration over all of a binary search’s steps', async () => {
    // 3 iterations per search step: the 5th overall is the 2nd of step 2.
    const faulted = await run('penalty', 3, { kind: 'nan', at: 5 });
    const e = faulted.error as KindedError;
    expect(e.details).toEqual({ iteration: 5, searchStep: 2 });
    expect(e.message).toMatch(/^iteration 2 of search step 2 produced a non-finite value/);
    expect(faulted.records.map((r) => [r.searchStep, r.t])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 1],
    ]);
  });

  it('fails an autoencoder run alike', async () => {
    const faulted = await run('mine-uae', 4, { kind: 'nan', at: 2 });
    expect((faulted.error as KindedError).details).toEqual({ iteration: 2 });
    expect(faulted.records.map((r) => r.t)).toEqual([1]);
  });

  it('a run the fault does not reach posts what an unwrapped run posts (its shuffle too)', async () => {
    const healthy = await run('minmax', 4, null);
    const wrapped = await run('minmax', 4, { kind: 'nan', at: 99 });
    expect(wrapped.error).toBeNull();
    expect(wrapped.records).toEqual(healthy.records);
    const frame = first(wrapped, 'frame');
    expect(frame).toEqual(first(healthy, 'frame'));
    // The MinMax critic's shuffle of the K = 8 maps, read through the wrapper.
    expect(frame.permutation).toHaveLength(8);
    expect({ ...first(wrapped, 'done'), summary: null }).toEqual({
      ...first(healthy, 'done'),
      summary: null,
    });
  });

  it('is armed for the negotiated backend only', () => {
    const armed = { spec: { kind: 'nan', at: 1 } as const, backend: 'wasm' as const };
    expect(faultWrapper(armed, 'cpu', 10)).toBeUndefined();
    expect(faultWrapper(null, 'wasm', 10)).toBeUndefined();
    expect(faultWrapper(armed, 'wasm', 10)).toBeTypeOf('function');
  });
});

describe('a run', () => {
  it('of a classifier reports its classes; of an autoencoder, its reconstructions', async () => {
    const supervised = await run('pgd', 3, null);
    const unsupervised = await run('l2-uae', 2, null);
    const s = first(supervised, 'run-started');
    expect(s.predictedClean).toBeGreaterThanOrEqual(0);
    expect(s.clean.recon).toBeUndefined();
    expect(s.options).toMatchObject({ method: 'pgd', iters: 3 });
    const u = first(unsupervised, 'run-started');
    expect(u.predictedClean).toBe(-1);
    expect(u.clean.recon).toHaveLength(784);
    expect(u.options).toMatchObject({ method: 'l2-uae', task: 'unsupervised', ae: 'conv', iters: 2 });
    const sd = first(supervised, 'done').summary;
    expect(sd.predictedAdv).toBeGreaterThanOrEqual(0);
    expect(sd.reconClean).toBeUndefined();
    const ud = first(unsupervised, 'done');
    expect(ud.summary.predictedAdv).toBeNaN();
    expect(ud.summary.reconAdv).toBeGreaterThan(0);
    expect(ud.adversarial.recon).toHaveLength(784);
  });

  it('refuses a method that does not attack the model it is given', async () => {
    const msg = runMessage('pgd', 2);
    const attempt = { backend: 'wasm' as const, from: null, tracker: null };
    await expect(
      executeRun(msg, settingsToOptions(msg), new RunControl(false), { autoencoder: ae }, attempt, () => {}),
    ).rejects.toThrow('pgd does not attack an autoencoder');
  });
});
