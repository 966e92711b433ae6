import { describe, expect, it } from 'vitest';
import type { IterationScalars } from '../worker/protocol';
import { ChartPointsFollower, downsample, successStarts } from './chart-data';
import { traceCsv } from './export-data';

/** The whole trace converted afresh. */
const toChartPoints = (records: readonly IterationScalars[]) => new ChartPointsFollower().of(records).slice();

const recs = (n: number, success: (i: number) => boolean = () => false): IterationScalars[] =>
  Array.from({ length: n }, (_, i) => ({
    t: i + 1,
    part: 'both',
    searchStep: 0,
    c: 1,
    f: 1 - i,
    mi: i === 2 ? NaN : i,
    success: success(i),
    linf: 0.1,
    l2: 0.2,
    bestMi: null,
    predicted: 1,
  }));

describe('chart data', () => {
  it('smooths MI over all records and skips non-finite values', () => {
    const p = toChartPoints(recs(4));
    expect(p[0]!.miSmooth).toBe(0);
    expect(p[1]!.miSmooth).toBeCloseTo(0.1);
    expect(p[2]!.mi).toBeNull();
    expect(p[3]!.miSmooth).toBeCloseTo(0.1 + 0.1 * (3 - 0.1));
  });

  it('downsamples to the limit, keeping the last point and every success start', () => {
    const all = toChartPoints(recs(1000, (i) => i === 333 || i === 334 || i === 777));
    const d = downsample(all, 100);
    expect(d.length).toBeLessThanOrEqual(103);
    expect(d.at(-1)!.n).toBe(1000);
    expect(d.map((p) => p.n)).toContain(334);
    expect(d.map((p) => p.n)).toContain(778);
    expect(successStarts(all)).toEqual([334, 778]);
    expect(successStarts(all, 1)).toEqual([334]);
    expect(downsample(all.slice(0, 10), 100).length).toBe(10);
  });

  it('follows a trace that grows in place, and starts afresh when it is emptied', () => {
    const all = recs(50, (i) => i > 30);
    const records = all.slice(0, 10);
    const follower = new ChartPointsFollower();
    expect(follower.of(records).length).toBe(10);
    records.push(...all.slice(10));
    expect(follower.of(records)).toEqual(toChartPoints(all));
    // A restart empties the array in place and refills it.
    records.length = 0;
    records.push(...recs(5));
    expect(follower.of(records)).toEqual(toChartPoints(recs(5)));
  });

  it('moves its revision when the points change, and only then', () => {
    const records = recs(5);
    const follower = new ChartPointsFollower();
    follower.of(records);
    const r = follower.revision;
    follower.of(records);
    expect(follower.revision).toBe(r);
    records.push(...recs(1));
    follower.of(records);
    expect(follower.revision).not.toBe(r);
    const r2 = follower.revision;
    // A different array of the same length starts afresh.
    follower.of(recs(6));
    expect(follower.revision).not.toBe(r2);
  });

  it('exports one CSV line per record with a header', () => {
    const csv = traceCsv(recs(3, (i) => i === 1));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('index,t,part,searchStep,c,f,mi,success,linf,l2,bestMi,predicted,shown');
    expect(lines.length).toBe(4);
    expect(lines[2]).toBe('2,2,both,0,1,0,1,1,0.1,0.2,,1,');
  });
});
