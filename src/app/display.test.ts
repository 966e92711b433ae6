import { describe, expect, it } from 'vitest';
import type { DoneMessage, FrameMessage, ImageView, IterationScalars } from '../worker/protocol';
import { chartCursor, findReturned, frameAt, selectDisplay, type DisplaySource } from './display';
import { DEFAULT_SETTINGS, useRunStore, type ChosenImage, type Trace } from './run-store';

const rec = (t: number, over: Partial<IterationScalars> = {}): IterationScalars => ({
  t,
  part: 'both',
  searchStep: 0,
  c: 0.1,
  f: 1 - t / 10,
  mi: t / 100,
  success: t >= 10,
  linf: 0.1,
  l2: 1,
  bestMi: null,
  predicted: t >= 10 ? 3 : 9,
  ...over,
});

/** A view whose top class is `top`. */
const view = (top: number): ImageView => {
  const probs = new Float32Array(10);
  probs[top] = 1;
  return { probs, maps: new Float32Array(0), k: 0, mapH: 0, mapW: 0 };
};

const delta = (v: number) => new Float32Array(784).fill(v);

const frame = (index: number, top: number): Trace['frames'][number] => ({
  index,
  frame: {
    type: 'frame',
    runId: 1,
    t: index + 1,
    view: view(top),
    permutation: new Int32Array(0),
  } as FrameMessage,
});

const image: ChosenImage = { source: 'test', index: 7, label: 9, pixels: new Float32Array(784) };

/** 12 records (t = 1..12), δ of record i filled with i/100, frames at records 2 and 9. */
function source(over: Partial<DisplaySource> = {}): DisplaySource {
  const records = Array.from({ length: 12 }, (_, i) => rec(i + 1));
  return {
    image,
    runImage: image,
    cleanView: view(9),
    aeClean: null,
    trace: { records, deltas: records.map((_, i) => delta(i / 100)), frames: [frame(2, 9), frame(9, 3)] },
    cursor: null,
    done: null,
    status: 'running',
    settings: DEFAULT_SETTINGS,
    schedule: { method: 'minmax', iters: 300, searchSteps: 1 },
    returnedIndex: -1,
    iterateViews: new Map(),
    note: null,
    ...over,
  };
}

/** A done message; the summary is built apart so that it may carry fields a newer protocol requires. */
const done = (d: Float32Array, over: Partial<DoneMessage['summary']> = {}): DoneMessage => {
  const summary = {
    success: true,
    failureReason: null,
    cancelled: false,
    firstSuccessIter: 10,
    miBest: 0.11,
    predictedClean: 9,
    predictedAdv: 3,
    linf: 0.1,
    l2: 1,
    f: -0.1,
    itersRun: 12,
    msPerIter: 1,
    ...over,
  };
  return { type: 'done', runId: 1, summary, delta: d, adversarial: view(3), backend: 'cpu' };
};

describe('frameAt', () => {
  it('finds the frame of exactly that record, the latest of several, and no other', () => {
    const frames = [frame(2, 1), frame(5, 2), frame(5, 4), frame(9, 3)];
    expect(frameAt(frames, 5)?.frame.view.probs[4]).toBe(1);
    expect(frameAt(frames, 9)?.index).toBe(9);
    expect(frameAt(frames, 6)).toBeNull();
    expect(frameAt([], 0)).toBeNull();
  });
});

describe('findReturned', () => {
  const s = source();
  it('finds the record whose δ came back, preferring the one booked with I*', () => {
    expect(findReturned(s.trace, delta(10 / 100), done(delta(0)).summary)).toBe(10);
    // Two records with one δ (a critic-only step): the one whose I is I*.
    const trace: Trace = {
      ...s.trace,
      deltas: s.trace.deltas.map((d, i) => (i === 11 ? delta(10 / 100) : d)),
    };
    expect(findReturned(trace, delta(10 / 100), done(delta(0), { miBest: 0.12 }).summary)).toBe(11);
    expect(findReturned(trace, delta(10 / 100), done(delta(0), { miBest: 0.11 }).summary)).toBe(10);
  });
  it('says −1 when no recorded δ is the returned one', () => {
    expect(findReturned(s.trace, delta(0.5), done(delta(0)).summary)).toBe(-1);
  });
});

