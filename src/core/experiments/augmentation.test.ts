/** The augmentation experiment end to end at a tiny scale, its method parser and its cancel. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { toFloatBatch } from '../data/dataset';
import { loadMnist } from '../data/mnist-node';
import { methodName, parseMethods, PAPER_METHODS, runAugmentation, type AugmentData } from './augmentation';

let data: AugmentData;

beforeAll(async () => {
  await initBackend('wasm');
  const [train, test] = await Promise.all([loadMnist('train'), loadMnist('test')]);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  data = {
    trainImages: toFloatBatch(train.images, range(40)),
    trainCount: 40,
    testImages: toFloatBatch(test.images, range(200)),
    testCount: 200,
  };
});

describe('augmentation methods', () => {
  it("parses the paper's list and rejects anything else with a clear message", () => {
    expect(parseMethods('mine-uae, l2-uae,ga:0.01,ga:0.001')).toEqual(PAPER_METHODS);
    expect(PAPER_METHODS.map(methodName)).toEqual(['mine-uae', 'l2-uae', 'ga:0.01', 'ga:0.001']);
    expect(() => parseMethods('')).toThrow(/no augmentation method/);
    expect(() => parseMethods('fgsm')).toThrow(/unknown augmentation method 'fgsm'/);
    expect(() => parseMethods('ga:-1')).toThrow(/σ must be a number in \(0, 1\]/);
    expect(() => parseMethods('ga:abc')).toThrow(/σ/);
    expect(() => parseMethods('ga:0x1')).toThrow(/GA σ '0x1' is not a decimal number/);
    expect(() => parseMethods('ga:1e-400')).toThrow(/GA σ '1e-400' is too small to represent/);
    expect(() => parseMethods('ga:0.01,ga:0.01')).toThrow(/twice/);
  });
});

describe('runAugmentation', () => {
  it('trains Original, makes one copy per image per method, retrains and reports the table', async () => {
    const before = tf.memory().numTensors;
    const phases = new Set<string>();
    const r = await runAugmentation(
      {
        kind: 'dense',
        train: 40,
        epochs: 2,
        seed: 1,
        methods: parseMethods('mine-uae,l2-uae,ga:0.01'),
        attack: { iters: 3, mineSteps: 2, searchSteps: 2 },
        batchSize: 20,
        generateBatch: 16,
      },
      data,
      { onProgress: (p) => void phases.add(`${p.phase}/${p.method ?? ''}`) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(r.cancelled).toBe(false);
    expect(r.results.map((m) => m.method)).toEqual(['mine-uae', 'l2-uae', 'ga:0.01']);
    expect([...phases]).toEqual([
      'train-original/',
      'generate/mine-uae',
      'retrain/mine-uae',
      'generate/l2-uae',
      'retrain/l2-uae',
      'generate/ga:0.01',
      'retrain/ga:0.01',
    ]);
    // A 2-epoch dense AE on 40 images is far from converged, but it has learned something.
    expect(r.original).toBeGreaterThan(0.01);
    expect(r.original).toBeLessThan(0.2);
    for (const m of r.results) {
      expect(m.reconError).toBeGreaterThan(0);
      expect(m.relChange).toBeCloseTo((r.original - m.reconError) / r.original, 10);
      expect(m.asr).toBeGreaterThanOrEqual(0);
      expect(m.asr).toBeLessThanOrEqual(1);
      expect(Number.isInteger(m.asr * 40)).toBe(true);
    }
    // Retraining on twice the images (twice the steps) changes the error.
    expect(r.results.every((m) => m.reconError !== r.original)).toBe(true);
  });

  it('is deterministic for a seed, and a cancel stops it with what it has', async () => {
    const cfg = { kind: 'dense' as const, train: 20, epochs: 1, seed: 3, methods: parseMethods('ga:0.01,ga:0.001'), batchSize: 10 };
    const a = await runAugmentation(cfg, data);
    const b = await runAugmentation(cfg, data);
    expect(b.original).toBe(a.original);
    expect(b.results.map((m) => m.reconError)).toEqual(a.results.map((m) => m.reconError));

    const controller = new AbortController();
    const c = await runAugmentation(cfg, data, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'retrain') controller.abort();
      },
    });
    expect(c.cancelled).toBe(true);
    expect(c.original).toBe(a.original);
    expect(c.results).toHaveLength(0);
  });

  it('rejects a bad configuration before training anything', async () => {
    const base = { kind: 'dense' as const, train: 20, epochs: 1, seed: 1, methods: PAPER_METHODS };
    await expect(runAugmentation({ ...base, train: 41 }, data)).rejects.toThrow(/train must be an integer in \[1, 40\]/);
    await expect(runAugmentation({ ...base, epochs: 0 }, data)).rejects.toThrow(/epochs/);
    await expect(runAugmentation({ ...base, testCount: 201 }, data)).rejects.toThrow(/test images/);
    await expect(runAugmentation({ ...base, methods: [] }, data)).rejects.toThrow(/at least one/);
  });
});
