import { describe, expect, it } from 'vitest';
import type { FrameMessage, IterationScalars, WorkerToUi } from '../worker/protocol';
import { DEFAULT_SETTINGS, keepUpTo, settingsForTask, useRunStore, type Trace } from './run-store';

describe('settingsForTask', () => {
  it("switches to the authors' UAE driver and back", () => {
    const u = settingsForTask({ ...DEFAULT_SETTINGS, target: 3, ae: 'conv' }, 'unsupervised');
    expect(u).toMatchObject({
      task: 'unsupervised',
      ae: 'conv',
      method: 'mine-uae',
      iters: 40,
      eps: 1,
      mineSteps: 20,
      // The same α as a task=unsupervised link (core's UAE_DEFAULTS: the authors' 0.01 stalls on the dense AE).
      alpha: 0.1,
      critic: 'lite',
      target: null,
    });
    const s = settingsForTask(u, 'supervised');
    expect(s).toMatchObject({
      task: 'supervised',
      method: 'minmax',
      iters: 300,
      alpha: 0.01,
      mineSteps: 1,
      ae: 'conv',
    });
    expect(settingsForTask(s, 'supervised')).toBe(s);
  });

  it('setTask clears the shown run and keeps the image', () => {
    const store = useRunStore.getState();
    store.setSettings(DEFAULT_SETTINGS);
    store.setTask('unsupervised');
    expect(useRunStore.getState().settings.method).toBe('mine-uae');
    expect(useRunStore.getState().status).toBe('idle');
    useRunStore.getState().setTask('supervised');
    expect(useRunStore.getState().settings.method).toBe('minmax');
  });
});

describe('a backend fallback in the trace', () => {
  const scalars = (t: number): IterationScalars => ({
    t,
    part: 'both',
    searchStep: 0,
    c: 0.1,
    f: 1,
    mi: 0.2,
    success: false,
    linf: 0.1,
    l2: 1,
    bestMi: null,
    predicted: 3,
  });
  const view = { probs: new Float32Array(10), maps: new Float32Array(0), k: 0, mapH: 0, mapW: 0 };
  const started = (resumedFrom?: number, backend: 'wasm' | 'cpu' = 'cpu'): WorkerToUi => ({
    type: 'run-started',
    runId: 9,
    backend,
    predictedClean: 3,
    clean: view,
    schedule: { method: 'minmax', iters: 300, searchSteps: 1 },
    options: {},
    ...(resumedFrom === undefined ? {} : { resumedFrom }),
  });
  const iterations = (from: number, to: number): WorkerToUi => ({
    type: 'iterations',
    runId: 9,
    records: Array.from({ length: to - from + 1 }, (_, i) => scalars(from + i)),
    deltas: new Float32Array((to - from + 1) * 784),
    numTensors: 0,
  });
  const ts = () => useRunStore.getState().trace.records.map((r) => r.t);

  it('a continued run keeps the iterations before the failure and goes on after them', () => {
    useRunStore.setState({ runId: 9 });
    const { apply } = useRunStore.getState();
    apply(started(undefined, 'wasm'));
    apply(iterations(1, 4));
    apply({ type: 'frame', runId: 9, t: 4, view, permutation: new Int32Array(0) });
    apply(started(4));
    apply(iterations(5, 7));
    const trace = useRunStore.getState().trace;
    expect(ts()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(trace.deltas).toHaveLength(7);
    expect(trace.frames.map((f) => f.index)).toEqual([3]);
    expect(useRunStore.getState().runBackend).toBe('cpu');
    // The run record tells which backend ran which iterations.
    expect(useRunStore.getState().runBackends).toEqual([
      { backend: 'wasm', fromIteration: 1 },
      { backend: 'cpu', fromIteration: 5 },
    ]);
  });

  it('a restart (no resumedFrom) starts the trace afresh', () => {
    useRunStore.setState({ runId: 9 });
    const { apply } = useRunStore.getState();
    apply(started());
    apply(iterations(1, 4));
    apply(started());
    expect(ts()).toEqual([]);
    expect(useRunStore.getState().runBackends).toEqual([{ backend: 'cpu', fromIteration: 1 }]);
    apply(iterations(1, 2));
    expect(ts()).toEqual([1, 2]);
  });

  it('keepUpTo drops a replayed iteration with its δ and frames', () => {
    const frame = {} as FrameMessage;
    const trace: Trace = {
      records: [1, 2, 3, 4].map(scalars),
      deltas: [1, 2, 3, 4].map(() => new Float32Array(784)),
      frames: [
        { index: 1, frame },
        { index: 3, frame },
      ],
    };
    keepUpTo(trace, 3);
    expect(trace.records.map((r) => r.t)).toEqual([1, 2, 3]);
    expect(trace.deltas).toHaveLength(3);
    expect(trace.frames.map((f) => f.index)).toEqual([1]);
    keepUpTo(trace, 0);
    expect(trace.records).toHaveLength(0);
    expect(trace.deltas).toHaveLength(0);
    expect(trace.frames).toHaveLength(0);
  });

  it('keepUpTo counts a penalty search over its steps', () => {
    // Two search steps of 3 iterations, then the first iteration of the third.
    const records = [0, 0, 0, 1, 1, 1, 2].map((searchStep, i) => ({ ...scalars((i % 3) + 1), searchStep }));
    const trace: Trace = { records, deltas: records.map(() => new Float32Array(784)), frames: [] };
    keepUpTo(trace, 5, 3);
    expect(trace.records.map((r) => [r.searchStep, r.t])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 1],
      [1, 2],
    ]);
    keepUpTo(trace, 0, 3);
    expect(trace.records).toHaveLength(0);
    expect(trace.deltas).toHaveLength(0);
    expect(trace.frames).toHaveLength(0);
  });
});
