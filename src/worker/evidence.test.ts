/**
 * The evidence jobs against their oracles: each Compare row is what the core's attack and fair MI give
 * for the same image, options and seed; a batch is the core's evaluate; a cancel keeps what finished.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from '../core/attacks/attack';
import { evaluate } from '../core/attacks/evaluate';
import { classifierFairMi } from '../core/attacks/fair-mi-of';
import { initBackend } from '../core/backend';
import { FAIR_MI_DEFAULTS } from '../core/mine/fair-mi';
import { wrapClassifier, type AttackedClassifier } from '../core/models/attacked-classifier';
import { barImage, tinyClassifier } from '../core/testing/tiny-classifier';
import { executeBatch, executeCompare, jobOptions } from './evidence';
import { IMAGE_PIXELS } from './protocol';
import type { EvidenceToUi } from './protocol-evidence';
import { testSettings } from './testing/messages';

let clf: AttackedClassifier;
const settings = testSettings({ iters: 6, seed: 3 });
const x = barImage();
const image = { source: 'test' as const, index: 0, label: 1, pixels: x };
const fairMi = { steps: 5, restarts: 2 };

beforeAll(async () => {
  await initBackend('cpu');
  clf = wrapClassifier(tinyClassifier());
});

function collect(): { messages: EvidenceToUi[]; post: (m: EvidenceToUi) => void } {
  const messages: EvidenceToUi[] = [];
  return { messages, post: (m) => messages.push(m) };
}

describe('Compare in the worker', () => {
  it('gives each method the result and fair MI the core gives for the same seed', async () => {
    const { messages, post } = collect();
    const before = tf.memory().numTensors;
    await executeCompare(
      { type: 'compare-start', jobId: 1, settings, image, methods: ['minmax', 'pgd'], fairMi },
      { classifier: clf, autoencoder: () => Promise.reject(new Error('no autoencoder here')) },
      'cpu',
      new AbortController().signal,
      post,
    );
    expect(tf.memory().numTensors).toBe(before);
    const rows = messages.flatMap((m) => (m.type === 'compare-row' ? [m.row] : []));
    expect(rows.map((r) => r.method)).toEqual(['minmax', 'pgd']);
    expect(messages.at(-1)).toMatchObject({ type: 'job-done', jobId: 1, cancelled: false, backend: 'cpu' });
    const opts = jobOptions(settings, image);
    for (const row of rows) {
      const oracle = await runAttack(row.method as 'minmax' | 'pgd', clf, { x, label: 1 }, opts);
      expect(row.success).toBe(oracle.success);
      expect(row.failureReason).toBe(oracle.failureReason);
      expect(row.miBest).toBe(oracle.miBest);
      expect(row.linf).toBe(oracle.linf);
      expect(Array.from(row.adversarial)).toEqual(Array.from(oracle.adversarial));
      const fair = await classifierFairMi(clf, { x, label: 1 }, oracle.adversarial, opts, {
        ...FAIR_MI_DEFAULTS,
        ...fairMi,
      });
      expect(row.miFair).toEqual({ mean: fair.mean, std: fair.std, steps: 5, restarts: 2 });
    }
  });
});

describe('Compare cancelled', () => {
  it('keeps the rows that finished and drops the one a cancel cut short', async () => {
    const { messages, post } = collect();
    const abort = new AbortController();
    await executeCompare(
      // No fair MI: the attack's own cancel flag is then the only thing that can drop the row.
      {
        type: 'compare-start',
        jobId: 4,
        settings,
        image,
        methods: ['pgd', 'minmax'],
        fairMi: { steps: 5, restarts: 0 },
      },
      { classifier: clf, autoencoder: () => Promise.reject(new Error('no autoencoder here')) },
      'cpu',
      abort.signal,
      (m) => {
        post(m);
        if (m.type === 'job-progress' && m.message.startsWith('MinMax: iteration')) abort.abort();
      },
    );
    expect(messages.flatMap((m) => (m.type === 'compare-row' ? [m.row.method] : []))).toEqual(['pgd']);
    expect(messages.at(-1)).toMatchObject({ type: 'job-done', cancelled: true });
  });
});

describe('Batch in the worker', () => {
  const n = 3;
  const pixels = new Float32Array(n * IMAGE_PIXELS);
  for (let i = 0; i < n; i++)
    pixels.set(
      x.map((v) => Math.min(1, v + 0.1 * i)),
      i * IMAGE_PIXELS,
    );
  const images = { indices: [10, 11, 12], labels: [1, 2, 3], pixels };

  it('reports the core evaluate figures, sample by sample', async () => {
    const { messages, post } = collect();
    await executeBatch(
      { type: 'batch-start', jobId: 2, settings, images, fairMi },
      clf,
      'cpu',
      new AbortController().signal,
      post,
    );
    const samples = messages.flatMap((m) => (m.type === 'batch-sample' ? [m] : []));
    expect(samples.map((s) => s.sample.index)).toEqual([10, 11, 12]);
    const oracle = await evaluate(
      'minmax',
      clf,
      [0, 1, 2].map((i) => ({
        x: pixels.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS),
        label: images.labels[i]!,
      })),
      jobOptions(settings, image),
      { fairMi: { ...FAIR_MI_DEFAULTS, ...fairMi } },
    );
    const last = samples.at(-1)!.summary;
    expect(last.asr).toBe(oracle.summary.asr);
    expect(last.miFairMean).toBe(oracle.summary.miFairMean);
    expect(last.miMean).toBe(oracle.summary.miMean);
    oracle.results.forEach((r, i) => {
      expect(samples[i]!.sample.success).toBe(r.success);
      expect(samples[i]!.sample.miFair?.mean).toBe(r.miFair?.mean);
    });
  });

  it('stops on cancel and keeps what finished', async () => {
    const { messages, post } = collect();
    const abort = new AbortController();
    await executeBatch(
      { type: 'batch-start', jobId: 3, settings, images, fairMi },
      clf,
      'cpu',
      abort.signal,
      (m) => {
        post(m);
        // Mid-attack on the second image: its half-made result must not count.
        if (
          m.type === 'job-progress' &&
          m.message.startsWith('image 2 of 3') &&
          m.message.includes('iteration')
        )
          abort.abort();
      },
    );
    expect(messages.filter((m) => m.type === 'batch-sample')).toHaveLength(1);
    expect(messages.at(-1)).toMatchObject({ type: 'job-done', cancelled: true });
  });
});
