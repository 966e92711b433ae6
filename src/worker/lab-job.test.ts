import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../core/backend';
import { LabJob } from './lab-job';
import type { LabToUi } from './protocol-lab';
import { testLabStart } from './testing/messages';

beforeAll(async () => {
  await initBackend('wasm');
});

const start = testLabStart({ jobId: 7, bound: 'mine', steps: 60, batch: 64 });

function harness(busy: string | null = null) {
  const out: LabToUi[] = [];
  let done: (m: LabToUi) => void = () => undefined;
  const finished = new Promise<LabToUi>((resolve) => {
    done = resolve;
  });
  const job = new LabJob({ ready: () => Promise.resolve(), backend: () => 'wasm', busy: () => busy }, (m) => {
    out.push(m);
    if (m.type !== 'lab-progress') done(m);
  });
  return { job, out, finished };
}

describe('the MINE lab job in the worker', () => {
  it('streams every step once, in order, and ends with the estimate', async () => {
    const { job, out, finished } = harness();
    expect(job.receive(start, () => undefined)).toBe(true);
    expect(job.active).toBe(true);
    const end = await finished;
    expect(end).toMatchObject({ type: 'lab-done', jobId: 7, step: 60, cancelled: false, backend: 'wasm' });
    const progress = out.filter((m) => m.type === 'lab-progress');
    expect(progress.flatMap((m) => m.values)).toHaveLength(60);
    expect(progress.at(-1)!.step).toBe(60);
    expect(job.active).toBe(false);
  });
  it('stops on lab-cancel and says so', async () => {
    const { job, finished } = harness();
    job.receive({ ...start, steps: 20000 }, () => undefined);
    job.receive({ type: 'lab-cancel', jobId: 7 }, () => undefined);
    const end = await finished;
    expect(end).toMatchObject({ type: 'lab-done', cancelled: true });
    if (end.type === 'lab-done') expect(end.step).toBeLessThan(20000);
  });
  it('refuses to start while the engine is busy, and reports an invalid start', () => {
    const { job, out } = harness('A run is in progress');
    job.receive(start, () => undefined);
    expect(out).toEqual([{ type: 'lab-error', jobId: 7, message: 'A run is in progress' }]);
    const errors: string[] = [];
    expect(job.receive({ ...start, rho: 2 }, (e) => errors.push(e))).toBe(true);
    expect(errors[0]).toMatch(/lab-start: rho must be between/);
    expect(job.receive({ type: 'run' }, () => undefined)).toBe(false);
  });
});
