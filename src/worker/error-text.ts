/** An error as the UI shows it: the message, and the stack (where there is one) as its detail. */
export function describe(e: unknown): { message: string; detail?: string } {
  if (e instanceof Error)
    return e.stack === undefined ? { message: e.message } : { message: e.message, detail: e.stack };
  return { message: String(e) };
}

/** The error's stack as a message's optional `detail` field. */
export function detailOf(e: unknown): { detail?: string } {
  const d = describe(e).detail;
  return d === undefined ? {} : { detail: d };
}
