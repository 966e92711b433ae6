import { describe, expect, it } from 'vitest';
import { readField, stepped } from './number-field';

const T = { name: 'T', min: 1, max: 5000, integer: true };
const EPS = { name: 'ε', min: 0, max: 1 };

describe('readField', () => {
  it('reads what is allowed, in the decimal syntax of the CLI and the link', () => {
    expect(readField('300', T)).toEqual({ ok: true, value: 300 });
    expect(readField(' 1e3 ', T)).toEqual({ ok: true, value: 1000 });
    expect(readField('.25', EPS)).toEqual({ ok: true, value: 0.25 });
    expect(readField('1', EPS)).toEqual({ ok: true, value: 1 });
  });

  it('says why a text is no allowed value, quoting it', () => {
    const reason = (text: string, rules: typeof EPS) => {
      const r = readField(text, rules);
      return r.ok ? null : r.reason;
    };
    expect(reason('10000', T)).toBe('T must be a whole number from 1 to 5000; 10000 is too large');
    expect(reason('2.5', T)).toBe('T must be a whole number from 1 to 5000; 2.5 is not a whole number');
    expect(reason('0', T)).toBe('T must be a whole number from 1 to 5000; 0 is too small');
    expect(reason('5', EPS)).toBe('ε must be a number from 0 to 1; 5 is too large');
    expect(reason('-3', EPS)).toBe('ε must be a number from 0 to 1; -3 is too small');
    expect(reason('', EPS)).toBe('ε must be a number from 0 to 1; the field is empty');
    expect(reason('0x1', EPS)).toBe(
      'ε must be a number from 0 to 1; “0x1” is not a decimal number (e.g. 0.3 or 1e-3)',
    );
    expect(reason('1e-400', EPS)).toBe(
      'ε must be a number from 0 to 1; “1e-400” is too small to represent (it would read as 0)',
    );
    expect(reason('Infinity', EPS)).toMatch(/“Infinity” is not a decimal number/);
    expect(reason('x'.repeat(60), EPS)).toContain(`“${'x'.repeat(24)}…” is not a decimal number`);
    expect(reason('9'.repeat(60), EPS)).toBe(
      `ε must be a number from 0 to 1; ${'9'.repeat(24)}… is too large`,
    );
  });
});

describe('stepped', () => {
  it("moves by one step on the step's decimal grid, within the range", () => {
    expect(stepped(0.2, 0.1, 1, 0, 1)).toBe(0.3);
    expect(stepped(0.3, 0.01, -1, 0, 1)).toBe(0.29);
    expect(stepped(1, 0.01, 1, 0, 1)).toBe(1);
    expect(stepped(1, 1, -1, 1, 5000)).toBe(1);
    expect(stepped(299, 1, 1, 1, 5000)).toBe(300);
  });
});
