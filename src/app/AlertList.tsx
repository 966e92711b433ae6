import { useEngineStore } from './store';

/** Problems the user should see: each is its own alert so a new one is announced on arrival. */
export function AlertList() {
  const alerts = useEngineStore((s) => s.alerts);
  const dismiss = useEngineStore((s) => s.dismissAlert);
  if (alerts.length === 0) return null;
  return (
    <section className="alerts" aria-label="Problems">
      {alerts.map((a) => (
        <div key={a.id} className="alert" role="alert">
          <p className="alert-message">{a.message}</p>
          {a.detail === undefined ? null : (
            <details>
              <summary>Technical details</summary>
              <pre>{a.detail}</pre>
            </details>
          )}
          <button
            type="button"
            className="dismiss"
            onClick={() => {
              dismiss(a.id);
            }}
          >
            Dismiss<span className="visually-hidden"> this message</span>
          </button>
        </div>
      ))}
    </section>
  );
}
