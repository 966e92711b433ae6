/**
 * The reproduce experiments end to end on the real classifier, autoencoders and MNIST, at a tiny
 * override of their scales: the contract fields and sane values of the rows, equal terms between
 * methods (the same images and seeds), a cancelled and resumed run giving the rows of an
 * uninterrupted one byte for byte, the paper's figures in the Markdown, and SVGs that parse.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../backend';
import { loadMnist, type Mnist } from '../../data/mnist-node';
import { loadLayersModel } from '../../models/io';
import {
  renderFiguresOf,
  renderMarkdownOf,
  runReproduction,
  type ReproduceEnv,
  type ReproduceProgress,
  type ReproduceRecord,
  type ReproduceState,
  type ScaleOverride,
} from '.';
import type { SupervisedUnit } from './supervised-runs';
import type { Histogram } from './svg';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let env: ReproduceEnv;
let test: Mnist;

beforeAll(async () => {
  await initBackend('wasm');
  test = await loadMnist('test');
  const train = await loadMnist('train');
  env = {
    backend: 'wasm',
    testSet: () => Promise.resolve(test),
    trainSet: () => Promise.resolve(train),
    loadClassifier: () => loadLayersModel('public/models/mnist-classifier'),
  };
});

/** A unit's completion, not a tick from inside a running attack ("sample 1/2 penalty: iteration 40 of 80"). */
const finished = (p: ReproduceProgress) => !p.message.includes(': iteration ');

/** T = 20 lets MinMax and the penalty's 4th search step (c = 1) succeed on images 0 and 1. */
const TINY: ScaleOverride = { n: 2, iters: 20, searchSteps: 4, fairMiSteps: 20, fairMiRestarts: 1 };

/** An SVG document with a title and these <text> labels. */
function expectSvg(svg: string, labels: readonly string[]): void {
  expect(svg).toMatch(
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/,
  );
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg).toMatch(/<title>[^<]+<\/title>/);
  const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  for (const l of labels)
    expect(
      texts.some((t) => t?.includes(l)),
      `label "${l}" in ${texts.join(' | ')}`,
    ).toBe(true);
  expect(svg).not.toMatch(/NaN|undefined/);
}

function expectSupervisedRow(r: Record<string, unknown>, n: number): void {
  for (const k of ['method', 'n', 'asr', 'miMean', 'miStd', 'miFairMean', 'miFairStd'])
    expect(r).toHaveProperty(k);
  expect(r.n).toBe(n);
  expect(r.asr as number).toBeGreaterThanOrEqual(0);
  expect(r.asr as number).toBeLessThanOrEqual(1);
  if ((r.asr as number) > 0) {
    expect(Number.isFinite(r.miMean)).toBe(true);
    expect(Number.isFinite(r.miFairMean)).toBe(true);
    expect(r.miFairStd as number).toBeGreaterThanOrEqual(0);
  }
}

/** Every method attacked the same images with the same seed, and measured its fair MI alike. */
function expectEqualTerms(state: ReproduceState, methods: readonly string[], n: number, seed: number): void {
  const units = state.units as SupervisedUnit[];
  for (const m of methods) {
    const mine = units.filter((u) => u.method === m).sort((a, b) => a.index - b.index);
    expect(mine.map((u) => [u.index, u.seed, u.label])).toEqual(
      Array.from({ length: n }, (_, i) => [i, seed + i, test.labels[i]]),
    );
  }
}

