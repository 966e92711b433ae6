/** A small, strict flag parser: every flag is declared with a type; anything else is an error. */
import { KindedError } from '../core/errors';
import { readDecimal } from '../core/number-syntax';

/** A bad flag, value or command: the caller's to fix (exit 2). */
export class UsageError extends KindedError {
  constructor(message: string, details?: Readonly<Record<string, string | number>>) {
    super('usage', message, details);
    this.name = 'UsageError';
  }
}

type FlagType = 'int' | 'number' | 'string' | 'bool' | readonly string[];

export interface FlagSpec {
  type: FlagType;
  help: string;
  default?: string | number | boolean | null;
  min?: number;
  max?: number;
  /** Older names of this flag, still read (scripts written before a rename keep working). */
  aliases?: readonly string[];
  /** Older spellings of a listed value → the value (e.g. `uae` → `mine-uae`). */
  valueAliases?: Readonly<Record<string, string>>;
}

export type FlagSpecs = Record<string, FlagSpec>;
export type ParsedFlags = Record<string, string | number | boolean | null>;

/**
 * Reads `--name value`, `--name=value` and bare `--flag` for booleans. A flag given more than once
 * takes its LAST value (the rule the app's URL follows too); every value given is still checked, and
 * `warn` hears about the repetition.
 */
export function parseFlags(
  argv: readonly string[],
  specs: FlagSpecs,
  warn: (message: string) => void = () => {},
): ParsedFlags {
  const out: ParsedFlags = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default ?? null;
  const given = new Map<string, string[]>();
  const canonical = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs))
    for (const a of spec.aliases ?? []) canonical.set(a, name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--')
      throw new UsageError(`unexpected argument '${arg}' (see --help)`);
    const eq = arg.indexOf('=');
    const written = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const name = canonical.get(written) ?? written;
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown flag --${name} (see --help)`);
    let raw: string;
    if (spec.type === 'bool') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      raw = '';
    } else {
      // `--model --json` is a forgotten value, not a model called "--json".
      const next = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1]?.startsWith('--') ? undefined : argv[++i];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      raw = next;
      out[name] = convert(name, raw, spec);
    }
    given.set(name, [...(given.get(name) ?? []), raw]);
  }
  for (const [name, values] of given) {
    if (values.length < 2) continue;
    const last = specs[name]!.type === 'bool' ? '' : `; using the last value, ${values[values.length - 1]}`;
    warn(`--${name} given ${values.length} times${last}`);
  }
  return out;
}

function convert(name: string, raw: string, spec: FlagSpec): string | number {
  const t = spec.type;
  if (Array.isArray(t)) {
    const value = spec.valueAliases?.[raw] ?? raw;
    if (!t.includes(value)) throw new UsageError(`--${name} must be one of ${t.join('|')}, got '${raw}'`);
    return value;
  }
  if (t === 'string') {
    if (raw.trim() === '') throw new UsageError(`--${name} needs a value, got an empty one`);
    return raw;
  }
  const reading = readDecimal(raw);
  if (!reading.ok) throw new UsageError(`--${name} '${raw}' ${reading.reason}`);
  const v = reading.value;
  if (t === 'int' && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  if (spec.min !== undefined && v < spec.min)
    throw new UsageError(`--${name} must be ≥ ${spec.min}, got ${raw}`);
  if (spec.max !== undefined && v > spec.max)
    throw new UsageError(`--${name} must be ≤ ${spec.max}, got ${raw}`);
  return v;
}

const HELP_WIDTH = 100;
const DESCRIPTION_INDENT = '      ';

/** Greedy word wrap; a word longer than the width stays whole on its own line. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

function valueSpec(s: FlagSpec): string {
  if (Array.isArray(s.type)) return s.type.join('|');
  return s.type === 'bool' ? '' : `<${String(s.type)}>`;
}

function limits(s: FlagSpec): string[] {
  const parts: string[] = [];
  if (s.min !== undefined && s.max !== undefined) parts.push(`from ${s.min} to ${s.max}`);
  else if (s.min !== undefined) parts.push(`≥ ${s.min}`);
  else if (s.max !== undefined) parts.push(`≤ ${s.max}`);
  if (s.default !== undefined && s.default !== null && s.type !== 'bool')
    parts.push(`default ${String(s.default)}`);
  for (const [old, value] of Object.entries(s.valueAliases ?? {}))
    parts.push(`'${old}' still reads as ${value}`);
  if (s.aliases !== undefined) parts.push(`formerly ${s.aliases.map((a) => `--${a}`).join(', ')}`);
  return parts;
}

/**
 * One flag per entry: `--name <spec>` alone on its line, then its description indented below and
 * wrapped, so a long value list never runs into the text that explains it.
 */
export function helpText(command: string, summary: string, specs: FlagSpecs): string {
  const lines = [
    `usage: npm run -s uae -- ${command} [flags]`,
    '',
    ...wrap(summary, HELP_WIDTH, ''),
    '',
    'flags:',
  ];
  for (const [name, s] of Object.entries(specs)) {
    const spec = valueSpec(s);
    lines.push(`  --${name}${spec === '' ? '' : ` ${spec}`}`);
    const extra = limits(s);
    const joined = extra.join('; ');
    const text =
      joined === ''
        ? s.help
        : `${s.help.replace(/\.?$/, '.')} ${joined[0]!.toUpperCase()}${joined.slice(1)}.`;
    lines.push(...wrap(text, HELP_WIDTH, DESCRIPTION_INDENT));
  }
  lines.push(
    '',
    'Numbers are plain decimals (0.3, 1e-3); a flag given twice takes its last value. With --json,',
    'stdout holds one JSON object: the result, or {"error", "kind", …} when the command fails.',
  );
  return lines.join('\n');
}
