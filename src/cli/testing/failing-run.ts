/**
 * A stand-in for a command that fails in a way no command can yet be made to (test fixture for
 * output.test.ts): `details` throws a KindedError with details; `uncaught` throws from a timer after
 * the wasm backend has installed its own uncaughtException handler.
 */
import { initBackend } from '../../core/backend';
import { KindedError } from '../../core/errors';
import { installErrorHandlers, reportFailure } from '../output';

const [mode] = process.argv.slice(2);
installErrorHandlers(true);
if (mode === 'details') {
  reportFailure(
    new KindedError('diverged', 'f is NaN at iteration 12', {
      iteration: 12,
      error: 'not this',
      kind: 'nor this',
    }),
  );
} else {
  void initBackend('wasm').then(() => {
    setTimeout(() => {
      throw new Error('boom\n  at a line tfjs would add');
    }, 0);
  });
}
