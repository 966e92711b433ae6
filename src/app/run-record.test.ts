import { describe, expect, it } from 'vitest';
import type { IterationScalars } from '../worker/protocol';
import { dequantiseDelta, quantisationError, quantiseDelta } from './delta-codec';
import { runRecord } from './export-data';
import { parseRunRecord } from './run-record';
import { DEFAULT_SETTINGS, useRunStore, type RunStoreState } from './run-store';
import { emptyTrace } from './run-trace';

const N = 784;

/** A seeded δ: the same numbers every time. */
function deltaOf(seed: number, eps = 0.3): Float32Array {
  let s = seed * 2654435761;
  return Float32Array.from({ length: N }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return eps * (2 * (s / 2147483648) - 1);
  });
}

function scalars(t: number): IterationScalars {
  return {
    t,
    part: 'both',
    searchStep: 0,
    c: 0.1 * t,
    f: 2 - t,
    mi: 0.01 * t,
    success: t >= 3,
    linf: 0.3,
    l2: 4,
    bestMi: t >= 3 ? 0.01 * t : null,
    predicted: t >= 3 ? 2 : 7,
  };
}

/** A finished five-iteration MinMax run as the store holds it. */
function finishedRun(): RunStoreState {
  const trace = emptyTrace();
  for (let t = 1; t <= 5; t++) {
    trace.records.push(scalars(t));
    trace.deltas[t - 1] = deltaOf(t);
  }
  const image = {
    source: 'test' as const,
    index: 7,
    label: 7,
    pixels: Float32Array.from({ length: N }, (_, i) => (i % 29) / 28),
  };
  return {
    ...useRunStore.getState(),
    status: 'done',
    runImage: image,
    runSettings: { ...DEFAULT_SETTINGS, iters: 5, seed: 3 },
    runBackend: 'cpu',
    runBackends: [{ backend: 'cpu', fromIteration: 1 }],
    schedule: { method: 'minmax', iters: 5, searchSteps: 1 },
    options: { method: 'minmax', eps: 0.3, alpha: 0.01, c0: 0.001, semantics: 'paper' },
    trace,
    returnedIndex: 4,
    done: {
      type: 'done',
      runId: 1,
      summary: {
        success: true,
        failureReason: null,
        cancelled: false,
        firstSuccessIter: 3,
        miBest: 0.05,
        predictedClean: 7,
        predictedAdv: 2,
        linf: 0.3,
        l2: 4,
        f: -3,
        itersRun: 5,
        msPerIter: 12.5,
      },
      delta: deltaOf(5),
      adversarial: {
        probs: new Float32Array(10).fill(0.1),
        maps: new Float32Array(0),
        k: 0,
        mapH: 0,
        mapW: 0,
      },
      backend: 'cpu',
    },
  };
}

const VERSIONS = { '@tensorflow/tfjs-core': '4.22.0' };
const WHEN = '2026-11-29T02:50:00.000Z';
const exported = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(runRecord(finishedRun(), VERSIONS, 'http://x/?seed=3', null, WHEN))) as Record<
    string,
    unknown
  >;

describe('delta codec', () => {
  it('decodes within s/254 of every value, exactly at ±s and 0', () => {
    const d = deltaOf(11);
    d[5] = 0;
    const q = quantiseDelta(d);
    const back = dequantiseDelta(q, N);
    if (typeof back === 'string') throw new Error(back);
    const bound = quantisationError(q.scale);
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(back[i]! - d[i]!));
    expect(worst).toBeLessThanOrEqual(bound * (1 + 1e-6));
    expect(worst).toBeGreaterThan(bound / 2);
    expect(back[5]).toBe(0);
    expect(Math.max(...back.map(Math.abs))).toBeCloseTo(q.scale, 7);
  });

  it('codes an all-zero δ as scale 0', () => {
    const q = quantiseDelta(new Float32Array(N));
    expect(q.scale).toBe(0);
    expect(dequantiseDelta(q, N)).toEqual(new Float32Array(N));
  });
});

