/** The CLI's flags take every setting's range, choices and default from the one table (core/settings.ts). */
import { describe, expect, it } from 'vitest';
import { SETTINGS, settingsIn, type Setting } from '../core/settings';
import { parseFlags, UsageError } from './args';
import { ATTACK_FLAGS, attackConfig } from './attack-flags';

describe('the attack flags come from the settings table', () => {
  const shared = settingsIn('flag').filter((k) => (SETTINGS[k] as Setting).command === undefined);

  it('has a flag for each setting the CLI spells, with its range and choices', () => {
    expect(shared.length).toBeGreaterThan(15);
    for (const k of shared) {
      const s: Setting = SETTINGS[k];
      const flag = s.flag!;
      expect(ATTACK_FLAGS[flag], flag).toBeDefined();
      if (s.kind === 'choice') {
        for (const v of s.values) expect(parseFlags([`--${flag}`, v], ATTACK_FLAGS)[flag], flag).toBe(v);
        expect(() => parseFlags([`--${flag}`, 'nonsense'], ATTACK_FLAGS), flag).toThrow(UsageError);
        continue;
      }
      expect(parseFlags([`--${flag}`, String(s.max)], ATTACK_FLAGS)[flag], flag).toBe(s.max);
      expect(parseFlags([`--${flag}`, String(s.min)], ATTACK_FLAGS)[flag], flag).toBe(s.min);
      expect(() => parseFlags([`--${flag}`, String(s.max * 2 + 1)], ATTACK_FLAGS), flag).toThrow(/≤/);
    }
  });

  it("defaults to the table's value, except where the method or the back end decides", () => {
    const parsed = parseFlags([], ATTACK_FLAGS);
    const leftToMethod = ['iters', 'alpha', 'mineSteps', 'critic', 'target'];
    for (const k of shared) {
      const s: Setting = SETTINGS[k];
      expect(parsed[s.flag!], k).toBe(leftToMethod.includes(k) ? null : s.default);
    }
  });
});

describe('--bound and --smile-tau reach the engine options', () => {
  const config = (argv: string[]) => attackConfig(parseFlags(argv, ATTACK_FLAGS));

  it('takes the bound and its τ; DV by default', () => {
    expect(config([]).options.bound).toBe('dv');
    const o = config(['--bound', 'smile', '--smile-tau', '2.5']).options;
    expect([o.bound, o.smileTau]).toEqual(['smile', 2.5]);
    expect(config(['--bound', 'infonce']).options.bound).toBe('infonce');
    expect(() => config(['--smile-tau', '0'])).toThrow(/≥ 0.1/);
  });

  it('reads the older --bias-correction as --bound mine, and refuses it beside another bound', () => {
    expect(config(['--bias-correction']).options.bound).toBe('mine');
    expect(config(['--bias-correction', '--bound', 'mine']).options.bound).toBe('mine');
    expect(() => config(['--bias-correction', '--bound', 'nwj'])).toThrow(
      /--bias-correction means --bound mine; it cannot go with --bound nwj/,
    );
  });
});
