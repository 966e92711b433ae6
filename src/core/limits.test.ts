import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTACK_OPTIONS } from './attacks/options';
import { LIMITS, limitsMarkdown, outOfLimit } from './limits';

describe('the limits table', () => {
  it('is the one the README shows', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- limits:begin[^>]*-->\n([\s\S]*?)\n<!-- limits:end -->/.exec(readme);
    expect(block, 'README has no limits block').not.toBeNull();
    expect(block![1]).toBe(limitsMarkdown());
  });

  it('holds each default inside its range, and the engine defaults are the table’s', () => {
    for (const [name, l] of Object.entries(LIMITS)) {
      expect(l.default, name).toBeGreaterThanOrEqual(l.min);
      expect(l.default, name).toBeLessThanOrEqual(l.max);
      expect(l.why.length, name).toBeGreaterThan(20);
    }
    for (const k of ['eps', 'alpha', 'beta', 'c0', 'kappa', 'mineLr', 'pgdStep', 'searchSteps'] as const)
      expect(DEFAULT_ATTACK_OPTIONS[k], k).toBe(LIMITS[k].default);
  });

  it('says what is wrong, with the reason for a maximum', () => {
    expect(outOfLimit('alpha', 0.5)).toBeNull();
    expect(outOfLimit('alpha', 1e300)).toMatch(/^alpha must be ≤ 10000, got 1e\+300 \(from α ≈ 1e4/);
    expect(outOfLimit('c0', -1)).toBe('c0 must be ≥ 0, got -1');
    expect(outOfLimit('iters', 2.5)).toBe('iters must be an integer, got 2.5');
    expect(outOfLimit('kappa', NaN)).toBe('kappa must be a finite number, got NaN');
  });
});
