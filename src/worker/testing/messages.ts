/** Valid pieces of worker messages for the protocol and job tests: each test changes only what it is about. */
import { IMAGE_PIXELS, type RunSettings } from '../protocol';

/** A supervised MinMax run with the lite critic, ε = 1, seed 1; `overrides` replace fields. */
export function testSettings(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    task: 'supervised',
    ae: 'dense',
    method: 'minmax',
    eps: 1,
    alpha: 0.01,
    beta: 0.1,
    c0: 1e-3,
    iters: 100,
    kappa: 0,
    target: null,
    seed: 1,
    critic: 'lite',
    mineLr: 1.5e-5,
    mineSteps: 1,
    bound: 'dv',
    smileTau: 5,
    semantics: 'paper',
    ...overrides,
  };
}

/** Test image 7 (label 9) as a message carries it; grey 0.5 unless `pixels` are given. */
export function testImageMessage(pixels: Float32Array = new Float32Array(IMAGE_PIXELS).fill(0.5)) {
  return { source: 'test' as const, index: 7, label: 9, pixels };
}

/** A valid MINE lab start: the X = Y table (I = 1 bit) under the DV bound; `overrides` replace fields. */
export function testLabStart(overrides: Record<string, unknown> = {}) {
  return {
    type: 'lab-start',
    jobId: 1,
    source: 'table',
    table: [0.5, 0, 0, 0.5],
    rho: 0.9,
    dim: 1,
    bound: 'dv',
    tau: 5,
    steps: 600,
    batch: 256,
    lr: 0.003,
    seed: 1,
    ...overrides,
  };
}
