import { useShallow } from 'zustand/react/shallow';
import type { IterationScalars } from '../worker/protocol';
import { METHOD_TRAITS } from '../core/vocabulary';
import { nearestDelta } from './delta-history';
import { chartCursor } from './display';
import { useRunStore } from './run-store';

function iterationOf(r: IterationScalars, searches: boolean): string {
  return searches ? `${r.t} (search step ${r.searchStep + 1})` : String(r.t);
}

/** Scrubs back through the recorded iterates; images, maps and the charts' cursor follow. */
export function Timeline() {
  const { count, cursor, setCursor, shown } = useRunStore(
    useShallow((s) => ({
      count: s.trace.records.length,
      cursor: s.cursor,
      setCursor: s.setCursor,
      // The record the images show: the cursor's, or the returned one once the run is done.
      shown: chartCursor(s),
      version: s.version,
    })),
  );
  const searches = useRunStore((s) => s.schedule !== null && METHOD_TRAITS[s.schedule.method].searches);
  const trace = useRunStore.getState().trace;
  const records = trace.records;
  const at = cursor ?? count - 1;
  const rec = records[at];
  const step = searches && rec !== undefined ? `, search step ${rec.searchStep + 1}` : '';
  // Long runs keep δs of older iterations thinned (delta-history.ts): say which one is shown.
  const kept = cursor === null || rec === undefined ? null : nearestDelta(trace, at);
  const keptRec = kept === null || kept.index === at ? undefined : records[kept.index];
  const returned =
    cursor === null && shown !== null ? ` · the images show the returned x′, record ${shown + 1}` : '';
  return (
    <div className="timeline row wrap">
      <label className="field grow">
        <span>
          Timeline:{' '}
          {count === 0
            ? 'no iterations yet'
            : `record ${at + 1} of ${count} (iteration ${rec?.t ?? '–'}${step}${rec !== undefined && rec.part !== 'both' ? `, ${rec.part} only` : ''})${returned}`}
        </span>
        <input
          type="range"
          min={0}
          max={Math.max(0, count - 1)}
          value={Math.max(0, at)}
          disabled={count === 0}
          onChange={(e) => {
            setCursor(Number(e.target.value));
          }}
          data-testid="timeline"
        />
      </label>
      {keptRec === undefined || rec === undefined ? null : (
        <p className="hint" data-testid="timeline-thinned" aria-live="polite">
          δ of iteration {iterationOf(keptRec, searches)} shown for {iterationOf(rec, searches)}: older images
          are thinned
        </p>
      )}
      <button
        type="button"
        onClick={() => {
          setCursor(null);
        }}
        disabled={cursor === null}
      >
        Follow the latest
      </button>
    </div>
  );
}
