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
      critic: 'lite',
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
});
