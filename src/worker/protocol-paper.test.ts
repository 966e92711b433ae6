import { describe, expect, it } from 'vitest';
import { STATE_FORMAT } from '../core/experiments/reproduce/types';
import { parsePaperToUi, parsePaperToWorker } from './protocol-paper';

const state = (seed: number) => ({
  format: STATE_FORMAT,
  name: 'asr-mi',
  scale: 'quick',
  seed,
  settings: {},
  units: [{ key: '0/penalty', seconds: 2 }],
  seconds: 2,
});

const record = {
  name: 'asr-mi',
  title: 'Mutual Information and Attack Success Rate',
  slide: 's',
  scale: 'quick',
  seed: 1,
  backend: 'cpu',
  seconds: 3,
  expectedSeconds: 77,
  settings: { n: 4 },
  rows: [{ method: 'penalty', n: 1 }],
  paper: [{ method: 'penalty', mi: 28.28 }],
  paperNote: 'n',
  timing: { penalty: 3 },
  complete: false,
  extra: {},
  units: [{ key: '0/penalty', seconds: 3 }],
};

describe('the Paper messages', () => {
  it('reads a start, and refuses a resume state of another run or a damaged one', () => {
    const start = {
      type: 'paper-start',
      jobId: 2,
      name: 'asr-mi',
      scale: 'quick',
      seed: 1,
      resume: state(1),
    };
    const ok = parsePaperToWorker(start);
    expect(ok).toMatchObject({
      ok: true,
      value: { name: 'asr-mi', resume: { units: [{ key: '0/penalty' }] } },
    });
    expect(parsePaperToWorker({ ...start, seed: 2 })).toEqual({
      ok: false,
      error: 'paper-start: the partial result is of asr-mi at quick scale, seed 1; resume it with those',
    });
    expect(parsePaperToWorker({ ...start, resume: { ...state(1), units: [{ key: 'x' }] } })).toEqual({
      ok: false,
      error: 'paper-start: the partial result cannot be read: unit x has no time',
    });
    expect(parsePaperToWorker({ ...start, seed: 2 ** 32 })).toMatchObject({ ok: false });
    expect(parsePaperToWorker({ type: 'batch-start' })).toBeNull();
  });

  it('reads a result with its record, figures and state; refuses a figure that is not SVG', () => {
    const result = {
      type: 'paper-result',
      jobId: 2,
      record,
      figures: [{ name: 'asr-mi-bars', title: 't', svg: '<svg></svg>' }],
      table: ['| a |'],
      markdown: '# t',
      state: state(1),
    };
    expect(parsePaperToUi(result)).toMatchObject({ ok: true, value: { record: { complete: false } } });
    expect(parsePaperToUi({ ...result, figures: [{ name: 'x', title: 't', svg: '<script>' }] })).toEqual({
      ok: false,
      error: 'paper-result: figures[0].svg must be an SVG document',
    });
    expect(parsePaperToUi({ ...result, record: { ...record, rows: [1] } })).toEqual({
      ok: false,
      error: 'paper-result: record.rows[0] must be an object',
    });
    expect(parsePaperToUi({ ...result, table: 'x' })).toMatchObject({ ok: false });
  });

  it('reads progress with a null ETA (before the first unit)', () => {
    const progress = {
      done: 0,
      total: 8,
      sample: 0,
      samples: 4,
      method: 'penalty',
      elapsedSeconds: 0,
      etaSeconds: null,
      message: 'm',
    };
    expect(parsePaperToUi({ type: 'paper-progress', jobId: 1, progress })).toEqual({
      ok: true,
      value: { type: 'paper-progress', jobId: 1, progress },
    });
    expect(
      parsePaperToUi({ type: 'paper-progress', jobId: 1, progress: { ...progress, done: -1 } }),
    ).toMatchObject({
      ok: false,
    });
  });
});
