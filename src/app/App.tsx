import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { ImageSet } from '../core/data/dataset';
import { parseBackendParam, parseFaultParam } from './backend-param';
import { AlertList } from './AlertList';
import { Batch } from './Batch';
import { Compare } from './Compare';
import { useEvidenceStore } from './evidence-store';
import { Charts } from './Charts';
import { Controls } from './Controls';
import { EnginePanel } from './EnginePanel';
import { Experiment } from './Experiment';
import { Export } from './Export';
import { FeatureMaps } from './FeatureMaps';
import { Hud } from './Hud';
import { ImagePicker } from './ImagePicker';
import { ImageViews } from './ImageViews';
import { MineLab } from './MineLab';
import { useLabStore } from './lab-store';
import { loadMnistTest, testImage } from './mnist-data';
import { OfflineStatus } from './OfflineStatus';
import { OpenRun } from './OpenRun';
import { Paper } from './Paper';
import { PresentToggle, SettingsDrawer } from './PresentControls';
import './present.css';
import { RunBar } from './RunBar';
import { useRunStore } from './run-store';
import { ShareLink } from './ShareLink';
import { Shortcuts } from './Shortcuts';
import { panelShown, useEngineStore, useViewStore } from './store';
import { PseudoCode } from './PseudoCode';
import { Timeline } from './Timeline';
import { useEngineWorker } from './use-engine-worker';
import { useExperimentStore } from './experiment-store';
import {
  autoCritic,
  evidenceFromUrl,
  experimentFromUrl,
  labFromUrl,
  settingsFromUrl,
  viewFromUrl,
} from './url-settings';
import { ViewTabs, panelId, tabId } from './ViewTabs';
import { parseUrlState, type PanelName } from './url-state';

export interface AppProps {
  /** The page's query string; passed in so the shell does not reach for window itself. */
  readonly search: string;
}

