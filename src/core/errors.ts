/**
 * Errors that say what kind of failure they are, so every front end (the CLI's exit code and its
 * --json error object, the worker's typed error message) reports them alike without parsing text.
 */

/**
 * usage: a bad flag or value; invalid-input: a file or model the user gave that cannot be used;
 * diverged: an iteration produced a non-finite f, I, c or δ; io: a read or write that failed;
 * failure: anything else that went wrong while working.
 */
export const ERROR_KINDS = ['usage', 'invalid-input', 'diverged', 'io', 'failure'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The kinds that are the caller's to fix: the CLI exits 2 for these, 1 for the rest. */
const INPUT_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['usage', 'invalid-input']);

export class KindedError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Extra scalar facts for a machine reader, e.g. { iteration: 12 } for a divergence. */
    readonly details: Readonly<Record<string, string | number>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'KindedError';
  }
}

export function exitCodeOf(kind: ErrorKind): 1 | 2 {
  return INPUT_KINDS.has(kind) ? 2 : 1;
}

/** The kind of any thrown value: a KindedError's own, else 'failure'. */
export function kindOf(e: unknown): ErrorKind {
  return e instanceof KindedError ? e.kind : 'failure';
}
