import { describe, expect, it } from 'vitest';
import { IMAGE_PIXELS } from './protocol';
import { BATCH_MAX_IMAGES, parseEvidenceToUi, parseEvidenceToWorker } from './protocol-evidence';
import { testImageMessage, testSettings } from './testing/messages';

const settings = testSettings({ iters: 20 });
const image = testImageMessage(new Float32Array(IMAGE_PIXELS));
const compare = {
  type: 'compare-start',
  jobId: 1,
  settings,
  image,
  methods: ['minmax', 'pgd'],
  fairMi: { steps: 20, restarts: 2 },
};

function batch(n: number, extra: Record<string, unknown> = {}) {
  return {
    type: 'batch-start',
    jobId: 2,
    settings,
    images: {
      indices: Array.from({ length: n }, (_, i) => i),
      labels: Array.from({ length: n }, () => 1),
      pixels: new Float32Array(n * IMAGE_PIXELS),
      ...extra,
    },
    fairMi: { steps: 20, restarts: 0 },
  };
}

function error(data: unknown): string {
  const parsed = parseEvidenceToWorker(data);
  if (parsed === null || parsed.ok) throw new Error('expected a refusal');
  return parsed.error;
}

describe('evidence messages to the worker', () => {
  it('leaves other messages to protocol.ts', () => {
    expect(parseEvidenceToWorker({ type: 'run' })).toBeNull();
    expect(parseEvidenceToWorker('compare-start')).toBeNull();
    expect(parseEvidenceToUi({ type: 'done' })).toBeNull();
  });

  it('reads a valid compare and batch', () => {
    expect(parseEvidenceToWorker(compare)).toMatchObject({ ok: true, value: { methods: ['minmax', 'pgd'] } });
    expect(parseEvidenceToWorker(batch(3))).toMatchObject({
      ok: true,
      value: { images: { indices: [0, 1, 2] } },
    });
    expect(parseEvidenceToWorker({ type: 'job-cancel', jobId: 4 })).toEqual({
      ok: true,
      value: { type: 'job-cancel', jobId: 4 },
    });
  });

  it('refuses what a crafted message could make the worker do, with the reason', () => {
    expect(error({ ...compare, methods: ['minmax', 'mine-uae'] })).toBe(
      'compare-start: methods[1] must be one of minmax, penalty, pgd on the supervised task',
    );
    expect(error({ ...compare, methods: ['pgd', 'pgd'] })).toBe('compare-start: methods must not repeat');
    expect(error({ ...compare, methods: [] })).toBe('compare-start: methods must be a non-empty array');
    expect(error({ ...compare, fairMi: { steps: 0, restarts: 1 } })).toBe(
      'compare-start: fairMi.steps must be an integer in [1, 100000]',
    );
    expect(error(batch(BATCH_MAX_IMAGES + 1))).toBe(
      `batch-start: a batch holds 1 to ${BATCH_MAX_IMAGES} images`,
    );
    expect(error(batch(2, { labels: [1] }))).toBe('batch-start: labels must hold one label per index');
    expect(error(batch(2, { labels: [1, 10] }))).toBe(
      'batch-start: images.labels[1] must be an integer in [0, 9]',
    );
    expect(error(batch(2, { pixels: new Float32Array(IMAGE_PIXELS) }))).toBe(
      `batch-start: pixels must hold ${2 * IMAGE_PIXELS} values`,
    );
    expect(error({ ...batch(1), settings: { ...settings, method: 'mine-uae', task: 'unsupervised' } })).toBe(
      'batch-start: a batch attacks the classifier with minmax, penalty, pgd',
    );
  });
});

describe('evidence messages to the UI', () => {
  const row = {
    method: 'pgd',
    success: false,
    failureReason: 'f stayed > 0',
    firstSuccessIter: null,
    miBest: null,
    miFair: { mean: 0.3, std: 0.1, steps: 20, restarts: 2 },
    miFairProblem: null,
    linf: 0.2,
    l2: 3,
    seconds: 1,
    fairSeconds: 0.5,
    itersRun: 20,
    predictedAdv: 7,
    delta: new Float32Array(IMAGE_PIXELS),
    adversarial: new Float32Array(IMAGE_PIXELS),
  };

  it('reads a row, and refuses a failure without its reason', () => {
    expect(parseEvidenceToUi({ type: 'compare-row', jobId: 1, row })).toMatchObject({ ok: true });
    expect(
      parseEvidenceToUi({ type: 'compare-row', jobId: 1, row: { ...row, failureReason: null } }),
    ).toEqual({
      ok: false,
      error: 'compare-row: a failure needs a failureReason',
    });
    expect(
      parseEvidenceToUi({ type: 'job-done', jobId: 1, cancelled: false, seconds: 2, backend: 'tpu' }),
    ).toEqual({
      ok: false,
      error: 'job-done: backend must be one of webgpu, webgl, wasm, cpu',
    });
  });
});
