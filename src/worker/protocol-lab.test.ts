import { describe, expect, it } from 'vitest';
import { parseLabToUi, parseLabToWorker } from './protocol-lab';
import { testLabStart } from './testing/messages';

const start = testLabStart();

describe('the MINE lab messages', () => {
  it('reads a valid start and leaves other families alone', () => {
    expect(parseLabToWorker(start)).toEqual({ ok: true, value: start });
    expect(parseLabToWorker({ type: 'paper-start' })).toBeNull();
  });
  it.each([
    [{ table: [0.5, -0.1, 0, 0.5] }, /table: P\(X=0, Y=1\) must not be negative/],
    [{ table: [0, 0, 0, 0] }, /at least one positive entry/],
    [{ table: [1, 0, 0] }, /4 entries/],
    [{ rho: 1 }, /rho must be between -0.999 and 0.999/],
    [{ dim: 1.5 }, /dim must be a whole number/],
    [{ bound: 'mse' }, /bound must be one of dv, mine, nwj, infonce, smile/],
    [{ bound: 'infonce', batch: 512 }, /InfoNCE .* at most 128/],
    [{ steps: 5 }, /steps must be between 10 and 20000/],
  ])('refuses %o', (patch, why) => {
    const r = parseLabToWorker({ ...start, ...patch });
    expect(r?.ok).toBe(false);
    if (r?.ok === false) expect(r.error).toMatch(why);
  });
  it('reads progress, and refuses a non-finite value', () => {
    const p = { type: 'lab-progress', jobId: 1, step: 3, values: [0.1, 0.2, 0.3], estimate: 0.2 };
    expect(parseLabToUi(p)?.ok).toBe(true);
    expect(parseLabToUi({ ...p, values: [NaN] })?.ok).toBe(false);
  });
});
