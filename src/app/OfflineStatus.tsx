import { removeOfflineCopy, retryOfflineCopy, switchToUpdate, useOfflineStore } from './offline';
import { useViewStore } from './store';
import './offline.css';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Whether this build can run without the network, in the masthead, so that a lecturer sees it
 * before the hall's network is put to the test. Hidden in presentation mode (checked beforehand).
 */
export function OfflineStatus() {
  const state = useOfflineStore((s) => s.state);
  const present = useViewStore((s) => s.present);
  if (present || (state.kind === 'off' && state.why === '')) return null;
  let body;
  switch (state.kind) {
    case 'off':
      body = <span className="muted">Not available offline: {state.why}.</span>;
      break;
    case 'checking':
      body = <span className="muted">Checking the offline copy…</span>;
      break;
    case 'saving':
      body = (
        <>
          <label htmlFor="offline-progress">Saving for offline use</label>{' '}
          <progress
            id="offline-progress"
            max={state.totalBytes || 1}
            value={state.doneBytes}
            aria-valuetext={`${megabytes(state.doneBytes)} of ${megabytes(state.totalBytes)}`}
          />{' '}
          <span className="muted">
            {state.totalBytes === 0 ? '' : `${megabytes(state.doneBytes)} of ${megabytes(state.totalBytes)}`}
          </span>
        </>
      );
      break;
    case 'ready':
      body = (
        <details>
          <summary>
            <span aria-hidden="true">✓ </span>Available offline
          </summary>
          <p>
            This build ({state.version.slice(0, 8)}) is saved in this browser: {state.files} files,{' '}
            {megabytes(state.totalBytes)}. It works without the network, reloads included.
          </p>
          <button
            type="button"
            onClick={() => {
              void removeOfflineCopy();
            }}
          >
            Remove offline copy
          </button>
        </details>
      );
      break;
    case 'update':
      body = (
        <>
          <span>A new version is saved for offline use.</span>{' '}
          <button type="button" onClick={switchToUpdate}>
            Reload to update
          </button>
        </>
      );
      break;
    case 'reload':
      body = (
        <>
          <span>{state.message}</span>{' '}
          <button
            type="button"
            onClick={() => {
              window.location.reload();
            }}
          >
            Reload
          </button>
        </>
      );
      break;
    case 'failed':
      body = (
        <>
          <span>Not saved for offline use: {state.message}.</span>{' '}
          <button type="button" onClick={retryOfflineCopy}>
            Try again
          </button>
        </>
      );
      break;
  }
  return (
    <div className={`offline-status offline-${state.kind}`} role="status" data-testid="offline-status">
      {body}
    </div>
  );
}
