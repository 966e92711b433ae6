import { describe, expect, it } from 'vitest';
import { RunControl } from './run-control';

describe('RunControl', () => {
  it('runs full iterations while running', async () => {
    const c = new RunControl(false);
    expect(await c.next()).toBe('both');
    expect(await c.next()).toBe('both');
  });

  it('waits while paused until a step or resume, and takes steps in order', async () => {
    const c = new RunControl(true);
    let got: string | null | undefined;
    const pending = c.next().then((p) => (got = p));
    await Promise.resolve();
    expect(got).toBeUndefined();
    c.step('critic');
    await pending;
    expect(got).toBe('critic');
    c.step('attacker');
    c.step('both');
    expect(await c.next()).toBe('attacker');
    expect(await c.next()).toBe('both');
    const later = c.next();
    c.resume();
    expect(await later).toBe('both');
    expect(c.state).toBe('running');
  });

  it('cancel releases a paused loop and drops queued steps', async () => {
    const c = new RunControl(true);
    c.step('both');
    c.cancel();
    expect(await c.next()).toBeNull();
    const c2 = new RunControl(true);
    const waiting = c2.next();
    c2.cancel();
    expect(await waiting).toBeNull();
    expect(c2.isCancelled).toBe(true);
  });

  it('pause stops the next full iteration', async () => {
    const c = new RunControl(false);
    c.pause();
    let got: string | null | undefined;
    void c.next().then((p) => (got = p));
    await Promise.resolve();
    await Promise.resolve();
    expect(got).toBeUndefined();
    c.cancel();
  });
});
