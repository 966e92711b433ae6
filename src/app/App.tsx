import { useEffect, useMemo, useState } from 'react';
import type { ImageSet } from '../core/data/dataset';
import { invalidBackendMessage, parseBackendParam } from './backend-param';
import { AlertList } from './AlertList';
import { Charts } from './Charts';
import { Controls } from './Controls';
import { EnginePanel } from './EnginePanel';
import { Experiment } from './Experiment';
import { Export } from './Export';
import { FeatureMaps } from './FeatureMaps';
import { Hud } from './Hud';
import { ImagePicker } from './ImagePicker';
import { ImageViews } from './ImageViews';
import { loadMnistTest, testImage } from './mnist-data';
import { RunBar } from './RunBar';
import { useRunStore } from './run-store';
import { ShareLink } from './ShareLink';
import { useEngineStore } from './store';
import { Timeline } from './Timeline';
import { useEngineWorker } from './use-engine-worker';
import { autoCritic, settingsFromUrl } from './url-settings';
import { parseUrlState } from './url-state';

export interface AppProps {
  /** The page's query string; passed in so the shell does not reach for window itself. */
  readonly search: string;
}

export function App({ search }: AppProps) {
  const param = useMemo(() => parseBackendParam(search), [search]);
  const url = useMemo(() => parseUrlState(search), [search]);
  useEngineWorker(
    param.kind === 'requested' ? param.backend : undefined,
    param.kind === 'invalid' ? invalidBackendMessage(param.raw) : undefined,
  );
  const backend = useEngineStore((s) => s.backend);
  const reason = useEngineStore((s) => s.reason);
  const [set, setSet] = useState<ImageSet | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  // The link's settings, once; the critic waits for the backend when the link leaves it to us.
  useEffect(() => {
    const runs = useRunStore.getState();
    runs.setSettings(settingsFromUrl(url.state, url.state.critic === 'auto' ? 'lite' : url.state.critic));
    const engine = useEngineStore.getState();
    // ?backend= problems are reported by the backend parameter's own message.
    for (const p of url.problems)
      if (p.key !== 'backend')
        engine.addAlert({ code: 'invalid-url', message: `Link corrected: ${p.message}` }, false);
  }, [url]);

  useEffect(() => {
    let live = true;
    loadMnistTest().then(
      (data) => {
        if (!live) return;
        setSet(data);
        useRunStore.getState().setImage(testImage(data, url.state.index));
      },
      (e: unknown) => {
        if (live)
          setLoadError(
            `The MNIST test images could not be loaded: ${e instanceof Error ? e.message : String(e)}`,
          );
      },
    );
    return () => {
      live = false;
    };
  }, [url]);

  const auto = backend === null ? null : autoCritic(backend, reason);
  useEffect(() => {
    if (auto !== null && url.state.critic === 'auto')
      useRunStore.getState().setSettings({ critic: auto.critic });
  }, [auto?.critic, url.state.critic]); // eslint-disable-line react-hooks/exhaustive-deps
  const criticReason =
    url.state.critic !== 'auto'
      ? `Chosen by the link (critic=${url.state.critic}).`
      : auto === null
        ? 'Chosen once the backend is known.'
        : `Automatic: ${auto.why}`;

  return (
    <div className="shell">
      <header className="masthead">
        <h1>MinMax Lab</h1>
        <p className="tagline">
          Watch MINE-based MinMax adversarial examples being made, one iteration at a time (Hsu et al., AAAI
          2022).
        </p>
      </header>
      <main>
        <AlertList />
        {loadError === null ? null : (
          <div className="alert" role="alert">
            <p className="alert-message">{loadError}</p>
          </div>
        )}
        <div className="layout">
          <div className="side">
            <EnginePanel />
            <Controls criticReason={criticReason} />
            <ShareLink
              critic={url.state.critic}
              autoChoice={auto?.critic ?? null}
              backend={url.state.backend}
            />
          </div>
          <div className="content">
            <RunBar />
            <Hud />
            <Timeline />
            <ImageViews />
            <Charts />
            <FeatureMaps />
            <ImagePicker set={set} loadError={loadError} />
            <Export />
          </div>
        </div>
        <Experiment />
      </main>
    </div>
  );
}