describe('selectDisplay', () => {
  it('with no run, shows the selected image and no x′', () => {
    const d = selectDisplay(source({ runImage: null, trace: { records: [], deltas: [], frames: [] } }));
    expect(d.input.kind).toBe('selected');
    expect(d.input.name).toBe('test image 7');
    expect(d.adv).toBeNull();
    expect(d.cursorIndex).toBeNull();
  });

  it('while a run streams, shows the newest iterate that has a frame, with that frame', () => {
    const d = selectDisplay(source());
    expect(d.input.kind).toBe('run');
    expect(d.adv?.index).toBe(9);
    expect(d.adv?.title).toBe('x′ at iteration 10 (newest drawn)');
    expect(d.adv?.delta[0]).toBeCloseTo(0.09);
    expect(d.adv?.view?.probs[3]).toBe(1);
    expect(d.cursorIndex).toBeNull();
  });

  it('under the cursor, never borrows an earlier frame: the iterate is measured, or says it is not', () => {
    const d = selectDisplay(source({ cursor: 5 }));
    expect(d.adv?.index).toBe(5);
    expect(d.adv?.predicted).toBe(9);
    expect(d.adv?.view).toBeNull();
    expect(d.adv?.viewNote).toBe('being measured for iteration 6');
    expect(d.cursorIndex).toBe(5);
    const measured = selectDisplay(source({ cursor: 5, iterateViews: new Map([[5, view(9)]]) }));
    expect(measured.adv?.view?.probs[9]).toBe(1);
  });

  it('once done, shows the returned example with its own numbers, not the last iterate', () => {
    const s = source({ status: 'done', done: done(delta(0.1)), returnedIndex: 10 });
    // The last record predicts 3 as well; make it disagree to tell them apart.
    s.trace.records[11] = rec(12, { predicted: 5, f: 0.4 });
    const d = selectDisplay(s);
    expect(d.adv?.kind).toBe('returned');
    expect(d.adv?.title).toBe('x′ returned (δ*, iteration 11)');
    expect(d.adv?.predicted).toBe(3);
    expect(d.adv?.f).toBe(-0.1);
    expect(d.adv?.mi).toBe(0.11);
    expect(d.adv?.view?.probs[3]).toBe(1);
    expect(d.cursorIndex).toBe(10);
    expect(chartCursor(s)).toBe(10);
  });

  it('names a failed run’s returned iterate as the closest, with the I booked for it', () => {
    const s = source({
      status: 'done',
      done: done(delta(0.04), { success: false, miBest: null, f: 0.6 }),
      returnedIndex: 4,
      settings: { ...DEFAULT_SETTINGS, task: 'unsupervised' },
      schedule: { method: 'mine-uae', iters: 40, searchSteps: 1 },
    });
    const d = selectDisplay(s);
    expect(d.adv?.title).toBe('x′ returned (closest: smallest f, iteration 5)');
    expect(d.adv?.mi).toBe(0.05);
    expect(d.adv?.predicted).toBeNull();
    const l2 = selectDisplay({ ...s, schedule: { method: 'l2-uae', iters: 40, searchSteps: 9 } });
    expect(l2.adv?.mi).toBeNull();
    expect(l2.adv?.title).toBe('x′ returned (closest: smallest f, iteration 5 of search step 1)');
  });

  it('shows the newest record when paused, and the cursor’s record past the end clamps', () => {
    expect(selectDisplay(source({ status: 'paused' })).adv?.index).toBe(11);
    expect(selectDisplay(source({ cursor: 40 })).adv?.index).toBe(11);
  });
});

describe('picking another image', () => {
  const other: ChosenImage = {
    source: 'drawn',
    index: null,
    label: 2,
    pixels: new Float32Array(784).fill(0.5),
  };

  it('clears the shown run and says whose results went, and re-picking the same image keeps it', () => {
    useRunStore.setState({ image, runImage: image, runId: 4, status: 'done', trace: source().trace });
    useRunStore.getState().setImage({ ...image, pixels: image.pixels.slice() });
    expect(useRunStore.getState().runImage).toBe(image);
    useRunStore.getState().setImage(other);
    const s = useRunStore.getState();
    expect(s.image).toBe(other);
    expect(s.runImage).toBeNull();
    expect(s.trace.records).toHaveLength(0);
    expect(s.note).toBe(
      'The results of the run on test image 7 were cleared when you picked your drawing. Press Run to attack your drawing.',
    );
    expect(selectDisplay(s).input.image).toBe(other);
  });

  it('mid-run, cancels the run; its late messages are not applied to the new image', () => {
    useRunStore.setState({ image, runImage: image, runId: 4, status: 'running', trace: source().trace });
    useRunStore.getState().setImage(other);
    expect(useRunStore.getState().status).toBe('idle');
    expect(useRunStore.getState().note).toMatch(
      /^The run on test image 7 was cancelled at iteration 12 when/,
    );
    useRunStore
      .getState()
      .apply({ type: 'iterations', runId: 4, records: [rec(13)], deltas: delta(0), numTensors: 0 });
    expect(useRunStore.getState().trace.records).toHaveLength(0);
  });
});
