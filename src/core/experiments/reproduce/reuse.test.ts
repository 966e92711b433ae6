import { describe, expect, it } from 'vitest';
import { refusalOf, reusableUnits, type ReuseSource } from './reuse';
import { settingsFor, type SupervisedSettings } from './scales';

const asrMi = settingsFor('asr-mi', 'standard') as SupervisedSettings;
const versus = settingsFor('minmax-vs-pgd', 'standard') as SupervisedSettings;
const unit = (index: number, method: string, extra: Record<string, unknown> = {}) => ({
  key: `${index}/${method}`,
  seconds: 1,
  index,
  method,
  seed: 5 + index,
  success: true,
  ...extra,
});
const source = (over: Partial<ReuseSource> = {}): ReuseSource => ({
  label: 'asr-mi-standard.json',
  name: 'asr-mi',
  seed: 5,
  backend: 'wasm',
  settings: asrMi,
  units: [unit(0, 'penalty'), unit(0, 'minmax', { adversarial: [0] }), unit(1, 'minmax'), unit(7, 'minmax')],
  ...over,
});

describe('reuse between the supervised experiments', () => {
  it('the standard asr-mi and minmax-vs-pgd share their units (only n, methods and the figures differ)', () => {
    expect(refusalOf(source(), versus, 5, 'wasm')).toBeNull();
  });

  it('refuses another seed, backend, settings or a source without a backend, naming why', () => {
    expect(refusalOf(source(), versus, 6, 'wasm')).toBe('made with seed 5, not 6');
    expect(refusalOf(source(), versus, 5, 'cpu')).toBe('made on the wasm backend, not cpu');
    expect(refusalOf(source({ backend: undefined }), versus, 5, 'wasm')).toBe('its backend is not recorded');
    expect(refusalOf(source({ settings: { ...asrMi, eps: 0.5 } }), versus, 5, 'wasm')).toBe(
      'other settings (eps 0.5 → 1)',
    );
    expect(
      refusalOf(
        source({ settings: { ...asrMi, fairMi: { ...asrMi.fairMi, steps: 10 } } }),
        versus,
        5,
        'wasm',
      ),
    ).toMatch(/^other settings \(fairMi \{"steps":10/);
    expect(refusalOf(source({ settings: { kind: 'reconstruction' } }), versus, 5, 'wasm')).toBe(
      'asr-mi is not a supervised experiment',
    );
  });

  it('takes only the methods and images the run needs, and a grid image only with its x′', () => {
    const small = { ...versus, n: 8, gridImages: 2 };
    const { units, reports } = reusableUnits([source()], small, 5, 'wasm', (i) => i < small.gridImages);
    // penalty is not a method of minmax-vs-pgd; image 1 is in the grid but its unit has no x′.
    expect([...units.keys()]).toEqual(['0/minmax', '7/minmax']);
    expect(units.get('0/minmax')?.reusedFrom).toBe('asr-mi-standard.json');
    expect(reports).toEqual([{ label: 'asr-mi-standard.json', units: 2 }]);
    const fewer = reusableUnits([source()], { ...small, n: 2 }, 5, 'wasm', () => false);
    expect([...fewer.units.keys()]).toEqual(['0/minmax', '1/minmax']);
    // A unit whose own seed is not seed + index (a hand-edited file) is not taken.
    const odd = reusableUnits(
      [source({ units: [unit(0, 'minmax', { seed: 99 })] })],
      small,
      5,
      'wasm',
      () => false,
    );
    expect(odd.units.size).toBe(0);
  });
});
