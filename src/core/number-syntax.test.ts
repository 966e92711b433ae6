import { describe, expect, it } from 'vitest';
import { lastOf, readDecimal } from './number-syntax';

describe('readDecimal', () => {
  it.each([
    ['0.3', 0.3],
    [' 1 ', 1],
    ['1e-3', 1e-3],
    ['-2.5E+2', -250],
    ['.5', 0.5],
    ['5.', 5],
    ['0', 0],
    ['0.000', 0],
    ['0e5', 0],
  ])('reads %s', (text, value) => {
    expect(readDecimal(text)).toEqual({ ok: true, value });
  });

  it.each(['0x1', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '', '  ', '1,5', '1e', 'e3', '--1', '1_000'])(
    'refuses %s',
    (text) => {
      expect(readDecimal(text).ok).toBe(false);
    },
  );

  it('refuses values that overflow or underflow, saying which', () => {
    expect(readDecimal('1e400')).toEqual({ ok: false, reason: 'is too large to represent' });
    expect(readDecimal('1e-400')).toEqual({
      ok: false,
      reason: 'is too small to represent (it would read as 0)',
    });
  });
});

describe('lastOf', () => {
  it('takes the last value of a repeated field', () => {
    expect(lastOf(['0.5', '0.3'])).toBe('0.3');
    expect(lastOf<string>([])).toBe(undefined);
  });
});
