/**
 * The numeric settings' limits, as the engine's option check and the error messages read them. The
 * facts (range, default, why the maximum) are written once, in the settings table (settings.ts).
 */
import { isNumeric, SETTINGS, type NumericName, type NumericSetting, type Setting } from './settings';

export interface NumericLimit {
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly integer: boolean;
  /** Why the maximum is where it is (one line, for the README and the error messages). */
  readonly why: string;
}

/** The numeric settings of the table (core/settings.ts): their ranges, defaults and reasons. */
export const LIMITS: { readonly [K in NumericName]: NumericLimit } = Object.fromEntries(
  Object.entries(SETTINGS).filter(([, s]) => isNumeric(s)),
) as never;

export type LimitName = NumericName;

/** Why `value` is outside the limit named `name` (shown as `label`), or null when it is inside. */
export function outOfLimit(name: LimitName, value: number, label: string = name): string | null {
  const l = LIMITS[name];
  if (!Number.isFinite(value)) return `${label} must be a finite number, got ${value}`;
  if (l.integer && !Number.isInteger(value)) return `${label} must be an integer, got ${value}`;
  if (value < l.min) return `${label} must be ≥ ${l.min}, got ${value}`;
  if (value > l.max) return `${label} must be ≤ ${l.max}, got ${value} (${l.why})`;
  return null;
}

/** How a setting is spelled: CLI flag and link field (– where it has none), and the app's cap. */
function spelledAs(name: LimitName): string {
  const s = SETTINGS[name] as NumericSetting;
  const cap = s.appMax !== undefined ? ` (the app: ≤ ${s.appMax})` : '';
  const flag = s.flag === null ? '–' : `\`${s.command === undefined ? '' : `${s.command} `}--${s.flag}\``;
  return `${s.symbol}: ${flag}, ${s.url ? `\`${name}\`` : '–'}${cap}`;
}

/** The README's table of limits, generated from LIMITS (a unit test keeps the README in step). */
export function limitsMarkdown(): string {
  const rows = (Object.keys(LIMITS) as LimitName[]).map((k) => {
    const l = LIMITS[k];
    const { unset }: Setting = SETTINGS[k];
    return `| ${spelledAs(k)} | ${l.min} | ${l.max} | ${unset ?? l.default} | ${l.why} |`;
  });
  return ['| setting | min | max | default | why the maximum |', '|---|---|---|---|---|', ...rows].join('\n');
}
