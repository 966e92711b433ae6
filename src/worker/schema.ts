/**
 * A field's type and its check, written once: every message of the worker protocol is declared as a
 * schema, and its TypeScript type is inferred from it (`Infer`). postMessage carries no types, so
 * both sides validate what they receive; a schema that reads a field also names it in the error.
 * tfjs-free: the app's main thread parses with these.
 */
import { outOfLimit, type LimitName } from '../core/limits';

export class Invalid extends Error {}

export interface Schema<T> {
  /** The value, checked; throws Invalid naming `key` when it does not fit. */
  readonly read: (value: unknown, key: string) => T;
  /** An object may leave this field out (it is then absent from the result too). */
  readonly optional: boolean;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Readonly<Record<string, Schema<unknown>>>;
type OptionalKey<S extends Shape> = { [K in keyof S]: S[K]['optional'] extends true ? K : never }[keyof S];
type Flat<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Flat<
  { readonly [K in keyof S as K extends OptionalKey<S> ? never : K]: Infer<S[K]> } & {
    readonly [K in keyof S as K extends OptionalKey<S> ? K : never]?: Exclude<Infer<S[K]>, undefined>;
  }
>;

export type Fields = Readonly<Record<string, unknown>>;

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schema<T>(read: (value: unknown, key: string) => T): Schema<T> {
  return { read, optional: false };
}

/** `check` returns what is wrong with a value of `base`'s type, or null. */
export function refine<T>(base: Schema<T>, check: (value: T, key: string) => string | null): Schema<T> {
  return {
    read: (v, key) => {
      const value = base.read(v, key);
      const problem = check(value, key);
      if (problem !== null) throw new Invalid(problem);
      return value;
    },
    optional: base.optional,
  };
}

export const str = (): Schema<string> =>
  schema((v, key) => {
    if (typeof v !== 'string') throw new Invalid(`${key} must be a string`);
    return v;
  });

export const bool = (): Schema<boolean> =>
  schema((v, key) => {
    if (typeof v !== 'boolean') throw new Invalid(`${key} must be a boolean`);
    return v;
  });

/** Any number: NaN is a legitimate value (PGD has no in-loop MI), only the type is checked. */
export const num = (): Schema<number> =>
  schema((v, key) => {
    if (typeof v !== 'number') throw new Invalid(`${key} must be a number`);
    return v;
  });

export const finite = (): Schema<number> =>
  refine(num(), (v, key) => (Number.isFinite(v) ? null : `${key} must be a finite number`));

/** A duration or a count measured by the sender: finite and not negative. */
export const nonNegative = (): Schema<number> =>
  schema((v, key) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new Invalid(`${key} must be a finite number ≥ 0`);
    return v;
  });

export const int = (min: number, max: number): Schema<number> =>
  schema((v, key) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new Invalid(`${key} must be an integer in [${min}, ${max}]`);
    return v;
  });

/** A setting inside its row of the limits table (core/limits.ts). */
export const limited = (name: LimitName): Schema<number> =>
  refine(num(), (v, key) => outOfLimit(name, v, key));

export const oneOf = <const T extends string>(allowed: readonly T[]): Schema<T> =>
  schema((v, key) => {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
      throw new Invalid(`${key} must be one of ${allowed.join(', ')}`);
    return v as T;
  });

export const literal = <const T extends string>(value: T): Schema<T> => oneOf([value]);

export const f32 = (length?: number): Schema<Float32Array> =>
  schema((v, key) => {
    if (!(v instanceof Float32Array)) throw new Invalid(`${key} must be a Float32Array`);
    if (length !== undefined && v.length !== length) throw new Invalid(`${key} must hold ${length} values`);
    return v;
  });

export const i32 = (): Schema<Int32Array> =>
  schema((v, key) => {
    if (!(v instanceof Int32Array)) throw new Invalid(`${key} must be an Int32Array`);
    return v;
  });

/** Values in [0, 1], `length` of them: images. */
export const pixels = (length: number): Schema<Float32Array> =>
  refine(f32(length), (v, key) => (v.every((p) => p >= 0 && p <= 1) ? null : `${key} must lie in [0, 1]`));