export function App({ search }: AppProps) {
  const param = useMemo(() => parseBackendParam(search), [search]);
  const url = useMemo(() => parseUrlState(search), [search]);
  const fault = useMemo(() => parseFaultParam(search), [search]);
  // A bad ?backend= is one of the link's corrections (below), not an alert of its own.
  useEngineWorker(param.kind === 'requested' ? param.backend : undefined, fault);
  const backend = useEngineStore((s) => s.backend);
  const reason = useEngineStore((s) => s.reason);
  const [set, setSet] = useState<ImageSet | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  // The layout before the first paint, so that a presentation link does not flash the full page.
  useLayoutEffect(() => {
    useViewStore.getState().setView(viewFromUrl(url.state));
    useViewStore.getState().setPage(url.state.view);
  }, [url]);

  // The link's settings, once; the critic waits for the backend when the link leaves it to us.
  useEffect(() => {
    const runs = useRunStore.getState();
    runs.setSettings(settingsFromUrl(url.state, url.state.critic === 'auto' ? 'lite' : url.state.critic));
    useExperimentStore.getState().setConfig(experimentFromUrl(url.state));
    useEvidenceStore.getState().setConfig(evidenceFromUrl(url.state));
    useLabStore.getState().setConfig(labFromUrl(url.state));
    const n = url.problems.length;
    if (n > 0)
      useEngineStore.getState().addAlert(
        {
          code: 'invalid-url',
          message: `This link had ${n} value${n === 1 ? '' : 's'} this app corrected:`,
          items: url.problems.map((p) => `${p.wrong} → ${p.used}`),
        },
        false,
      );
    // A drawn or uploaded digit from the link is the image at once; the gallery's waits for the data.
    if (url.image !== null) runs.setImage({ ...url.image, index: null });
  }, [url]);

  useEffect(() => {
    let live = true;
    loadMnistTest().then(
      (data) => {
        if (!live) return;
        setSet(data);
        if (url.image === null) useRunStore.getState().setImage(testImage(data, url.state.index));
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

  const task = useRunStore((s) => s.settings.task);
  const ae = useRunStore((s) => s.settings.ae);
  const auto = backend === null ? null : autoCritic(backend, reason, task, ae);
  useEffect(() => {
    if (auto !== null && url.state.critic === 'auto')
      useRunStore.getState().setSettings({ critic: auto.critic });
  }, [auto?.critic, url.state.critic]); // eslint-disable-line react-hooks/exhaustive-deps
  const present = useViewStore((s) => s.present);
  const hide = useViewStore((s) => s.hide);
  const page = useViewStore((s) => s.page);
  const shown = (panel: PanelName) => panelShown({ present, hide }, panel);
  // Type and images scale with the root font size and a class on <html>, so rem-sized parts grow too.
  useEffect(() => {
    document.documentElement.classList.toggle('present', present);
  }, [present]);
  const sidePanels = shown('engine') || shown('controls') || shown('share');
  // The run view in presentation mode keeps the side panels in a drawer (s), over the page.
  const drawer = present && page === 'run' && sidePanels;
  const side = sidePanels && !drawer;

  const criticReason =
    url.state.critic !== 'auto'
      ? `Chosen by the link (critic=${url.state.critic}).`
      : auto === null
        ? 'Chosen once the backend is known.'
        : `Automatic: ${auto.why}`;

  const sidePanelsOf = (
    <>
      {shown('engine') ? <EnginePanel /> : null}
      {/* The Paper view's scales fix every setting but the seed, which it shows itself. */}
      {shown('controls') && page !== 'paper' && page !== 'mine-lab' ? (
        <Controls criticReason={criticReason} />
      ) : null}
      {shown('share') ? (
        <ShareLink critic={url.state.critic} autoChoice={auto?.critic ?? null} backend={url.state.backend} />
      ) : null}
    </>
  );

  return (
    <div className="shell">
      <header className="masthead">
        <div className="masthead-title">
          <h1>MinMax Lab</h1>
          <p className="tagline">
            Watch MINE-based MinMax adversarial examples being made, one iteration at a time (Hsu et al., AAAI
            2022).
          </p>
        </div>
        <OfflineStatus />
        {/* In the run view the presenter's row holds the way out (RunBar). */}
        {present && page === 'run' ? null : <PresentToggle />}
        <Shortcuts />
      </header>
      <main>
        <AlertList />
        {loadError === null ? null : (
          <div className="alert" role="alert">
            <p className="alert-message">{loadError}</p>
          </div>
        )}
        {/* Presentation mode keeps the projector's page as it was: no tab bar (leave the mode to switch). */}
        {present ? null : <ViewTabs />}
        <div
          {...(present ? {} : { role: 'tabpanel', id: panelId(page), 'aria-labelledby': tabId(page) })}
          data-testid="view-panel"
        >
          <div className={side ? 'layout' : 'layout no-side'}>
            {/* First in the Tab order, before the settings; shortcuts.css keeps it atop the right column. */}
            {page === 'run' ? <RunBar /> : null}
            {side ? <div className="side">{sidePanelsOf}</div> : null}
            {drawer ? <SettingsDrawer>{sidePanelsOf}</SettingsDrawer> : null}
            {page === 'run' ? (
              <div className="content">
                <OpenRun />
                {shown('hud') ? <Hud /> : null}
                {shown('timeline') ? <Timeline /> : null}
                {shown('images') ? <ImageViews /> : null}
                {shown('charts') ? <Charts /> : null}
                {shown('algorithm') ? <PseudoCode /> : null}
                {shown('maps') ? <FeatureMaps /> : null}
                {shown('picker') ? <ImagePicker set={set} loadError={loadError} /> : null}
                {shown('export') ? <Export /> : null}
              </div>
            ) : (
              // The evidence views (issue 11): the settings panel at left is shared with the run view.
              <div className="content">
                {page === 'compare' ? (
                  <Compare />
                ) : page === 'batch' ? (
                  <Batch set={set} />
                ) : page === 'mine-lab' ? (
                  <MineLab />
                ) : (
                  <Paper />
                )}
                {page === 'compare' && shown('picker') ? (
                  <ImagePicker set={set} loadError={loadError} />
                ) : null}
              </div>
            )}
          </div>
          {page === 'run' && shown('experiment') ? <Experiment /> : null}
        </div>
      </main>
    </div>
  );
}
