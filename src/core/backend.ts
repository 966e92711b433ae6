/**
 * Backend selection for headless use (CLI, tests, benchmarks): tfjs cpu or wasm. The browser
 * worker negotiates its own (src/worker). Both paths register the project's fast kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type HeadlessBackend = 'cpu' | 'wasm';
export const HEADLESS_BACKENDS: readonly HeadlessBackend[] = ['cpu', 'wasm'];

export async function initBackend(name: HeadlessBackend): Promise<void> {
  const { registerFastKernels } = await import('./kernels/register');
  registerFastKernels();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend '${name}' failed to initialise`);
  await tf.ready();
}

export function tfjsVersion(): string {
  return tf.version_core;
}
