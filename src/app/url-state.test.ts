import { describe, expect, it } from 'vitest';
import {
  DEFAULT_URL_STATE,
  URL_FIELDS,
  URL_SCHEMA_VERSION,
  defaultsFor,
  parseUrlState,
  serializeUrlState,
  type UrlState,
} from './url-state';
import { experimentFromUrl, settingsFromUrl, urlFromSettings, viewFromUrl } from './url-settings';
import { DEFAULT_EXPERIMENT } from './experiment-store';

describe('URL state', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseUrlState('')).toEqual({ state: DEFAULT_URL_STATE, problems: [] });
  });

  it('round-trips every field', () => {
    const state: UrlState = {
      task: 'supervised',
      ae: 'conv',
      dataset: 'mnist',
      index: 7,
      method: 'pgd',
      eps: 0.3,
      alpha: 0.02,
      beta: 0.2,
      iters: 200,
      c0: 0.5,
      kappa: 1.5,
      target: 3,
      seed: 4294967295,
      critic: 'paper',
      mineLr: 2e-5,
      mineSteps: 20,
      preset: 'reference',
      backend: 'cpu',
      present: true,
      hide: ['engine', 'maps'],
      expAe: 'conv',
      expMethods: ['l2-uae', 'ga:0.001'],
      expTrain: 5000,
      expEpochs: 3,
      expTest: 10000,
      expSeed: 0,
      expIters: 1000,
      expMineSteps: 100,
    };
    const search = serializeUrlState(state);
    expect(search).toContain(`v=${URL_SCHEMA_VERSION}`);
    expect(parseUrlState(search)).toEqual({ state, problems: [] });
    expect(parseUrlState(serializeUrlState(DEFAULT_URL_STATE)).state).toEqual(DEFAULT_URL_STATE);
  });

  it('reads the issue example', () => {
    const { state, problems } = parseUrlState(
      '?dataset=mnist&index=7&method=minmax&eps=1&iters=200&seed=1&critic=lite&backend=cpu',
    );
    expect(problems).toEqual([]);
    expect(state).toMatchObject({
      dataset: 'mnist',
      index: 7,
      method: 'minmax',
      eps: 1,
      iters: 200,
      seed: 1,
      critic: 'lite',
      backend: 'cpu',
    });
  });

  it('clamps out-of-range numbers and reports each', () => {
    const { state, problems } = parseUrlState('?eps=5&iters=-3&index=20000&seed=1.7&beta=-1');
    expect(state.eps).toBe(1);
    expect(state.iters).toBe(1);
    expect(state.index).toBe(9999);
    expect(state.seed).toBe(2);
    expect(state.beta).toBe(0);
    expect(problems.map((p) => p.key).sort()).toEqual(['beta', 'eps', 'index', 'iters', 'seed']);
    expect(problems.find((p) => p.key === 'eps')?.message).toMatch(/eps=5 is outside \[0, 1\]; using 1/);
  });

  it('replaces garbage with defaults and says so', () => {
    const { state, problems } = parseUrlState(
      '?eps=abc&method=fgsm&critic=&iters=&index=1e400&dataset=cifar&v=9&unknown=1',
    );
    expect(state.eps).toBe(DEFAULT_URL_STATE.eps);
    expect(state.method).toBe('minmax');
    expect(state.critic).toBe('auto');
    expect(state.iters).toBe(DEFAULT_URL_STATE.iters);
    expect(state.index).toBe(DEFAULT_URL_STATE.index);
    expect(state.dataset).toBe('mnist');
    const keys = problems.map((p) => p.key);
    for (const k of ['eps', 'method', 'critic', 'iters', 'index', 'dataset', 'v']) expect(keys).toContain(k);
    expect(keys).not.toContain('unknown');
    // Long hostile values are quoted shortened.
    expect(parseUrlState(`?method=${'x'.repeat(500)}`).problems[0]!.message.length).toBeLessThan(200);
  });

  it('accepts enum values in any case and with spaces', () => {
    expect(parseUrlState('?method=%20PGD%20&backend=WASM').state).toMatchObject({
      method: 'pgd',
      backend: 'wasm',
    });
  });

  it('declares a default inside the limits for every number field', () => {
    for (const [key, field] of Object.entries(URL_FIELDS)) {
      const v = DEFAULT_URL_STATE[key as keyof UrlState];
      if (field.kind === 'enum') expect(field.values).toContain(v);
      else if (field.kind === 'bool') expect(typeof v).toBe('boolean');
      else if (field.kind === 'set') for (const name of v as string[]) expect(field.values).toContain(name);
      else {
        expect(v).toBeGreaterThanOrEqual(field.min);
        expect(v).toBeLessThanOrEqual(field.max);
      }
    }
  });

  it('reads the unsupervised task with its own defaults', () => {
    const { state, problems } = parseUrlState('?task=unsupervised&ae=dense&iters=5&backend=wasm&seed=1');
    expect(problems).toEqual([]);
    expect(state).toMatchObject({
      task: 'unsupervised',
      ae: 'dense',
      method: 'mine-uae',
      iters: 5,
      eps: 1,
      mineSteps: 20,
      alpha: 0.1,
      critic: 'paper',
      backend: 'wasm',
      seed: 1,
    });
    expect(parseUrlState('?task=unsupervised').state).toEqual(defaultsFor('unsupervised'));
    expect(parseUrlState('?task=unsupervised&method=l2-uae&mineSteps=3').state).toMatchObject({
      method: 'l2-uae',
      mineSteps: 3,
    });
  });

  it('keeps old links supervised, with the dense AE as the unused default', () => {
    const { state, problems } = parseUrlState('?index=7&method=pgd&iters=12');
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ task: 'supervised', ae: 'dense', method: 'pgd', iters: 12, mineSteps: 1 });
  });

  it('replaces a bad task or ae, and a method of the other task', () => {
    const bad = parseUrlState('?task=clustering&ae=vae');
    expect(bad.state.task).toBe('supervised');
    expect(bad.state.ae).toBe('dense');
    expect(bad.problems.map((p) => p.key).sort()).toEqual(['ae', 'task']);
    const mixed = parseUrlState('?task=unsupervised&method=pgd');
    expect(mixed.state.method).toBe('mine-uae');
    expect(mixed.problems).toHaveLength(1);
    expect(mixed.problems[0]!.message).toContain('does not attack the unsupervised task');
    const other = parseUrlState('?method=l2-uae');
    expect(other.state.method).toBe('minmax');
    expect(other.problems[0]!.key).toBe('method');
  });

  it('round-trips an unsupervised state', () => {
    const state: UrlState = { ...defaultsFor('unsupervised'), ae: 'adversarial', method: 'l2-uae', iters: 7 };
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, problems: [] });
  });

  it('reads presentation mode and the hidden panels, readable in the link', () => {
    const { state, problems } = parseUrlState('?present=1&hide=share,Engine,%20maps');
    expect(problems).toEqual([]);
    expect(state.present).toBe(true);
    // Declaration order, whatever the link's.
    expect(state.hide).toEqual(['engine', 'share', 'maps']);
    const search = serializeUrlState(state);
    expect(search).toContain('present=1');
    expect(search).toContain('hide=engine,share,maps');
    expect(search).toContain('expMethods=mine-uae,l2-uae,ga:0.01,ga:0.001');
    for (const word of ['true', 'yes', 'on', 'TRUE'])
      expect(parseUrlState(`?present=${word}`).state.present).toBe(true);
    for (const word of ['0', 'false', 'no', 'off'])
      expect(parseUrlState(`?present=${word}`).state.present).toBe(false);
    expect(parseUrlState('?hide=').state.hide).toEqual([]);
  });

  it('reports garbage in the boolean and list fields, keeping what it can', () => {
    const { state, problems } = parseUrlState(
      '?present=maybe&hide=share,sidebar,,share,<script>&expMethods=fgsm,l2-uae',
    );
    expect(state.present).toBe(false);
    expect(state.hide).toEqual(['share']);
    expect(state.expMethods).toEqual(['l2-uae']);
    expect(problems.map((p) => p.key).sort()).toEqual(['expMethods', 'hide', 'present']);
    expect(problems.find((p) => p.key === 'hide')!.message).toMatch(/sidebar, <script> are not among engine/);
    expect(problems.find((p) => p.key === 'present')!.message).toContain('using 0');
    // A long hostile list is quoted shortened.
    expect(parseUrlState(`?hide=${'x,'.repeat(500)}`).problems[0]!.message.length).toBeLessThan(300);
  });

  it('round-trips the experiment settings and clamps or replaces bad ones', () => {
    const state: UrlState = {
      ...DEFAULT_URL_STATE,
      expAe: 'adversarial',
      expMethods: ['mine-uae'],
      expTrain: 250,
      expEpochs: 7,
      expTest: 500,
      expSeed: 42,
      expIters: 20,
      expMineSteps: 2,
    };
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, problems: [] });
    const bad = parseUrlState(
      '?expAe=vae&expTrain=999999&expEpochs=0&expTest=abc&expSeed=-1&expIters=2.5&expMineSteps=1e9&expMethods=',
    );
    expect(bad.state).toMatchObject({
      expAe: DEFAULT_URL_STATE.expAe,
      expTrain: 5000,
      expEpochs: 1,
      expTest: DEFAULT_URL_STATE.expTest,
      expSeed: 0,
      expIters: 3,
      expMineSteps: 100,
      // An empty list is a valid choice; the panel says to pick a method.
      expMethods: [],
    });
    expect(bad.problems.map((p) => p.key).sort()).toEqual([
      'expAe',
      'expEpochs',
      'expIters',
      'expMineSteps',
      'expSeed',
      'expTest',
      'expTrain',
    ]);
  });

  it('reads a version-1 link without a complaint, and the new fields at their defaults', () => {
    const { state, problems } = parseUrlState('?v=1&index=3&iters=20');
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ index: 3, iters: 20, present: false, hide: [], expTrain: 100 });
    expect(parseUrlState('?v=3').problems.map((p) => p.key)).toEqual(['v']);
  });

  it('carries the experiment panel and the layout through the share link', () => {
    const base = parseUrlState('?iters=12').state;
    const experiment = {
      ...DEFAULT_EXPERIMENT,
      ae: 'sparse' as const,
      methods: ['ga:0.01' as const],
      train: 7,
    };
    const view = { present: true, hide: ['maps' as const] };
    const settings = settingsFromUrl(base, 'lite');
    const url = urlFromSettings(settings, null, 'auto', 'auto', view, experiment);
    const back = parseUrlState(serializeUrlState(url));
    expect(back.problems).toEqual([]);
    expect(experimentFromUrl(back.state)).toEqual(experiment);
    expect(viewFromUrl(back.state)).toEqual(view);
    // The defaults on both sides agree: a plain link gives the panel's defaults.
    expect(experimentFromUrl(DEFAULT_URL_STATE)).toEqual(DEFAULT_EXPERIMENT);
  });
});
