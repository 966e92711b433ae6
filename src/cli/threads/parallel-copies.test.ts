/**
 * Copies made on worker threads must be the copies made on one thread, bit for bit (each image has
 * its own generator), whatever the split; a cancel stops the threads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../core/backend';
import {
  attackCopiesInProcess,
  type AttackMethod,
  type CopyRequest,
} from '../../core/experiments/attack-copies';
import { experimentAttackOptions } from '../../core/experiments/augmentation';
import { buildAutoencoder, disposeAutoencoder, type AutoencoderParts } from '../../core/models/autoencoders';
import { Rng } from '../../core/rng';
import { parallelCopies } from './parallel-copies';

let parts: AutoencoderParts;
const n = 3;
const images = new Rng(11).fillUniform(new Float32Array(n * 784), 0, 1);

beforeAll(async () => {
  await initBackend('wasm');
  parts = buildAutoencoder('conv', 4);
});
afterAll(() => {
  disposeAutoencoder(parts);
});

function request(method: AttackMethod, generateBatch: number, over: Partial<CopyRequest> = {}): CopyRequest {
  return {
    method,
    parts,
    images,
    pixels: 784,
    attack: experimentAttackOptions({ iters: 3, mineSteps: 2, searchSteps: 2, seed: 9 }),
    generateBatch,
    onProgress: () => undefined,
    ...over,
  };
}

describe('parallelCopies', () => {
  it.each<AttackMethod>(['mine-uae', 'l2-uae'])(
    '%s: two threads give the single-thread copies exactly',
    async (method) => {
      const one = await attackCopiesInProcess(request(method, 3));
      const progress: number[] = [];
      const two = await parallelCopies(
        2,
        'wasm',
      )(
        request(method, 1, {
          onProgress: (d) => {
            progress.push(d);
          },
        }),
      );
      expect(two.cancelled).toBe(false);
      expect(two.successes).toBe(one.successes);
      expect(Array.from(two.copies)).toEqual(Array.from(one.copies));
      // The copies are attacked images, not the clean ones.
      expect(Array.from(two.copies)).not.toEqual(Array.from(images));
      expect(Math.max(...progress)).toBe(n);
    },
    120_000,
  );

  it('stops when cancelled and says so', async () => {
    const abort = new AbortController();
    const r = await parallelCopies(
      2,
      'wasm',
    )(
      request('mine-uae', 1, {
        attack: experimentAttackOptions({ iters: 1000, mineSteps: 2, seed: 9 }),
        signal: abort.signal,
        onProgress: () => {
          abort.abort();
        },
      }),
    );
    expect(r.cancelled).toBe(true);
  }, 120_000);
});
