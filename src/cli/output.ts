/**
 * The CLI's two streams and its error contract. Every failure ends as one `error: …` line on stderr
 * and, with --json, exactly one `{"error", "kind", …details}` object on stdout; the exit code follows
 * the kind. A stdout that cannot be written (a full disk, a closed pipe) is a one-line io error, never
 * an uncaught stream error: the wasm backend's own uncaughtException handler would rethrow that and
 * print its whole minified source.
 */
import { exitCodeOf, KindedError, kindOf } from '../core/errors';

let jsonMode = false;
let stdoutBroken = false;
let reported = false;

/** Multi-line messages (tfjs writes some) would break the one-line contract on stderr. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function messageOf(e: unknown): string {
  return oneLine(e instanceof Error ? e.message : String(e)) || 'unknown error';
}

/** Logs and warnings are best effort: a closed stderr must not fail a run whose result is fine. */
function writeStderr(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // nothing left to tell it to
  }
}

export function warn(message: string): void {
  writeStderr(`warning: ${message}\n`);
}

function stdoutError(err: Error): KindedError {
  return new KindedError('io', `cannot write to stdout: ${err.message}`, {}, { cause: err });
}

/** Writes to stdout and resolves when the bytes are out (or rejects with an io error). */
export function writeStdout(text: string): Promise<void> {
  if (stdoutBroken) return Promise.reject(new KindedError('io', 'cannot write to stdout: it was closed'));
  return new Promise((resolve, reject) => {
    try {
      process.stdout.write(text, (err) => {
        if (err) {
          stdoutBroken = true;
          reject(stdoutError(err));
        } else resolve();
      });
    } catch (e) {
      stdoutBroken = true;
      reject(stdoutError(e as Error));
    }
  });
}

/**
 * Reports the first failure and sets the exit code from its kind; a later one (the stream error that
 * follows a failed write, say) is not reported again. If the JSON object itself cannot be written,
 * stderr gets that second line: there is nowhere else to say it.
 */
export function reportFailure(e: unknown): void {
  if (reported) return;
  reported = true;
  const kind = kindOf(e);
  const message = messageOf(e);
  writeStderr(`error: ${message}\n`);
  if (process.env.UAE_DEBUG && e instanceof Error && e.stack) writeStderr(`${e.stack}\n`);
  process.exitCode = exitCodeOf(kind);
  if (jsonMode && !stdoutBroken) {
    const details = e instanceof KindedError ? e.details : {};
    // The message and kind come first and cannot be overwritten by a detail of the same name.
    const object = { error: message, kind, ...details };
    object.error = message;
    object.kind = kind;
    writeStdout(`${JSON.stringify(object)}\n`).catch((err: unknown) => {
      writeStderr(`error: ${messageOf(err)}\n`);
    });
  }
}

/**
 * Installs the handlers every run needs before anything else runs: stream errors become one-line
 * io failures, and an exception nothing caught is reported like any other failure and ends the
 * process at once (before the wasm module's own handler could rethrow it with its source dump).
 */
export function installErrorHandlers(json: boolean): void {
  jsonMode = json;
  process.stdout.on('error', (err: Error) => {
    stdoutBroken = true;
    reportFailure(stdoutError(err));
  });
  process.stderr.on('error', () => {
    // A closed stderr loses the logs; the exit code still tells the story.
  });
  const fatal = (e: unknown) => {
    reportFailure(e);
    process.exit(process.exitCode ?? 1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}
