import { describe, expect, it } from 'vitest';
import { ScalarBatch, type ScalarSource } from './scalar-batch';

const rec = (t: number, delta?: Float32Array): ScalarSource => ({
  t,
  part: 'both',
  searchStep: 0,
  c: t,
  f: -t,
  mi: 0.1 * t,
  success: t > 1,
  linf: 0.5,
  l2: 1,
  bestMi: null,
  predicted: 3,
  ...(delta === undefined ? {} : { delta }),
});

describe('ScalarBatch', () => {
  it('keeps every record, in order, exactly once', () => {
    const b = new ScalarBatch();
    for (let t = 1; t <= 5; t++) b.add(rec(t, new Float32Array(784).fill(t)));
    const first = b.take();
    expect(first.records.map((r) => r.t)).toEqual([1, 2, 3, 4, 5]);
    expect(first.deltas.length).toBe(5 * 784);
    expect(first.deltas[784 * 3]).toBe(4);
    expect('delta' in first.records[0]!).toBe(false);
    expect(b.size).toBe(0);
    b.add(rec(6));
    const second = b.take();
    expect(second.records.map((r) => r.t)).toEqual([6]);
    expect(second.deltas.length).toBe(0);
  });

  it('drops δs of a batch where some record lacks one, so they never misalign', () => {
    const b = new ScalarBatch();
    b.add(rec(1, new Float32Array(784)));
    b.add(rec(2));
    const out = b.take();
    expect(out.records.length).toBe(2);
    expect(out.deltas.length).toBe(0);
  });
});
