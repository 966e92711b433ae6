import { beforeEach, describe, expect, it } from 'vitest';
import type { LabToWorker } from '../worker/protocol-lab';
import { DEFAULT_LAB_CONFIG, exactMi, readTable, setLabSender, useLabStore } from './lab-store';

describe('the lab table as typed', () => {
  it('reads and normalises a valid table', () => {
    expect(readTable(['1', '0', '0', '1'])).toEqual({ ok: true, table: [0.5, 0, 0, 0.5] });
  });
  it.each([
    [['0.5', '-0.1', '0', '0.5'], 'P(X=0, Y=1) must not be negative (got -0.1).', 1],
    [['0.5', '0', 'abc', '0.5'], 'P(X=1, Y=0) is not a decimal number (e.g. 0.3 or 1e-3).', 2],
    [['0.5', '0', '0', ''], 'P(X=1, Y=1) is empty.', 3],
    [['0', '0', '0', '0'], 'The table needs at least one positive entry.', null],
  ])('%o → %s', (texts, error, cell) => {
    const r = readTable(texts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.cell).toBe(cell);
      expect(r.error).toBe(error);
    }
  });
  it('exact MI of each case, in nats', () => {
    expect(exactMi(DEFAULT_LAB_CONFIG)).toBeCloseTo(Math.LN2, 10);
    expect(exactMi({ ...DEFAULT_LAB_CONFIG, source: 'gaussian', rho: 0.5, dim: 2 })).toBeCloseTo(
      2 * 0.143841,
      5,
    );
    expect(exactMi({ ...DEFAULT_LAB_CONFIG, table: ['1', '-1', '0', '1'] })).toBeNull();
  });
});

describe('the lab job in the store', () => {
  let sent: LabToWorker[] = [];
  beforeEach(() => {
    sent = [];
    setLabSender((m) => {
      sent.push(m);
      return true;
    });
    useLabStore.setState({ config: DEFAULT_LAB_CONFIG });
  });
  it('refuses a bad table without sending anything', () => {
    useLabStore.getState().setConfig({ table: ['1', 'x', '0', '1'] });
    expect(useLabStore.getState().start()).toMatch(/P\(X=0, Y=1\) is not a decimal number/);
    expect(sent).toEqual([]);
  });
  it('sends the normalised table, caps InfoNCE’s batch, and follows progress and the end', () => {
    useLabStore.getState().setConfig({ table: ['2', '0', '0', '2'], bound: 'infonce', batch: 1024 });
    expect(useLabStore.getState().start()).toBeNull();
    const m = sent[0]!;
    expect(m).toMatchObject({ type: 'lab-start', table: [0.5, 0, 0, 0.5], bound: 'infonce', batch: 128 });
    const { jobId } = m;
    const job = () => useLabStore.getState().job;
    expect(job()).toMatchObject({ status: 'running', ceiling: Math.log(128), truth: Math.LN2 });
    useLabStore
      .getState()
      .apply({ type: 'lab-progress', jobId: jobId + 1, step: 1, values: [9], estimate: 9 });
    expect(job().values).toEqual([]);
    useLabStore
      .getState()
      .apply({ type: 'lab-progress', jobId, step: 2, values: [0.1, 0.2], estimate: 0.15 });
    useLabStore.getState().apply({ type: 'lab-progress', jobId, step: 3, values: [0.3], estimate: 0.2 });
    expect(job()).toMatchObject({ step: 3, values: [0.1, 0.2, 0.3], estimate: 0.2 });
    useLabStore.getState().cancel();
    expect(sent[1]).toEqual({ type: 'lab-cancel', jobId });
    useLabStore.getState().apply({
      type: 'lab-done',
      jobId,
      step: 3,
      estimate: 0.2,
      cancelled: true,
      seconds: 1,
      backend: 'cpu',
    });
    expect(job().status).toBe('cancelled');
  });
});
