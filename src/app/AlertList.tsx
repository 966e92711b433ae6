import { useEngineStore } from './store';

/**
 * Problems the user should see: each is its own alert so a new one is announced on arrival; the
 * corrections of one link come as one alert with a list (a garbage link is one problem to dismiss).
 */
export function AlertList() {
  const alerts = useEngineStore((s) => s.alerts);
  const dismiss = useEngineStore((s) => s.dismissAlert);
  if (alerts.length === 0) return null;
  return (
    <section className="alerts" aria-label="Problems">
      {alerts.map((a) => (
        <div key={a.id} className="alert" role="alert">
          <p className="alert-message">{a.message}</p>
          {a.items === undefined ? null : (
            <ul className="alert-items">
              {a.items.map((item, i) => (
                <li key={i}>{item}</li>
              ))}
            </ul>
          )}
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