describe('parseRunRecord: a version-2 record', () => {
  it('reads back what the page exported: kept iterates within the quantisation, the returned δ exact', () => {
    const parsed = parseRunRecord(JSON.stringify(exported()));
    if (!parsed.ok) throw new Error(parsed.error);
    const run = parsed.run;
    expect(run.version).toBe(2);
    expect(run.recordedAt).toBe(WHEN);
    expect(run.trace).toHaveLength(5);
    expect(run.iterates.map((i) => i.index)).toEqual([0, 1, 2, 3, 4]);
    for (const it of run.iterates) {
      const truth = deltaOf(it.index + 1);
      const s = Math.max(...truth.map(Math.abs));
      for (let i = 0; i < N; i++)
        expect(Math.abs(it.delta[i]! - truth[i]!)).toBeLessThanOrEqual(quantisationError(s) * (1 + 1e-6));
    }
    expect(run.result?.delta).toEqual(deltaOf(5));
    expect(run.result?.recordIndex).toBe(4);
    expect(run.schedule).toEqual({ method: 'minmax', iters: 5, searchSteps: 1 });
  });

  it('reads NaN scalars (JSON null) back as NaN', () => {
    const r = exported();
    apply(r, ['trace.1.predicted', set(null)]);
    const parsed = parseRunRecord(JSON.stringify(r));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.run.trace[1]!.predicted).toBeNaN();
  });

  it('replays and re-exports the same record (apart from url and shown)', () => {
    const text = JSON.stringify(exported());
    const parsed = parseRunRecord(text);
    if (!parsed.ok) throw new Error(parsed.error);
    useRunStore.getState().openReplay(parsed.run, 'run.json');
    const s = useRunStore.getState();
    expect(s.replay?.fileName).toBe('run.json');
    expect(s.status).toBe('done');
    expect(s.returnedIndex).toBe(4);
    const again = runRecord(s, s.replay!.versions, 'http://x/?seed=3', null, s.replay!.recordedAt!);
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(text));
    // Run leaves the replay (start resets the shown run; no engine here, so it sends nothing).
    useRunStore.getState().resetRun();
    expect(useRunStore.getState().replay).toBeNull();
  });
});

describe('parseRunRecord: version 1', () => {
  it('opens a version-1 record (final δ only) and says so', () => {
    const r = exported();
    apply(r, ['version', set(1)]);
    for (const path of ['recordedAt', 'schedule', 'iterates', 'image.channels', 'result.recordIndex'])
      apply(r, [path, remove]);
    const parsed = parseRunRecord(JSON.stringify(r));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.run.iterates).toEqual([]);
    expect(parsed.run.recordedAt).toBeNull();
    expect(parsed.run.lost).toMatch(/only the returned δ/);
    expect(parsed.run.schedule.method).toBe('minmax');
  });
});

const DELETE = Symbol('delete');
/** A change at a dotted path ("trace.1.mi"): the new value from the old one, or DELETE. */
type Change = readonly [path: string, to: (old: unknown) => unknown];

function apply(r: Record<string, unknown>, [path, to]: Change): void {
  const keys = path.split('.');
  let at = r as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys.at(-1)!;
  const value = to(at[last]);
  if (value === DELETE) Reflect.deleteProperty(at, last);
  else at[last] = value;
}

const set = (v: unknown) => (): unknown => v;
const remove = (): unknown => DELETE;
const q = (i: number) => (r: Record<string, unknown>) =>
  (r.iterates as { items: { q: string }[] }).items[i]!.q;

