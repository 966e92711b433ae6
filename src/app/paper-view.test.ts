import { describe, expect, it } from 'vitest';
import { expectedSeconds, settingsFor } from '../core/experiments/reproduce/scales';
import type { ReproduceRecord } from '../core/experiments/reproduce/types';
import { progressLine, unitsTotal } from './job-state';
import {
  figureAlt,
  paperExport,
  paperStem,
  rowsCsv,
  scaleChoices,
  scaleLabel,
  splitRow,
  svgDataUrl,
  tableBlocks,
} from './paper-view';

describe('the Paper view, pure parts', () => {
  it("lists every scale with the cost model's time, the paper scale not runnable", () => {
    const choices = scaleChoices('asr-mi');
    expect(choices.map((c) => [c.scale, c.runnable])).toEqual([
      ['quick', true],
      ['standard', true],
      ['paper', false],
    ]);
    expect(choices[0]!.seconds).toBe(expectedSeconds(settingsFor('asr-mi', 'quick')));
    // 4 images × (penalty 100 × 5 × 18 ms + 600 fair steps × 7 ms, MinMax 100 × 19 ms + 4.2 s).
    expect(choices[0]!.seconds).toBeCloseTo(4 * (9 + 4.2 + 1.9 + 4.2), 6);
    expect(scaleLabel(choices[0]!)).toBe('quick: about 77 s');
    expect(scaleLabel(choices[2]!)).toMatch(/^paper: about \d+ days \(not run in the browser\)$/);
  });

  it('counts the units of a run: methods × samples, or autoencoders', () => {
    expect(unitsTotal('asr-mi', 'quick')).toBe(8);
    expect(unitsTotal('mi-distribution', 'quick')).toBe(15);
    expect(unitsTotal('minmax-vs-pgd', 'standard')).toBe(140);
    expect(unitsTotal('reconstruction', 'quick')).toBe(4);
  });

  it('reads the Markdown table lines back into cells, escaped bars included', () => {
    expect(splitRow('| a | b \\| c | 1.5 % |')).toEqual(['a', 'b | c', '1.5 %']);
    const blocks = tableBlocks([
      'MNIST test images 0..3, T = 100.',
      '',
      '| method | n | paper MI |',
      '|---|---|---|',
      '| penalty-based | 4 | 28.28 |',
      '| MinMax | 4 | 51.29 |',
      '',
      'Bins: 0 to 3 nats.',
    ]);
    expect(blocks).toEqual([
      { kind: 'text', text: 'MNIST test images 0..3, T = 100.' },
      {
        kind: 'table',
        header: ['method', 'n', 'paper MI'],
        rows: [
          ['penalty-based', '4', '28.28'],
          ['MinMax', '4', '51.29'],
        ],
      },
      { kind: 'text', text: 'Bins: 0 to 3 nats.' },
    ]);
  });

  it('writes the rows as CSV: every key, empty for null and NaN, objects as quoted JSON', () => {
    const csv = rowsCsv([
      { method: 'penalty', asr: 1, miMean: null, failures: { 'f > 0': 1 } },
      { method: 'minmax', asr: 0.75, miMean: Number.NaN, note: 'a, "b"' },
    ]);
    expect(csv).toBe(
      'method,asr,miMean,failures,note\npenalty,1,,"{""f > 0"":1}",\nminmax,0.75,,,"a, ""b"""\n',
    );
  });

  const record = {
    name: 'minmax-vs-pgd',
    scale: 'quick',
    seed: 3,
    backend: 'cpu',
    complete: false,
  } as ReproduceRecord;

  it('names the files by experiment, scale and seed, and marks a partial one', () => {
    expect(paperStem(record)).toBe('paper-minmax-vs-pgd-quick-seed3-partial');
    expect(paperStem({ ...record, complete: true })).toBe('paper-minmax-vs-pgd-quick-seed3');
    expect(paperExport(record, { versions: { tfjs: '4' }, page: 'p' })).toMatchObject({
      kind: 'paper',
      status: 'partial',
      seed: 3,
      backend: 'cpu',
      versions: { tfjs: '4' },
      record,
    });
  });

  it('gives each figure a text alternative and an <img> source that decodes back to the SVG', () => {
    expect(figureAlt({ name: 'minmax-vs-pgd-grid', title: 'MinMax vs PGD' })).toBe(
      'MinMax vs PGD: image grid: each test image x, then each method’s x′ and its δ. The numbers it draws are in the table above.',
    );
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>a & b # 50 %</text></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(url).not.toMatch(/[#<>"%](?![0-9A-F]{2})/);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(svg);
  });

  it('says how far a run is, with the time left when there is an estimate', () => {
    const p = { done: 3, total: 8, message: 'sample 2/4 penalty: success' };
    expect(progressLine(p, 'units', 42, 130)).toBe(
      '3 of 8 units done · sample 2/4 penalty: success · 42 s elapsed · about 2 min left',
    );
    expect(progressLine(p, 'units', 42, null)).toBe(
      '3 of 8 units done · sample 2/4 penalty: success · 42 s elapsed',
    );
  });
});
