import './evidence.css';
import { useRef, type KeyboardEvent } from 'react';
import { useViewStore } from './store';
import { VIEWS, VIEW_HINTS, VIEW_LABELS, type ViewName } from './views';

export const tabId = (v: ViewName) => `view-tab-${v}`;
export const panelId = (v: ViewName) => `view-panel-${v}`;

/** The address bar follows the tab (view=), so a reload or a copied address opens the same view. */
function showInAddress(view: ViewName): void {
  const url = new URL(window.location.href);
  if (view === 'run') url.searchParams.delete('view');
  else url.searchParams.set('view', view);
  window.history.replaceState(window.history.state, '', url);
}

/**
 * The view switch: WAI-ARIA tabs (one Tab stop, arrow keys, Home and End move and select), each tab
 * controlling the panel App renders for it.
 */
export function ViewTabs() {
  const page = useViewStore((s) => s.page);
  const setPage = useViewStore((s) => s.setPage);
  const refs = useRef<Partial<Record<ViewName, HTMLButtonElement | null>>>({});
  const choose = (v: ViewName) => {
    setPage(v);
    showInAddress(v);
    refs.current[v]?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const i = VIEWS.indexOf(page);
    const to =
      e.key === 'ArrowRight'
        ? VIEWS[(i + 1) % VIEWS.length]
        : e.key === 'ArrowLeft'
          ? VIEWS[(i - 1 + VIEWS.length) % VIEWS.length]
          : e.key === 'Home'
            ? VIEWS[0]
            : e.key === 'End'
              ? VIEWS[VIEWS.length - 1]
              : undefined;
    if (to === undefined) return;
    e.preventDefault();
    choose(to);
  };
  return (
    <div role="tablist" aria-label="Views" className="view-tabs" onKeyDown={onKey}>
      {VIEWS.map((v) => (
        <button
          key={v}
          ref={(el) => {
            refs.current[v] = el;
          }}
          type="button"
          role="tab"
          id={tabId(v)}
          aria-selected={page === v}
          // Only the shown view's panel exists: a reference to an absent id would be invalid ARIA.
          aria-controls={page === v ? panelId(v) : undefined}
          tabIndex={page === v ? 0 : -1}
          title={VIEW_HINTS[v]}
          data-testid={`view-tab-${v}`}
          className="view-tab"
          onClick={() => {
            choose(v);
          }}
        >
          {VIEW_LABELS[v]}
        </button>
      ))}
    </div>
  );
}
