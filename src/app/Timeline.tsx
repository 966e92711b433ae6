import { useShallow } from 'zustand/react/shallow';
import { isSearchMethod } from '../worker/protocol';
import { chartCursor } from './display';
import { useRunStore } from './run-store';

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
  const searches = useRunStore((s) => isSearchMethod(s.options.method));
  const records = useRunStore.getState().trace.records;
  const at = cursor ?? count - 1;
  const rec = records[at];
  const step = searches && rec !== undefined ? `, search step ${rec.searchStep + 1}` : '';
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
