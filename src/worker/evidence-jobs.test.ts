import { describe, expect, it } from 'vitest';
import { EvidenceJobs, type JobEngine } from './evidence-jobs';
import type { EvidenceToUi } from './protocol-evidence';
import type { PaperToUi } from './protocol-paper';

type Posted = EvidenceToUi | PaperToUi;

function engine(busy: string | null): JobEngine {
  return {
    ready: () => Promise.resolve(),
    backend: () => null,
    classifier: () => null,
    autoencoder: () => Promise.reject(new Error('none')),
    busy: () => busy,
  };
}

describe('the worker job slot', () => {
  it('leaves other messages alone and reports an invalid job message', () => {
    const posted: Posted[] = [];
    const invalid: string[] = [];
    const jobs = new EvidenceJobs(engine(null), (m) => posted.push(m));
    expect(jobs.receive({ type: 'run', runId: 1 }, (e) => invalid.push(e))).toBe(false);
    expect(jobs.receive({ type: 'job-cancel', jobId: -1 }, (e) => invalid.push(e))).toBe(true);
    expect(invalid).toEqual(['job-cancel: jobId must be an integer in [0, 9007199254740991]']);
    expect(posted).toEqual([]);
  });

  it('refuses a job while a run or an experiment holds the engine, saying which', () => {
    const posted: Posted[] = [];
    const jobs = new EvidenceJobs(
      engine('A run is in progress in the Run view; cancel it or wait for it first.'),
      (m) => posted.push(m),
    );
    jobs.handle({ type: 'job-cancel', jobId: 9 });
    jobs.handle({
      type: 'batch-start',
      jobId: 3,
      settings: {} as never,
      images: { indices: [0], labels: [0], pixels: new Float32Array(784) },
      fairMi: { steps: 1, restarts: 0 },
    });
    expect(posted).toEqual([
      {
        type: 'job-error',
        jobId: 3,
        message: 'A run is in progress in the Run view; cancel it or wait for it first.',
      },
    ]);
    expect(jobs.active).toBe(false);
  });

  it('reports a job that cannot run as its own error and frees the slot', async () => {
    const posted: Posted[] = [];
    const jobs = new EvidenceJobs(engine(null), (m) => posted.push(m));
    jobs.handle({
      type: 'batch-start',
      jobId: 4,
      settings: {} as never,
      images: { indices: [0], labels: [0], pixels: new Float32Array(784) },
      fairMi: { steps: 1, restarts: 0 },
    });
    expect(jobs.active).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(posted).toEqual([
      { type: 'job-error', jobId: 4, message: 'The job failed: the engine is not ready' },
    ]);
    expect(jobs.active).toBe(false);
  });

  it('takes Paper starts through the same slot: refused while the engine is busy, the paper scale invalid', () => {
    const posted: Posted[] = [];
    const invalid: string[] = [];
    const jobs = new EvidenceJobs(
      engine('The augmentation experiment is running; cancel it or wait for it first.'),
      (m) => posted.push(m),
    );
    const start = { type: 'paper-start', jobId: 5, name: 'asr-mi', scale: 'quick', seed: 1, resume: null };
    expect(jobs.receive(start, (e) => invalid.push(e))).toBe(true);
    expect(jobs.receive({ ...start, jobId: 6, scale: 'paper' }, (e) => invalid.push(e))).toBe(true);
    expect(jobs.receive({ ...start, jobId: 7, name: 'nope' }, (e) => invalid.push(e))).toBe(true);
    expect(posted).toEqual([
      {
        type: 'job-error',
        jobId: 5,
        message: 'The augmentation experiment is running; cancel it or wait for it first.',
      },
    ]);
    expect(invalid).toEqual([
      'paper-start: scale must be one of quick, standard',
      'paper-start: name must be one of asr-mi, mi-distribution, minmax-vs-pgd, reconstruction',
    ]);
    expect(jobs.active).toBe(false);
  });
});
