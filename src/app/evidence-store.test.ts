import { beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../core/limits';
import type { RunSettings } from '../worker/protocol';
import { IMAGE_PIXELS } from '../worker/protocol';
import type { EvidenceToWorker } from '../worker/protocol-evidence';
import type { PaperStartMessage } from '../worker/protocol-paper';
import { STATE_FORMAT, type ReproduceRecord, type ReproduceState } from '../core/experiments/reproduce/types';
import {
  configProblem,
  etaSeconds,
  firstImages,
  methodsFor,
  setEvidenceSender,
  useEvidenceStore,
} from './evidence-store';
import { settingsFromUrl } from './url-settings';
import { DEFAULT_URL_STATE } from './url-state';

const settings: RunSettings = settingsFromUrl({ ...DEFAULT_URL_STATE, iters: 20 }, 'lite');
const image = {
  source: 'test' as const,
  index: 7,
  label: 9,
  pixels: new Float32Array(IMAGE_PIXELS).fill(0.5),
};

/** Ten images, labels 0…9 twice over; pixel value = index / 255. */
const set = {
  count: 20,
  labels: Uint8Array.from({ length: 20 }, (_, i) => i % 10),
  images: Uint8Array.from({ length: 20 * IMAGE_PIXELS }, (_, p) => Math.floor(p / IMAGE_PIXELS)),
};

let sent: (EvidenceToWorker | PaperStartMessage)[] = [];

beforeEach(() => {
  sent = [];
  setEvidenceSender((m) => {
    sent.push(m);
    return true;
  });
  useEvidenceStore.getState().reset();
  useEvidenceStore
    .getState()
    .setConfig({ cmpMethods: ['minmax', 'penalty', 'pgd', 'mine-uae'], batchN: 10, batchLabel: -1 });
});

describe('evidence settings', () => {
  it('refuses values outside the link limits with a message naming the field and its range', () => {
    expect(configProblem({ batchN: 0 })).toBe('Images N must be a whole number from 1 to 100; got 0.');
    expect(configProblem({ batchN: 2.5 })).toBe('Images N must be a whole number from 1 to 100; got 2.5.');
    expect(configProblem({ fairMiRestarts: 101 })).toBe(
      'Fair MI restarts R must be a whole number from 0 to 100; got 101.',
    );
    expect(configProblem({ batchLabel: 10 })).toBe(
      'Label filter must be a whole number from -1 to 9; got 10.',
    );
    expect(configProblem({ fairMiSteps: 300, batchN: 100 })).toBeNull();
    const store = useEvidenceStore.getState();
    expect(store.setConfig({ batchN: 101 })).toContain('Images N');
    expect(useEvidenceStore.getState().config.batchN).toBe(10);
    expect(store.setConfig({ batchN: 3 })).toBeNull();
    expect(useEvidenceStore.getState().config.batchN).toBe(3);
  });

  it('offers each task its own methods, in the table order', () => {
    expect(methodsFor('supervised', ['pgd', 'mine-uae', 'minmax'])).toEqual(['minmax', 'pgd']);
    expect(methodsFor('unsupervised', ['ga:0.01', 'pgd', 'mine-uae'])).toEqual(['mine-uae', 'ga:0.01']);
  });

  it('picks the first N test images, of one label when asked', () => {
    const all = firstImages(set, 3, -1);
    expect(all.indices).toEqual([0, 1, 2]);
    expect(all.labels).toEqual([0, 1, 2]);
    expect(all.pixels[IMAGE_PIXELS]).toBeCloseTo(1 / 255, 7);
    const sevens = firstImages(set, 5, 7);
    expect(sevens.indices).toEqual([7, 17]);
    expect(sevens.pixels).toHaveLength(2 * IMAGE_PIXELS);
    expect(sevens.pixels[IMAGE_PIXELS]).toBeCloseTo(17 / 255, 7);
  });

  it('estimates the time left from the pace so far', () => {
    expect(etaSeconds(0, 10, 5000)).toBeNull();
    expect(etaSeconds(2, 10, 4000)).toBe(16);
    expect(etaSeconds(10, 10, 4000)).toBeNull();
  });
});

describe('jobs', () => {
  it('starts a compare with the task methods and the fair-MI settings, and refuses a second job', () => {
    const store = useEvidenceStore.getState();
    expect(store.startCompare(settings, null)).toBe('Choose an image first.');
    expect(store.startCompare(settings, image)).toBeNull();
    expect(sent).toHaveLength(1);
    const msg = sent[0]!;
    expect(msg).toMatchObject({
      type: 'compare-start',
      methods: ['minmax', 'penalty', 'pgd'],
      fairMi: { steps: LIMITS.fairMiSteps.default, restarts: LIMITS.fairMiRestarts.default },
    });
    expect(useEvidenceStore.getState().startBatch(settings, set)).toBe(
      'A Compare is running; cancel it first.',
    );
    expect(sent).toHaveLength(1);
  });

  it('refuses a batch on the autoencoder task and for a label with no image', () => {
    const store = useEvidenceStore.getState();
    expect(store.startBatch({ ...settings, task: 'unsupervised', method: 'mine-uae' }, set)).toMatch(
      /attacks the classifier/,
    );
    expect(store.startBatch(settings, null)).toBe('The MNIST test images are still loading.');
    store.setConfig({ batchLabel: 3 });
    const empty = { ...set, labels: new Uint8Array(20) };
    expect(useEvidenceStore.getState().startBatch(settings, empty)).toBe('No test image has label 3.');
    expect(sent).toEqual([]);
  });

  it('keeps each sample and the latest summary, and ignores another job messages', () => {
    useEvidenceStore.getState().setConfig({ batchN: 2 });
    expect(useEvidenceStore.getState().startBatch(settings, set)).toBeNull();
    const jobId = sent[0]!.jobId;
    const sample = {
      index: 0,
      label: 0,
      predictedClean: 0,
      predictedAdv: 3,
      success: true,
      failureReason: null,
      miBest: 0.5,
      miFair: { mean: 1.2, std: 0.1, steps: 300, restarts: 3 },
      miFairProblem: null,
      firstSuccessIter: 4,
      linf: 0.3,
      l2: 2,
      seconds: 1,
    };
    const summary = {
      n: 1,
      nCorrect: 1,
      asr: 1,
      asrCorrectOnly: 1,
      miMean: 0.5,
      miStd: 0,
      miFairMean: 1.2,
      miFairStd: 0,
      nMiFair: 1,
      meanFirstSuccessIter: 4,
      msPerIter: 20,
    };
    const { apply } = useEvidenceStore.getState();
    apply({ type: 'batch-sample', jobId: jobId + 1, sample, summary });
    expect(useEvidenceStore.getState().batch.samples).toEqual([]);
    apply({ type: 'batch-sample', jobId, sample, summary });
    apply({ type: 'job-progress', jobId, done: 1, total: 2, message: 'image 2 of 2' });
    expect(useEvidenceStore.getState().batch).toMatchObject({
      samples: [sample],
      summary,
      progress: { done: 1 },
    });
    useEvidenceStore.getState().cancel('batch');
    expect(sent[1]).toEqual({ type: 'job-cancel', jobId });
    expect(useEvidenceStore.getState().batch.cancelling).toBe(true);
    apply({ type: 'job-done', jobId, cancelled: true, seconds: 3, backend: 'cpu' });
    expect(useEvidenceStore.getState().batch).toMatchObject({
      status: 'cancelled',
      samples: [sample],
      backend: 'cpu',
    });
    // A late message of the finished job changes nothing.
    apply({ type: 'batch-sample', jobId, sample: { ...sample, index: 1 }, summary });
    expect(useEvidenceStore.getState().batch.samples).toHaveLength(1);
  });
});

describe('the Paper job in the store', () => {
  const state = (seed: number, units: number): ReproduceState => ({
    format: STATE_FORMAT,
    name: 'asr-mi',
    scale: 'quick',
    seed,
    settings: {},
    units: Array.from({ length: units }, (_, i) => ({ key: `${i}/minmax`, seconds: 1 })),
    seconds: units,
  });
  const record = { name: 'asr-mi', complete: false, rows: [] } as unknown as ReproduceRecord;

  it('starts the chosen experiment, keeps a cancelled run partial, and resumes it with its state', () => {
    const store = useEvidenceStore.getState();
    expect(store.setConfig({ paperExp: 'asr-mi', paperScale: 'quick' })).toBeNull();
    expect(store.startPaper(7, false)).toBeNull();
    expect(sent).toHaveLength(1);
    expect(sent).toMatchObject([
      {
        type: 'paper-start',
        name: 'asr-mi',
        scale: 'quick',
        seed: 7,
        resume: null,
      },
    ]);
    const jobId = sent[0]!.jobId;
    // One job at a time on the page too.
    expect(useEvidenceStore.getState().startPaper(7, false)).toBe(
      'A Paper experiment is running; cancel it first.',
    );
    const progress = {
      done: 1,
      total: 8,
      sample: 0,
      samples: 4,
      method: 'minmax',
      elapsedSeconds: 3,
      etaSeconds: 21,
      message: 'sample 1/4 minmax: success',
    };
    store.apply({ type: 'paper-progress', jobId, progress });
    expect(useEvidenceStore.getState().paper.progress).toMatchObject({
      done: 1,
      total: 8,
      etaSeconds: 21,
      message: progress.message,
    });
    // A stale job's message changes nothing.
    store.apply({ type: 'paper-progress', jobId: jobId + 100, progress: { ...progress, done: 5 } });
    expect(useEvidenceStore.getState().paper.progress?.done).toBe(1);
    store.apply({
      type: 'paper-result',
      jobId,
      record,
      figures: [],
      table: ['| a |', '|---|', '| 1 |'],
      markdown: '# x',
      state: state(7, 2),
    });
    store.apply({ type: 'job-done', jobId, cancelled: true, seconds: 4, backend: 'cpu' });
    const paper = useEvidenceStore.getState().paper;
    expect(paper).toMatchObject({ status: 'cancelled', record, table: ['| a |', '|---|', '| 1 |'] });
    expect(paper.partial?.units).toHaveLength(2);

    expect(useEvidenceStore.getState().startPaper(8, true)).toBe(
      'Nothing to resume for asr-mi at quick scale with seed 8: start it afresh.',
    );
    expect(useEvidenceStore.getState().startPaper(7, true)).toBeNull();
    expect(sent[1]).toMatchObject({ type: 'paper-start', seed: 7, resume: { units: state(7, 2).units } });
    expect(useEvidenceStore.getState().paper.progress).toMatchObject({ done: 2, message: 'resuming' });
  });

  it('refuses the paper scale and an unknown experiment from a caller that is not typed', () => {
    const store = useEvidenceStore.getState();
    expect(store.setConfig({ paperScale: 'paper' as never })).toBe(
      'The paper scale does not run in the browser (quick or standard).',
    );
    expect(store.setConfig({ paperExp: 'fig9' as never })).toBe('Unknown experiment fig9.');
    expect(useEvidenceStore.getState().config.paperScale).toBe('quick');
  });
});
