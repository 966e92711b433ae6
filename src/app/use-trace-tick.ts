import { startTransition, useEffect, useState } from 'react';
import { useRunStore, type RunStoreState } from './run-store';

/**
 * A counter that moves when the trace grows: at most once per `ms` while a run streams, at times
 * ≡ `phase` (mod `ms`), and `phase mod ms` ms after a pause, a step or the end. Views that are costly
 * to draw (the charts, the maps) follow it instead of the store's per-frame `version`; given different
 * phases, they redraw in different tasks, none of them long. Every record still lands in the store;
 * only the drawing is throttled, and the last state is always drawn.
 */
export function useTraceTick(ms: number, phase = 0): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const fire = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      last = performance.now();
      // A transition: React renders it in slices, yielding to frames and input.
      startTransition(() => {
        setTick((t) => t + 1);
      });
    };
    const changed = (s: RunStoreState, prev: RunStoreState): boolean =>
      s.version !== prev.version ||
      s.trace !== prev.trace ||
      s.done !== prev.done ||
      s.status !== prev.status;
    const unsubscribe = useRunStore.subscribe((s, prev) => {
      if (!changed(s, prev)) return;
      if (s.status !== 'running') {
        // Paused, stepped, ended: drawn now, each view at its own small offset (its phase), so that
        // the final redraw of every chart is not one long task either.
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(fire, phase % ms);
        return;
      }
      if (timer !== null) return;
      const now = performance.now();
      const earliest = Math.max(now, last + ms / 2);
      const due = earliest + ((((phase - earliest) % ms) + ms) % ms);
      timer = setTimeout(fire, due - now);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [ms, phase]);
  return tick;
}