/** Each check of the reader, broken once: the error names the first problem. */
const CORRUPT: readonly (readonly [
  string,
  string | Change | ((r: Record<string, unknown>) => Change),
  RegExp,
])[] = [
  ['truncated', '{"kind":"minmax-lab-run","version":2,"trace":[', /not valid JSON/],
  ['not JSON', 'PK\u0003\u0004 a zip file', /not valid JSON/],
  ['an array', '[1, 2]', /not an object/],
  ['a bare number', '1e999', /not an object/],
  ['another tool', '{"name":"x","version":"1.0.0"}', /kind is missing.*another tool/],
  ['wrong kind', ['kind', set('tensorboard')], /kind is "tensorboard"/],
  ['version 3', ['version', set(3)], /version 3 is not one this page reads/],
  ['no version', ['version', remove], /version missing/],
  ['url', ['url', set(5)], /url must be a string/],
  ['bad date', ['recordedAt', set('yesterday')], /recordedAt must be a date/],
  ['settings range', ['settings.eps', set(7)], /settings\.eps/],
  ['settings method', ['settings.method', set('fgsm')], /settings\.method must be one of/],
  ['engine options', ['engineOptions.eps', set([1])], /engineOptions\.eps must be a finite number/],
  ['schedule', ['schedule', remove], /schedule must be an object/],
  ['schedule method', ['schedule.method', set('pgd')], /schedule\.method pgd is not settings\.method/],
  ['backend', ['backend', set('tpu')], /backend must be one of/],
  ['backends', ['backends.0.fromIteration', set(0)], /backends\[0\]\.fromIteration/],
  ['versions', ['versions.x', set(1)], /versions\.x must be a string/],
  ['image missing', ['image', set(null)], /image must be an object/],
  ['channels', ['image.channels', set(3)], /image\.channels must be an integer in \[1, 1\]/],
  [
    'pixel count',
    ['image.pixels', (v) => (v as number[]).slice(1)],
    /image\.pixels must hold 784 numbers.*not 783/,
  ],
  ['pixel range', ['image.pixels.9', set(1.5)], /image\.pixels\[9\] must lie in \[0, 1\]/],
  ['pixel type', ['image.pixels.3', set('0.5')], /image\.pixels\[3\] must be a finite number/],
  ['label', ['image.label', set(10)], /image\.label/],
  ['result delta', ['result.delta', (v) => [...(v as number[]), 0]], /result\.delta must hold 784/],
  ['result summary', ['result.success', remove], /result\.success must be a boolean/],
  ['failure unexplained', ['result.success', set(false)], /failureReason/],
  ['record index', ['result.recordIndex', set(5)], /result\.recordIndex 5 names no trace record/],
  ['shown', ['shown', set({ input: 1 })], /shown\.input must be an object/],
  ['empty trace', ['trace', set([])], /trace must be a non-empty array/],
  ['trace type', ['trace.1.mi', set('high')], /trace\[1\]\.mi must be a finite number/],
  ['trace part', ['trace.0.part', set('all')], /trace\[0\]\.part must be one of/],
  [
    'trace order',
    [
      'trace',
      (v) => {
        const t = (v as unknown[]).slice();
        [t[1], t[2]] = [t[2], t[1]];
        return t;
      },
    ],
    /trace\[2\].*out of order/,
  ],
  ['encoding', ['iterates.encoding', set('png')], /iterates\.encoding must be one of int8-scaled/],
  ['iterates length', ['iterates.length', set(785)], /iterates\.length must be an integer in \[784, 784\]/],
  ['index range', ['iterates.items.4.index', set(9)], /iterates\.items\[4\]\.index 9 names no trace record/],
  ['iterate order', ['iterates.items.2.index', set(1)], /iterates\.items\[2\]\.index 1 is not after 1/],
  ['scale', ['iterates.items.0.scale', set(-1)], /iterates\.items\[0\]\.scale must not be negative/],
  ['base64', ['iterates.items.1.q', set('not base64!')], /iterates\.items\[1\]\.q is not base64/],
  ['q length', (r) => ['iterates.items.1.q', set(q(1)(r).slice(8))], /decodes to 778 bytes, not 784/],
  ['q −128', (r) => ['iterates.items.3.q', set(`gA${q(3)(r).slice(2)}`)], /holds −128 at 0/],
];

describe('parseRunRecord refuses', () => {
  it.each(CORRUPT)('%s', (_name, edit, error) => {
    let text: string;
    if (typeof edit === 'string') text = edit;
    else {
      const r = exported();
      apply(r, typeof edit === 'function' ? edit(r) : edit);
      text = JSON.stringify(r);
    }
    const parsed = parseRunRecord(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it('a number beyond double range (Infinity once parsed) inside the trace', () => {
    const r = exported();
    apply(r, ['trace.0.l2', set('INF')]);
    const text = JSON.stringify(r).replace('"INF"', '1e999');
    const parsed = parseRunRecord(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/trace\[0\]\.l2 must be a finite number/);
  });
});
