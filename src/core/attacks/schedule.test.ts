import { describe, expect, it } from 'vitest';
import { initialSearch, nextC, nextSearch } from './schedule';

function cAt(ts: number[], fPlus: number): number[] {
  let c = 1e-3;
  const out: number[] = [];
  for (let t = 1; t <= Math.max(...ts); t++) {
    c = nextC(c, t, 0.1, fPlus);
    if (ts.includes(t)) out.push(c);
  }
  return out;
}

describe('MinMax dual ascent on c (docs/ALGORITHM.md §9)', () => {
  it('f⁺ ≡ 0 decays c from 1e-3', () => {
    const want = [9.0e-4, 8.2432e-4, 7.6168e-4, 4.8534e-4, 1.4307e-5];
    cAt([1, 2, 3, 10, 100], 0).forEach((c, i) => {
      expect(c / want[i]! - 1).toBeCloseTo(0, 3);
    });
  });
  it('f⁺ ≡ 1 grows c', () => {
    const want = [0.1009, 0.192415, 0.277795, 0.764504, 2.845243, 5.543439];
    cAt([1, 2, 3, 10, 100, 1000], 1).forEach((c, i) => {
      expect(c / want[i]! - 1).toBeCloseTo(0, 4);
    });
  });
  it('c never goes negative', () => {
    expect(nextC(1, 1, 1.5, 0)).toBe(0);
  });
});

describe('penalty baseline binary search (docs/ALGORITHM.md §3)', () => {
  const run = (outcomes: boolean[]) => {
    let s = initialSearch(1e-3);
    const cs: number[] = [];
    for (const ok of outcomes) {
      cs.push(s.c);
      s = nextSearch(s, ok);
    }
    return cs;
  };
  it('all fail → ×10 each step', () => {
    run(Array<boolean>(9).fill(false)).forEach((c, i) => {
      expect(c / 10 ** (i - 3) - 1).toBeCloseTo(0, 9);
    });
  });
  it('all succeed → halves each step', () => {
    const cs = run(Array<boolean>(9).fill(true));
    expect(cs[8]).toBeCloseTo(3.90625e-6, 12);
    cs.forEach((c, i) => {
      expect(c).toBeCloseTo(1e-3 / 2 ** i, 12);
    });
  });
  it('F,F,S,F,S,S,F,S → the documented schedule', () => {
    const cs = run([false, false, true, false, true, true, false, true, false]);
    const want = [1e-3, 1e-2, 0.1, 0.055, 0.0775, 0.06625, 0.060625, 0.0634375, 0.06203125];
    cs.forEach((c, i) => {
      expect(c).toBeCloseTo(want[i]!, 10);
    });
  });
});
