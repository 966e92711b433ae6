/** A small, strict flag parser: every flag is declared with a type; anything else is an error. */

export class UsageError extends Error {}

type FlagType = 'int' | 'number' | 'string' | 'bool' | readonly string[];

export interface FlagSpec {
  type: FlagType;
  help: string;
  default?: string | number | boolean | null;
  min?: number;
  max?: number;
}

export type FlagSpecs = Record<string, FlagSpec>;
export type ParsedFlags = Record<string, string | number | boolean | null>;

export function parseFlags(argv: readonly string[], specs: FlagSpecs): ParsedFlags {
  const out: ParsedFlags = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default ?? null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown flag --${name} (see --help)`);
    if (spec.type === 'bool') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new UsageError(`--${name} needs a value`);
    out[name] = convert(name, raw, spec);
  }
  return out;
}

function convert(name: string, raw: string, spec: FlagSpec): string | number {
  const t = spec.type;
  if (Array.isArray(t)) {
    if (!t.includes(raw)) throw new UsageError(`--${name} must be one of ${t.join('|')}, got '${raw}'`);
    return raw;
  }
  if (t === 'string') return raw;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v))
    throw new UsageError(`--${name} must be a number, got '${raw}'`);
  if (t === 'int' && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  if (spec.min !== undefined && v < spec.min)
    throw new UsageError(`--${name} must be ≥ ${spec.min}, got ${v}`);
  if (spec.max !== undefined && v > spec.max)
    throw new UsageError(`--${name} must be ≤ ${spec.max}, got ${v}`);
  return v;
}

export function helpText(command: string, summary: string, specs: FlagSpecs): string {
  const lines = [`usage: npm run -s uae -- ${command} [flags]`, '', summary, ''];
  for (const [name, s] of Object.entries(specs)) {
    const type = Array.isArray(s.type) ? s.type.join('|') : s.type === 'bool' ? '' : `<${String(s.type)}>`;
    const def =
      s.default === undefined || s.default === null || s.type === 'bool'
        ? ''
        : ` (default ${String(s.default)})`;
    lines.push(`  --${name} ${type}`.padEnd(34) + s.help + def);
  }
  return lines.join('\n');
}
