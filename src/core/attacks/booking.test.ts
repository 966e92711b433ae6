/**
 * The booking rule written once (Ledger) and a batch's kept δs (IterateBook), which both MinMax
 * attacks' loop (minmax-loop.ts) books through: which iterate becomes δ*, which the closest, and
 * that what is returned is each image's own iterate bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { IterateBook, Ledger } from './booking';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('Ledger', () => {
  it('MINE-UAE: the success of smallest I is δ*, the smallest f the closest, failures count too', () => {
    const l = new Ledger((a, b) => a < b);
    expect(l.offer(1, 0.5, 1, false)).toEqual({ best: false, closest: true });
    expect(l.offer(-1, 0.3, 2, true)).toEqual({ best: true, closest: true });
    expect(l.offer(-2, 0.4, 3, true)).toEqual({ best: false, closest: true });
    expect(l.offer(-0.5, 0.1, 4, true)).toEqual({ best: true, closest: false });
    expect([l.bestMi, l.bestIter, l.closestF, l.firstSuccessIter]).toEqual([0.1, 4, -2, 2]);
    expect(l.stats.n).toBe(4);
    expect(l.stats.smallestFIter).toBe(3);
  });

  it('supervised: the highest I wins; a failed iterate never becomes δ*', () => {
    const l = new Ledger((a, b) => a > b);
    l.offer(-1, 2, 1, true);
    expect(l.offer(-1, 5, 2, false).best).toBe(false);
    expect(l.offer(-1, 3, 3, true).best).toBe(true);
    expect(l.bestMi).toBe(3);
  });
});

describe('IterateBook', () => {
  it("returns each image's δ*, else its closest iterate, else the current δ, bit for bit", async () => {
    const shape: [number, number, number, number] = [3, 2, 2, 1];
    const book = new IterateBook(shape, (a, b) => a > b);
    const values = (k: number) => Float32Array.from({ length: 12 }, (_, i) => Math.fround(0.1 * k + i / 7));
    // Iteration 1: image 0 succeeds, image 1 fails (closest), image 2 is not offered.
    const first = tf.tensor4d(values(1), shape);
    const took = [book.ledgers[0]!.offer(-1, 0.5, 1, true), book.ledgers[1]!.offer(2, 0.5, 1, false)];
    const mask = (f: (t: { best: boolean; closest: boolean }) => boolean) =>
      Float32Array.from([...took.map((t) => (f(t) ? 1 : 0)), 0]);
    book.keep(
      first,
      mask((t) => t.best),
      mask((t) => t.closest),
    );
    // Iteration 2: worse for both images: nothing is kept.
    const second = tf.tensor4d(values(2), shape);
    const again = [book.ledgers[0]!.offer(-1, 0.1, 2, true), book.ledgers[1]!.offer(3, 0.5, 2, false)];
    // Image 0: a lower I and an equal f; image 1: a larger f.
    expect(again.map((t) => t.best || t.closest)).toEqual([false, false]);
    book.keep(second, Float32Array.of(0, 0, 0), Float32Array.of(0, 0, 0));
    const current = tf.tensor4d(values(3), shape);
    const chosen = tf.tidy(() => book.chosen(current));
    const got = (await chosen.data()) as Float32Array;
    const rows = (v: Float32Array, b: number) => Array.from(v.subarray(b * 4, (b + 1) * 4));
    expect(rows(got, 0)).toEqual(rows(values(1), 0));
    expect(rows(got, 1)).toEqual(rows(values(1), 1));
    expect(rows(got, 2)).toEqual(rows(values(3), 2));
    tf.dispose([first, second, current, chosen]);
    book.dispose();
  });
});
