import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError, helpText } from './args';
import { ATTACK_FLAGS } from './attack-flags';

describe('parseFlags: one spelling per concept, the old ones still read', () => {
  it('reads --preset as --semantics and `uae` as mine-uae', () => {
    const f = parseFlags(['--preset', 'reference', '--method', 'uae'], ATTACK_FLAGS);
    expect(f.semantics).toBe('reference');
    expect(f.method).toBe('mine-uae');
    expect(f).not.toHaveProperty('preset');
    expect(parseFlags(['--semantics=reference', '--method=mine-uae'], ATTACK_FLAGS)).toMatchObject({
      semantics: 'reference',
      method: 'mine-uae',
    });
  });

  it('counts an old and a new name as one flag given twice (the last wins)', () => {
    const warnings: string[] = [];
    const f = parseFlags(['--preset', 'reference', '--semantics', 'paper'], ATTACK_FLAGS, (w) =>
      warnings.push(w),
    );
    expect(f.semantics).toBe('paper');
    expect(warnings).toEqual(['--semantics given 2 times; using the last value, paper']);
  });

  it('still refuses what is neither a value nor an alias, and says what the old names mean', () => {
    expect(() => parseFlags(['--method', 'fgsm'], ATTACK_FLAGS)).toThrow(UsageError);
    const help = helpText('attack', 'Attack.', ATTACK_FLAGS);
    expect(help).toContain("'uae' still reads as mine-uae");
    expect(help).toContain('formerly --preset');
  });
});
