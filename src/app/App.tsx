import { useMemo } from 'react';
import { invalidBackendMessage, parseBackendParam } from './backend-param';
import { AlertList } from './AlertList';
import { EnginePanel } from './EnginePanel';
import { useEngineWorker } from './use-engine-worker';

export interface AppProps {
  /** The page's query string; passed in so the shell does not reach for window itself. */
  readonly search: string;
}

export function App({ search }: AppProps) {
  const param = useMemo(() => parseBackendParam(search), [search]);
  useEngineWorker(
    param.kind === 'requested' ? param.backend : undefined,
    param.kind === 'invalid' ? invalidBackendMessage(param.raw) : undefined,
  );

  return (
    <div className="shell">
      <header className="masthead">
        <h1>MinMax Lab</h1>
        <p className="tagline">
          Watch MINE-based MinMax adversarial examples being made, one iteration at a time (Hsu et al., AAAI 2022).
        </p>
      </header>
      <main>
        <AlertList />
        <EnginePanel />
      </main>
    </div>
  );
}
