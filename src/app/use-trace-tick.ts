import { startTransition, useEffect, useState } from 'react';
import { useRunStore, type RunStoreState } from './run-store';

/** Where a view stands: `settled` moves when it should redraw its full form, `running` says which form. */
export interface RunTick {
  readonly settled: number;
  readonly running: boolean;
}

const isRunning = (): boolean => useRunStore.getState().status === 'running';

function useTick(ms: number, phase: number, followRunning: boolean): RunTick {
  const [state, setState] = useState<RunTick>(() => ({ settled: 0, running: isRunning() }));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const fire = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      last = performance.now();
      const running = isRunning();
      // A transition: React renders it in slices, yielding to frames and input.
      startTransition(() => {
        setState((s) => ({ settled: running && !followRunning ? s.settled : s.settled + 1, running }));
      });
    };
    const changed = (s: RunStoreState, prev: RunStoreState): boolean =>
      s.version !== prev.version ||
      s.trace !== prev.trace ||
      s.done !== prev.done ||
      s.status !== prev.status;
    const unsubscribe = useRunStore.subscribe((s, prev) => {
      if (!changed(s, prev)) return;
      const entering = s.status === 'running' && prev.status !== 'running';
      if (s.status !== 'running' || (entering && !followRunning)) {
        // Paused, stepped, ended (or, for a view with its own streaming form, started): drawn now,
        // each view at its own small offset (its phase), so that no two redraw in the same task.
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(fire, phase % ms);
        return;
      }
      if (!followRunning || timer !== null) return;
      const now = performance.now();
      const earliest = Math.max(now, last + ms / 2);
      const due = earliest + ((((phase - earliest) % ms) + ms) % ms);
      timer = setTimeout(fire, due - now);
    });
    // The status may have changed between the first render and this subscription.
    if (isRunning() !== state.running) fire();
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
    // state.running is read once, at subscription time.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ms, phase, followRunning]);
  return state;
}

/**
 * A counter that moves when the trace grows: at most once per `ms` while a run streams, at times
 * ≡ `phase` (mod `ms`), and `phase mod ms` ms after a pause, a step or the end. Views that are costly
 * to draw (the charts, the maps) follow it instead of the store's per-frame `version`; given different
 * phases, they redraw in different tasks, none of them long. Every record still lands in the store;
 * only the drawing is throttled, and the last state is always drawn.
 */
export function useTraceTick(ms: number, phase = 0): number {
  return useTick(ms, phase, true).settled;
}

/**
 * For a view with a cheap form of its own while a run streams (the canvas charts): `settled` moves
 * only outside runs (pause, step, end), and `running` flips `phase mod ms` ms after the run starts
 * or stops, so that several such views swap forms in separate tasks.
 */
export function useRunTick(ms: number, phase = 0): RunTick {
  return useTick(ms, phase, false);
}
