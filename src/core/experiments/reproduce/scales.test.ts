/** Scales, overrides and the resumable state's checks (no models: pure functions). */
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { expectedSeconds, SCALES, settingsFor } from './scales';
import { parseState, startState } from './state';
import { EXPERIMENT_NAMES, STATE_FORMAT } from './types';

describe('scales', () => {
  it('every experiment has the three scales, growing in cost, standard within about an hour', () => {
    expect(CATALOG.map((e) => e.name)).toEqual(EXPERIMENT_NAMES);
    for (const name of EXPERIMENT_NAMES) {
      const [q, s, p] = (['quick', 'standard', 'paper'] as const).map((k) =>
        expectedSeconds(SCALES[name][k]),
      );
      expect(q).toBeLessThan(s!);
      expect(s).toBeLessThan(p!);
      expect(q).toBeLessThanOrEqual(150);
      expect(s).toBeLessThanOrEqual(75 * 60);
    }
    expect(SCALES['asr-mi'].paper).toMatchObject({ n: 1000, critic: 'paper' });
    expect(SCALES.reconstruction.paper).toMatchObject({
      train: 60000,
      test: 10000,
      epochs: { sparse: 50, dense: 20 },
    });
  });

  it('applies an override and refuses settings an experiment does not have', () => {
    const s = settingsFor('minmax-vs-pgd', 'quick', { n: 2, fairMiRestarts: 1 });
    expect(s).toMatchObject({ n: 2, gridImages: 2, fairMi: { restarts: 1 } });
    expect(SCALES['minmax-vs-pgd'].quick).toMatchObject({ n: 8, gridImages: 4 }); // not mutated
    expect(() => settingsFor('asr-mi', 'quick', { epochs: 3 })).toThrow(/asr-mi has no setting 'epochs'/);
    expect(() => settingsFor('reconstruction', 'quick', { n: 3 })).toThrow(
      /reconstruction has no setting 'n'/,
    );
    expect(() => settingsFor('asr-mi', 'quick', { iters: 0.5 })).toThrow(/iters must be a whole number/);
    expect(() => settingsFor('reconstruction', 'quick', { aes: ['dense', 'dense'] })).toThrow(/listed twice/);
  });
});

describe('resumable state', () => {
  const good = {
    format: STATE_FORMAT,
    name: 'asr-mi',
    scale: 'quick',
    seed: 1,
    settings: { n: 2 },
    units: [{ key: '0/minmax', seconds: 1 }],
    seconds: 1,
  };

  it('reads a good state and names what is wrong with a bad one', () => {
    expect(parseState(good)).toEqual(good);
    expect(() => parseState([])).toThrow(/not a JSON object/);
    expect(() => parseState({ ...good, format: 'x' })).toThrow(/format is "x"/);
    expect(() => parseState({ ...good, name: 'other' })).toThrow(/unknown experiment "other"/);
    expect(() => parseState({ ...good, units: {} })).toThrow(/units is not a list/);
    expect(() => parseState({ ...good, units: [{ seconds: 1 }] })).toThrow(/a unit has no key/);
    expect(() => parseState({ ...good, units: [good.units[0], good.units[0]] })).toThrow(/appears twice/);
  });

  it('continues only the run that made it', () => {
    const state = parseState(good);
    expect(startState('asr-mi', 'quick', 1, 'wasm', { n: 2 }, state).units).toHaveLength(1);
    expect(() => startState('mi-distribution', 'quick', 1, 'wasm', { n: 2 }, state)).toThrow(
      /experiment asr-mi, not mi-distribution/,
    );
    expect(() => startState('asr-mi', 'paper', 1, 'wasm', { n: 2 }, state)).toThrow(
      /--scale quick, not paper/,
    );
    expect(() => startState('asr-mi', 'quick', 1, 'wasm', { n: 3 }, state)).toThrow(
      /other settings \(n 2 → 3\)/,
    );
    // A state that names its backend continues on that backend only; an older one (no backend) on any.
    const onWasm = parseState({ ...good, backend: 'wasm' });
    expect(startState('asr-mi', 'quick', 1, 'wasm', { n: 2 }, onWasm).backend).toBe('wasm');
    expect(() => startState('asr-mi', 'quick', 1, 'cpu', { n: 2 }, onWasm)).toThrow(
      /--backend wasm, not cpu/,
    );
    expect(startState('asr-mi', 'quick', 1, 'cpu', { n: 2 }, state).backend).toBe('cpu');
    expect(() => parseState({ ...good, backend: 3 })).toThrow(/backend is not a name/);
  });
});
