import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectDisplay, type Display, type DisplaySource } from './display';
import { useRunStore, type RunStoreState } from './run-store';

function pick(s: RunStoreState): DisplaySource & { version: number } {
  return {
    image: s.image,
    runImage: s.runImage,
    cleanView: s.cleanView,
    aeClean: s.aeClean,
    trace: s.trace,
    cursor: s.cursor,
    done: s.done,
    status: s.status,
    settings: s.settings,
    schedule: s.schedule,
    returnedIndex: s.returnedIndex,
    iterateViews: s.iterateViews,
    note: s.note,
    version: s.version,
  };
}

/** The same without the per-frame version: the caller's tick stands for the trace's growth. */
function pickSettled(s: RunStoreState): DisplaySource & { version: number } {
  return { ...pick(s), version: 0 };
}

/**
 * The displayed state (selectDisplay), for a view. `tick`: a view that redraws on its own clock
 * (useTraceTick) passes it and is not re-rendered by each trace batch; otherwise it follows the
 * store's per-frame version. An iterate without a measured view is asked of the engine.
 */
export function useDisplay(tick?: number): Display {
  const followsVersion = tick === undefined;
  const source = useRunStore(useShallow(followsVersion ? pick : pickSettled));
  // tick and version stand for the trace's growth (its arrays grow in place).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const display = useMemo(() => selectDisplay(source), [source, tick]);
  const requestIterateView = useRunStore((s) => s.requestIterateView);
  const missing = display.adv !== null && display.adv.view === null ? display.adv.index : -1;
  useEffect(() => {
    if (missing >= 0) requestIterateView(missing);
  }, [missing, requestIterateView]);
  return display;
}
