/** The number boxes' reading of what was typed: pure, so it is tested without a browser. */
import { readDecimal } from '../core/number-syntax';

export type FieldReading =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

/**
 * What the text of a number field means: the value, or why it is none, e.g. "T must be a whole
 * number from 1 to 5000; 10000 is too large". The syntax is the CLI's and the link's (readDecimal).
 */
export function readField(
  text: string,
  { name, min, max, integer }: { name: string; min: number; max: number; integer?: boolean },
): FieldReading {
  const t = text.trim();
  const shown = t.length > 24 ? `${t.slice(0, 24)}…` : t;
  const rule = `${name} must be ${integer === true ? 'a whole number' : 'a number'} from ${min} to ${max}`;
  const reading = readDecimal(t);
  const why = !reading.ok
    ? t === ''
      ? 'the field is empty'
      : `“${shown}” ${reading.reason}`
    : integer === true && !Number.isInteger(reading.value)
      ? `${shown} is not a whole number`
      : reading.value < min
        ? `${shown} is too small`
        : reading.value > max
          ? `${shown} is too large`
          : null;
  return why === null && reading.ok
    ? { ok: true, value: reading.value }
    : { ok: false, reason: `${rule}; ${why}` };
}

/** v moved by one step, on the step's own decimal grid (0.1 + 0.2 must read 0.3), kept in range. */
export function stepped(v: number, step: number, sign: 1 | -1, min: number, max: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Math.min(max, Math.max(min, Number((v + sign * step).toFixed(decimals))));
}
