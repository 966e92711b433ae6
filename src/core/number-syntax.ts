/**
 * One syntax for the numbers a user types, in a CLI flag, a URL field or a number box: plain decimal
 * with an optional exponent. JavaScript's Number() also takes hex ("0x1"), binary, "Infinity" and
 * silently turns 1e-400 into 0; a user who wrote those meant something else, so they are refused
 * with a reason instead of being read as some other value.
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export type NumberReading =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

export function readDecimal(text: string): NumberReading {
  const t = text.trim();
  if (t === '') return { ok: false, reason: 'is empty' };
  if (!DECIMAL.test(t)) return { ok: false, reason: 'is not a decimal number (e.g. 0.3 or 1e-3)' };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, reason: 'is too large to represent' };
  // A non-zero mantissa that reads as 0 underflowed: the user asked for a value the engine cannot hold.
  if (value === 0 && /[1-9]/.test(t.replace(/[eE].*$/, '')))
    return { ok: false, reason: 'is too small to represent (it would read as 0)' };
  return { ok: true, value };
}

/**
 * A field given more than once takes its LAST value, in the URL as in the CLI (as later flags
 * override earlier ones in most command lines); the caller reports the repetition.
 */
export function lastOf<T>(values: readonly T[]): T | undefined {
  return values.length === 0 ? undefined : values[values.length - 1];
}