export const nullable = <T>(inner: Schema<T>): Schema<T | null> =>
  schema((v, key) => (v === null ? null : inner.read(v, key)));

export const optional = <T>(inner: Schema<T>): Schema<T | undefined> & { readonly optional: true } => ({
  read: (v, key) => (v === undefined ? undefined : inner.read(v, key)),
  optional: true,
});

/** Absent reads as `fallback`: a field added later, so that older messages still parse. */
export const withDefault = <T>(inner: Schema<T>, fallback: T): Schema<T> =>
  schema((v, key) => (v === undefined ? fallback : inner.read(v, key)));

export interface ArrayRule {
  /** Refuse an empty array ("methods must be a non-empty array"). */
  readonly nonEmpty?: boolean;
  /** Refuse repeated values. */
  readonly distinct?: boolean;
}

export const array = <T>(item: Schema<T>, rule: ArrayRule = {}): Schema<readonly T[]> => list(item, rule);

/** `array` for a type that the core declares mutable (its records). */
export const list = <T>(item: Schema<T>, rule: ArrayRule = {}): Schema<T[]> =>
  schema((v, key) => {
    if (!Array.isArray(v) || (rule.nonEmpty === true && v.length === 0))
      throw new Invalid(`${key} must be ${rule.nonEmpty === true ? 'a non-empty array' : 'an array'}`);
    const items = v.map((x: unknown, i) => item.read(x, `${key}[${i}]`));
    if (rule.distinct === true && new Set(items).size !== items.length)
      throw new Invalid(`${key} must not repeat`);
    return items;
  });

/** An object with any keys, each value read by `value`. */
export const dict = <T>(value: Schema<T>): Schema<Readonly<Record<string, T>>> =>
  schema((v, key) => {
    if (!isRecord(v)) throw new Invalid(`${key} must be an object`);
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) out[k] = value.read(x, `${key}.${k}`);
    return out;
  });

/** Unknown extra fields are dropped; a field's error names its path ("settings.eps"); key '' is a message. */
export const obj = <const S extends Shape>(shape: S): Schema<ObjectOf<S>> =>
  schema((v, key) => {
    if (!isRecord(v)) throw new Invalid(`${key} must be an object`);
    const out: Record<string, unknown> = {};
    for (const [k, field] of Object.entries(shape)) {
      const value = field.read(v[k], key === '' ? k : `${key}.${k}`);
      if (!(field.optional && value === undefined)) out[k] = value;
    }
    return out as ObjectOf<S>;
  });

/** For exhaustive switches: a new union member that is not handled fails to compile here. */
export function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}

type MessageSchemas = Readonly<Record<string, Schema<unknown>>>;
type UnionOf<M extends MessageSchemas> = { [K in keyof M]: Infer<M[K]> }[keyof M];
/** The union of the messages a `messages(…)` reader reads. */
export type MessageOf<R> = R extends { parse: (data: unknown) => Parsed<infer T> } ? T : never;

/**
 * One side's messages, by their `type`: each schema reads the rest of its message. The reader
 * prefixes an error with the message's type ("run: eps must be ≥ 0, got -1").
 */
export function messages<const M extends MessageSchemas>(byType: M) {
  const types = Object.keys(byType);
  const typeSchema = oneOf(types);
  return {
    types: types as readonly (keyof M & string)[],
    /** Whether `data` claims one of these types (other message families are not an error). */
    claims(data: unknown): boolean {
      return isRecord(data) && typeof data.type === 'string' && types.includes(data.type);
    },
    parse(data: unknown): Parsed<UnionOf<M>> {
      if (!isRecord(data)) return { ok: false, error: 'message must be an object' };
      try {
        const type = typeSchema.read(data.type, 'type');
        return { ok: true, value: byType[type]!.read(data, '') as UnionOf<M> };
      } catch (e) {
        if (e instanceof Invalid)
          return {
            ok: false,
            error: `${typeof data.type === 'string' ? data.type : 'message'}: ${e.message}`,
          };
        throw e;
      }
    },
  };
}

/** A message's schema: its `type` and its fields. */
export const message = <const T extends string, const S extends Shape>(type: T, shape: S) =>
  obj({ type: literal(type), ...shape });
