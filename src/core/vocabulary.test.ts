import { describe, expect, it } from 'vitest';
import { methodName } from './vocabulary';

describe('methodName: one name per method, everywhere', () => {
  it('names methods, Gaussian noise and anything else', () => {
    expect(methodName('minmax')).toBe('MinMax');
    expect(methodName('mine-uae')).toBe('MINE-UAE');
    expect(methodName('ga:0.01')).toBe('GA (σ = 0.01)');
    expect(methodName('ga:0.001')).toBe('GA (σ = 10⁻³)');
    expect(methodName('ga:1e-4')).toBe('GA (σ = 10⁻⁴)');
    expect(methodName('clean')).toBe('clean');
    // Not an own key: an object's inherited names are no methods.
    expect(methodName('toString')).toBe('toString');
  });
});
