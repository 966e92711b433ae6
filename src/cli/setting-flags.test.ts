/** The CLI's flags take every setting's range, choices and default from the one table (core/settings.ts). */
import { describe, expect, it } from 'vitest';
import { SETTINGS, settingsIn, type Setting } from '../core/settings';
import { parseFlags, UsageError } from './args';
import { ATTACK_FLAGS } from './attack-flags';

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
