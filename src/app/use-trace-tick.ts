import { startTransition, useEffect, useState } from 'react';
import { useRunStore, type RunStoreState } from './run-store';

/**
 * A counter that moves when the trace grows, at most once per `ms` while a run streams, and at once
 * otherwise (paused, stepped, done, a new run): views that are costly to draw (the charts, the maps)
 * follow it instead of the store's per-frame `version`. Every record still lands in the store; only
 * the drawing is throttled, and the last state is always drawn. While streaming, updates land at times
 * ≡ `phase` (mod `ms`): views given different phases redraw in different tasks, none of them long.
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
        fire();
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
