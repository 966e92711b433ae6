import { describe, expect, it } from 'vitest';
import { RunLifecycle, TRANSITIONS, type LifecycleEvent, type LifecycleState } from './run-lifecycle';

interface Msg {
  readonly runId: number;
  readonly paused: boolean;
}

const msg = (runId: number, paused = false): Msg => ({ runId, paused });

/** A lifecycle whose run `runId` is in `state`, reached through the public API only. */
function inState(state: LifecycleState, runId = 1): RunLifecycle<Msg> {
  const l = new RunLifecycle<Msg>();
  if (state === 'idle') return l;
  l.request(msg(runId));
  if (state === 'starting') return l;
  if (state === 'cancelling') {
    l.cancel(runId);
    return l;
  }
  l.began(runId);
  if (state === 'paused') l.pause(runId);
  return l;
}

/** Drives one event into run 1 of a lifecycle. */
function fire(l: RunLifecycle<Msg>, event: LifecycleEvent): void {
  switch (event) {
    case 'start':
      l.request(msg(1));
      return;
    case 'began':
      l.began(1);
      return;
    case 'beganPaused':
      l.pause(1);
      l.began(1);
      return;
    case 'pause':
      l.pause(1);
      return;
    case 'resume':
      l.resume(1);
      return;
    case 'cancel':
      l.cancel(1);
      return;
    case 'finish':
      l.finish(1);
      return;
  }
}

describe('RunLifecycle', () => {
  it('follows every transition of its table', () => {
    const checked: string[] = [];
    for (const [from, row] of Object.entries(TRANSITIONS) as [
      LifecycleState,
      (typeof TRANSITIONS)['idle'],
    ][]) {
      for (const [event, to] of Object.entries(row) as [LifecycleEvent, LifecycleState][]) {
        // 'start' from idle is the only way in; a request while busy queues instead (tested below).
        const l = inState(from);
        fire(l, event);
        expect(`${from} --${event}--> ${l.state}`).toBe(`${from} --${event}--> ${to}`);
        checked.push(`${from}:${event}`);
      }
    }
    expect(checked.length).toBe(17);
  });

  it('ignores events its table does not allow', () => {
    const l = inState('cancelling');
    l.pause(1);
    expect(l.state).toBe('cancelling');
    l.resume(1);
    expect(l.state).toBe('cancelling');
    expect(l.active?.control.state).toBe('running');
    expect(inState('idle').finish(1)).toBeNull();
  });

  it('runs the loop as its control says: running, paused, stepping, cancelled', async () => {
    const l = new RunLifecycle<Msg>();
    const started = l.request(msg(1, true));
    expect(started.kind).toBe('start');
    if (started.kind !== 'start') return;
    const { control } = started.run;
    l.began(1);
    expect(l.state).toBe('paused');
    l.step(1, 'critic');
    expect(await control.next()).toBe('critic');
    l.resume(1);
    expect(l.state).toBe('running');
    expect(await control.next()).toBe('both');
    l.cancel(1);
    expect(await control.next()).toBeNull();
  });

  it('queues a run that arrives while the previous one is cancelling, and starts it after finish', () => {
    const l = inState('running');
    const old = l.active!.control;
    l.cancel(1);
    expect(l.state).toBe('cancelling');
    const outcome = l.request(msg(2));
    expect(outcome).toEqual({ kind: 'queued', replaced: null });
    expect(l.active?.runId).toBe(1);
    expect(l.waiting?.runId).toBe(2);
    expect(old.isCancelled).toBe(true);
    const next = l.finish(1);
    expect(next?.runId).toBe(2);
    expect(next?.control.isCancelled).toBe(false);
    expect(l.state).toBe('starting');
    expect(l.active?.runId).toBe(2);
    expect(l.waiting).toBeNull();
    l.began(2);
    expect(l.state).toBe('running');
    expect(l.finish(2)).toBeNull();
    expect(l.state).toBe('idle');
  });

  it('a run that arrives without a cancel cancels the current run and waits for it', () => {
    for (const state of ['starting', 'running', 'paused'] as const) {
      const l = inState(state);
      const old = l.active!.control;
      expect(l.request(msg(2)).kind).toBe('queued');
      expect(old.isCancelled).toBe(true);
      expect(l.state).toBe('cancelling');
      expect(l.finish(1)?.runId).toBe(2);
    }
  });

  it('a cancel while starting makes the run end at its first gate', async () => {
    const l = inState('starting');
    const control = l.active!.control;
    l.cancel(1);
    expect(l.state).toBe('cancelling');
    // Its setup finishes and it announces itself: still cancelling, and its loop stops at once.
    l.began(1);
    expect(l.state).toBe('cancelling');
    expect(await control.next()).toBeNull();
    expect(l.finish(1)).toBeNull();
    expect(l.state).toBe('idle');
  });

  it('two quick restarts in a row: only the last run starts', () => {
    const l = inState('running');
    l.cancel(1);
    expect(l.request(msg(2)).kind).toBe('queued');
    l.cancel(2);
    expect(l.request(msg(3))).toEqual({ kind: 'queued', replaced: 2 });
    const next = l.finish(1);
    expect(next?.runId).toBe(3);
    expect(next?.control.isCancelled).toBe(false);
    expect(l.finish(3)).toBeNull();
    expect(l.state).toBe('idle');
  });

  it('a queued run keeps its pause, steps and cancel for when it starts', async () => {
    const l = inState('running');
    l.request(msg(2));
    expect(l.pause(2)).toBeNull();
    expect(l.step(2, 'attacker')).toBeNull();
    const next = l.finish(1)!;
    expect(next.control.state).toBe('paused');
    l.began(2);
    expect(l.state).toBe('paused');
    expect(await next.control.next()).toBe('attacker');

    // Cancelled while queued and not replaced: it still starts (the UI waits for its end) and stops at once.
    const m = inState('running');
    m.request(msg(2));
    m.cancel(2);
    const cancelled = m.finish(1)!;
    expect(cancelled.runId).toBe(2);
    expect(await cancelled.control.next()).toBeNull();
  });

  it('ignores stale messages for an old run id and never applies them to the new run', () => {
    const l = inState('running');
    l.cancel(1);
    l.request(msg(2));
    l.finish(1);
    l.began(2);
    const control = l.active!.control;
    expect(l.pause(1)).toEqual({ ignored: 'pause for run 1, which is no longer current' });
    expect(l.cancel(1)?.ignored).toMatch(/run 1/);
    expect(l.step(1, 'both')?.ignored).toMatch(/run 1/);
    expect(l.began(1)?.ignored).toMatch(/run 1/);
    // A late finish of the old run must not end the new one.
    expect(l.finish(1)).toBeNull();
    expect(l.state).toBe('running');
    expect(control.state).toBe('running');
    expect(control.isCancelled).toBe(false);
  });
});
