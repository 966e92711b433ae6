import { useRunStore } from './run-store';
import { useEngineStore, useViewStore } from './store';

function Timings() {
  const timings = useEngineStore((s) => s.timings);
  if (timings === null) return null;
  return (
    <p>
      Start-up of the chosen backend: initialise {Math.round(timings.initMs)} ms, smoke test{' '}
      {Math.round(timings.smokeMs)} ms, warm-up {Math.round(timings.warmupMs)} ms.
    </p>
  );
}

function TriedList() {
  const tried = useEngineStore((s) => s.tried);
  const versions = useEngineStore((s) => s.versions);
  if (tried.length === 0) return null;
  return (
    <details className="tried">
      <summary>How the backend was chosen</summary>
      <ol>
        {tried.map((t) => (
          <li key={t.backend} data-testid={`tried-${t.backend}`}>
            <strong>{t.backend}</strong>: {t.reason}
            {t.ms === undefined ? null : ` (${Math.round(t.ms)} ms)`}
          </li>
        ))}
      </ol>
      <Timings />
      <p className="versions">
        {Object.entries(versions)
          .map(([pkg, v]) => `${pkg} ${v}`)
          .join(', ')}
      </p>
    </details>
  );
}

/** Which tfjs backend the worker runs on, and why: capability is shown, never guessed at. */
export function EnginePanel() {
  const engineStatus = useEngineStore((s) => s.status);
  const runStatus = useRunStore((s) => s.status);
  // Once the engine is up, the status is the run's: idle, running, paused, done or error.
  const status = engineStatus === 'idle' ? runStatus : engineStatus;
  const progress = useEngineStore((s) => s.progress);
  const backend = useEngineStore((s) => s.backend);
  const reason = useEngineStore((s) => s.reason);
  // How the backend was chosen is for the curious, not for an audience.
  const present = useViewStore((s) => s.present);

  return (
    <section className="engine" aria-labelledby="engine-heading">
      <h2 id="engine-heading">Engine</h2>
      <dl>
        <div>
          <dt id="status-label">Status</dt>
          <dd>
            <output data-testid="status" aria-labelledby="status-label" className={`status status-${status}`}>
              {status}
            </output>
            {progress === '' ? null : <span className="muted"> ({progress})</span>}
          </dd>
        </div>
        <div>
          <dt id="backend-label">Backend</dt>
          <dd>
            <span data-testid="backend-indicator" aria-labelledby="backend-label" className="backend">
              {backend ?? ''}
            </span>
            {backend === null ? <span className="muted">not chosen yet</span> : null}
            {reason === '' ? null : (
              <span data-testid="backend-reason" className="reason">
                {' '}
                — {reason}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {present ? null : <TriedList />}
    </section>
  );
}