describe('asr-mi', () => {
  let full: ReproduceRecord;
  let fullState: ReproduceState;

  it('rows carry the contract fields, the methods meet on equal terms, Markdown and SVG render', async () => {
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    full = await runReproduction(
      'asr-mi',
      'quick',
      env,
      { seed: 3, override: TINY },
      {
        onProgress: (p) => {
          if (finished(p)) progress.push(`${p.done}/${p.total} ${p.method}`);
        },
        onState: (s) => {
          fullState = structuredClone(s);
        },
      },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(full.complete).toBe(true);
    expect(progress).toEqual(['1/4 penalty', '2/4 minmax', '3/4 penalty', '4/4 minmax']);
    expect(full.rows.map((r) => r.method)).toEqual(['penalty', 'minmax']);
    full.rows.forEach((r) => {
      expectSupervisedRow(r, 2);
    });
    expect(full.rows[1]!.asr).toBe(1);
    expectEqualTerms(fullState, ['penalty', 'minmax'], 2, 3);
    expect(full.settings).toMatchObject({
      n: 2,
      iters: 20,
      critic: 'lite',
      fairMi: { steps: 20, restarts: 1 },
    });
    const md = renderMarkdownOf(full);
    expect(md).toContain('| method | n | ASR |');
    expect(md).toContain('28.28');
    expect(md).toContain('51.29');
    expect(md).toMatch(/scale: \*\*quick\*\*/);
    const [bars] = renderFiguresOf(full);
    expectSvg(bars!.svg, [
      'ASR (ours)',
      'fair MI (ours)',
      "the talk's MI (MNIST)",
      'MinMax',
      'penalty-based',
      '51.29',
    ]);
  });

  it('a run cancelled after one sample and resumed gives the same rows, byte for byte', async () => {
    const controller = new AbortController();
    let saved: ReproduceState | null = null;
    const partial = await runReproduction(
      'asr-mi',
      'quick',
      env,
      { seed: 3, override: TINY },
      {
        signal: controller.signal,
        onState: (s) => {
          saved = structuredClone(s);
          if (s.units.length === 1) controller.abort();
        },
      },
    );
    expect(partial.complete).toBe(false);
    expect(saved!.units).toHaveLength(1);
    const resumedProgress: number[] = [];
    const resumed = await runReproduction(
      'asr-mi',
      'quick',
      env,
      { seed: 3, override: TINY, resume: saved! },
      {
        onProgress: (p) => {
          if (finished(p)) resumedProgress.push(p.done);
        },
      },
    );
    expect(resumed.complete).toBe(true);
    expect(resumedProgress).toEqual([2, 3, 4]); // only the units the partial run had not finished
    expect(JSON.stringify(resumed.rows)).toBe(JSON.stringify(full.rows));
    expect(JSON.stringify(saved!.units.slice(0, 1).map(stripTime))).toBe(
      JSON.stringify(fullState.units.slice(0, 1).map(stripTime)),
    );
    // The same partial state with other settings is refused, naming what differs.
    await expect(
      runReproduction('asr-mi', 'quick', env, { seed: 3, override: { ...TINY, iters: 30 }, resume: saved! }),
    ).rejects.toThrow(/other settings \(iters 20 → 30\)/);
    await expect(
      runReproduction('asr-mi', 'quick', env, { seed: 4, override: TINY, resume: saved! }),
    ).rejects.toThrow(/--seed 3, not 4/);
  });
});

describe('cancel inside a unit', () => {
  it('stops the attack in flight within its iterations, keeping no half unit', async () => {
    const controller = new AbortController();
    const ticks: string[] = [];
    let saved: ReproduceState | null = null;
    const partial = await runReproduction(
      'asr-mi',
      'quick',
      env,
      { seed: 3, override: { ...TINY, iters: 200 } },
      {
        signal: controller.signal,
        onProgress: (p) => {
          ticks.push(`${p.done} ${p.message}`);
          if (p.message.includes(': iteration ')) controller.abort();
        },
        onState: (s) => {
          saved = structuredClone(s);
        },
      },
    );
    expect(partial.complete).toBe(false);
    expect(saved!.units).toHaveLength(0);
    // One tick from inside the first unit (penalty on image 0: 800 iterations), then nothing.
    expect(ticks).toHaveLength(1);
    expect(ticks[0]).toMatch(/^0 sample 1\/2 penalty: iteration \d+ of 800$/);
  });
});

const stripTime = (u: unknown) => ({ ...(u as Record<string, unknown>), seconds: 0 });

describe('mi-distribution and minmax-vs-pgd', () => {
  let distribution: ReproduceRecord;
  let versus: ReproduceRecord;

  it('mi-distribution: histograms on shared bins whose counts sum to the measured samples', async () => {
    const r = await runReproduction('mi-distribution', 'quick', env, { seed: 1, override: TINY });
    distribution = r;
    expect(r.rows.map((x) => x.method)).toEqual(['penalty', 'minmax', 'pgd']);
    const bins = (r.rows[0]!.histogram as Histogram).counts.length;
    for (const row of r.rows) {
      expectSupervisedRow(row, 2);
      const h = row.histogram as Histogram;
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(row.nMiFair);
      expect(h.counts).toHaveLength(bins);
      expect([h.lo, h.hi]).toEqual([
        (r.rows[0]!.histogram as Histogram).lo,
        (r.rows[0]!.histogram as Histogram).hi,
      ]);
      if ((row.nMiFair as number) > 0) {
        expect(row.miFairMin as number).toBeGreaterThanOrEqual(h.lo);
        expect(row.miFairMax as number).toBeLessThanOrEqual(h.hi);
      }
    }
    expect(renderMarkdownOf(r)).toContain('51.29');
    const [fig] = renderFiguresOf(r);
    expectSvg(fig!.svg, ['MinMax:', 'PGD:', 'fair MI of the returned x′ (nats)', 'samples', 'mean ']);
  });

  it('minmax-vs-pgd: ASR and fair MI of both, and a grid of x, x′ and δ as embedded PNGs', async () => {
    const r = await runReproduction('minmax-vs-pgd', 'quick', env, { seed: 1, override: TINY });
    versus = r;
    expect(r.rows.map((x) => x.method)).toEqual(['pgd', 'minmax']);
    r.rows.forEach((row) => {
      expectSupervisedRow(row, 2);
    });
    const grid = r.extra.grid as { index: number; x: number[]; adversarial: Record<string, number[]> }[];
    expect(grid.map((g) => g.index)).toEqual([0, 1]);
    expect(grid[0]!.x).toEqual(Array.from(test.images.subarray(0, 784)));
    for (const g of grid)
      for (const m of ['pgd', 'minmax']) {
        const adv = g.adversarial[m]!;
        expect(adv).toHaveLength(784);
        expect(Math.max(...adv.map((v, p) => Math.abs(v - g.x[p]! / 255)))).toBeLessThanOrEqual(1 + 1e-6);
      }
    const [gridSvg, bars] = renderFiguresOf(r);
    expectSvg(gridSvg!.svg, ['x', 'PGD x′', 'PGD δ', 'MinMax x′', 'MinMax δ', 'image 0', 'label 7']);
    expect(gridSvg!.svg.match(/<image [^>]*href="data:image\/png;base64,[A-Za-z0-9+/=]+"/g)).toHaveLength(
      2 * 5,
    );
    expectSvg(bars!.svg, ['ASR (ours)', 'fair MI (ours)', 'PGD', 'MinMax']);
    expect(renderMarkdownOf(r)).toContain('images only');
  });

  it('--reuse: units another experiment made are taken, not run again, and give the same rows and grid', async () => {
    const source = { label: 'mi-distribution-quick.json', ...distribution };
    const ran: string[] = [];
    const r = await runReproduction(
      'minmax-vs-pgd',
      'quick',
      env,
      { seed: 1, override: TINY, reuse: [source] },
      { onProgress: (p) => ran.push(`${p.done}/${p.total} ${p.method}`) }, // ticks included: nothing may run
    );
    expect(ran).toEqual([]); // all four units (2 images × PGD, MinMax) were taken
    expect(r.reuse).toEqual([{ label: 'mi-distribution-quick.json', units: 4 }]);
    expect(JSON.stringify(r.rows)).toBe(JSON.stringify(versus.rows));
    expect(JSON.stringify(r.extra.grid)).toBe(JSON.stringify(versus.extra.grid));
    expect(r.seconds).toBeLessThan(versus.seconds);
    expect(renderMarkdownOf(r)).toContain('4 units (method × image) taken from mi-distribution-quick.json');
    // Another seed takes nothing and says why.
    const other = await runReproduction('minmax-vs-pgd', 'quick', env, {
      seed: 1,
      override: { ...TINY, n: 1, iters: 10 },
      reuse: [source],
    });
    expect(other.reuse).toEqual([
      { label: 'mi-distribution-quick.json', units: 0, refused: 'other settings (iters 20 → 10)' },
    ]);
  });
});

describe('reconstruction', () => {
  it('per autoencoder: Original and the five methods, relative changes against Original, resumable', async () => {
    const tiny: ScaleOverride = {
      aes: ['dense', 'sparse'],
      train: 8,
      test: 50,
      epochs: 1,
      iters: 3,
      mineSteps: 2,
      searchSteps: 2,
    };
    const full = await runReproduction('reconstruction', 'quick', env, { seed: 1, override: tiny });
    expect(full.complete).toBe(true);
    expect(full.rows.map((r) => `${String(r.ae)}/${String(r.method)}`)).toEqual(
      ['dense', 'sparse'].flatMap((ae) =>
        ['original', 'mine-uae', 'l2-uae', 'ga:0.01', 'ga:0.001', 'clean'].map((m) => `${ae}/${m}`),
      ),
    );
    for (const ae of ['dense', 'sparse']) {
      const rows = full.rows.filter((r) => r.ae === ae);
      const original = rows[0]!.reconError as number;
      expect(original).toBeGreaterThan(0);
      for (const r of rows.slice(1)) {
        expect(r.relChange as number).toBeCloseTo((original - (r.reconError as number)) / original, 12);
        if (r.method === 'clean') expect(r.asr).toBeNull();
        else {
          expect(r.asr as number).toBeGreaterThanOrEqual(0);
          expect(r.asr as number).toBeLessThanOrEqual(1);
        }
      }
      expect(rows[1]!.critic).toBe('paper'); // random-projection mode: the authors' critic
    }
    const md = renderMarkdownOf(full);
    for (const paper of ['0.00258', '0.00561', '↑ 11.6 %', '92.99 %', 'clean ×2 (control)'])
      expect(md).toContain(paper);

    const controller = new AbortController();
    let saved: ReproduceState | null = null;
    const partial = await runReproduction(
      'reconstruction',
      'quick',
      env,
      { seed: 1, override: tiny },
      {
        signal: controller.signal,
        onState: (s) => {
          saved = structuredClone(s);
          if (s.units.length === 1) controller.abort();
        },
      },
    );
    expect(partial.complete).toBe(false);
    expect(partial.rows.map((r) => r.ae)).toEqual(Array(6).fill('dense'));
    const resumed = await runReproduction('reconstruction', 'quick', env, {
      seed: 1,
      override: tiny,
      resume: saved!,
    });
    expect(JSON.stringify(resumed.rows)).toBe(JSON.stringify(full.rows));
  });
});
