import { useShallow } from 'zustand/react/shallow';
import type { ChoiceOf } from '../core/settings';
import { methodsOf, type AutoencoderKind } from '../core/vocabulary';
import { useAutoencoderInfo } from './autoencoder-info';
import { ChoiceControl } from './ChoiceControl';
import { NumberControl } from './NumberControl';
import { useRunStore } from './run-store';
import { SeedControl } from './SeedControl';
import { useViewStore } from './store';
import { settingField } from './setting-field';

function AutoencoderNote({ ae }: { ae: AutoencoderKind }) {
  const info = useAutoencoderInfo(ae);
  if (info.state === 'loading') return <p className="hint">Reading the model&apos;s training record…</p>;
  if (info.state === 'missing')
    return (
      <p className="hint" data-testid="ae-info">
        No training record for this autoencoder ({info.why}); a run will report whether the model itself
        loads.
      </p>
    );
  return (
    <p className="hint" data-testid="ae-info">
      Shipped model: {info.info.epochs} epoch{info.info.epochs === 1 ? '' : 's'}
      {info.info.authorEpochs === undefined ? '' : ` (authors: ${info.info.authorEpochs})`}, test
      reconstruction error {info.info.testReconError.toPrecision(3)} (mean per pixel).
    </p>
  );
}

/** What the critic's bound changes, one line each (docs/bounds.md says more). */
const BOUND_HINTS: Readonly<Record<ChoiceOf<'bound'>, string>> = {
  dv: "The paper's Donsker–Varadhan bound.",
  mine: 'DV’s estimate, trained through a moving average of its denominator (less biased gradients).',
  nwj: 'A looser bound whose batch terms are unbiased; its estimate sits below DV’s.',
  infonce: 'Scores all K² pairs (K× the head’s work); never reports more than log K nats.',
  smile: 'DV with the marginal scores clipped to [−τ, τ]: less variance, some bias.',
};

/** The attack's settings: the main four as sliders, the rest under "Advanced". */
export function Controls({ criticReason }: { criticReason: string }) {
  const { settings, setSettings, setTask, status } = useRunStore(
    useShallow((s) => ({
      settings: s.settings,
      setSettings: s.setSettings,
      setTask: s.setTask,
      status: s.status,
    })),
  );
  const busy = status === 'running' || status === 'paused';
  const unsupervised = settings.task === 'unsupervised';
  // Presentation mode keeps the main sliders and hides the rest (a projector has no room for it).
  const present = useViewStore((s) => s.present);
  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Attack settings</h2>
      {busy ? <p className="muted small">Changes apply to the next run.</p> : null}
      <ChoiceControl setting="task" value={settings.task} disabled={busy} onChange={setTask} />
      {unsupervised ? (
        <ChoiceControl
          setting="ae"
          value={settings.ae}
          onChange={(ae) => {
            setSettings({ ae });
          }}
        >
          <AutoencoderNote ae={settings.ae} />
        </ChoiceControl>
      ) : null}
      <ChoiceControl
        setting="method"
        value={settings.method}
        options={methodsOf(settings.task)}
        onChange={(method) => {
          setSettings({ method });
        }}
      />
      <NumberControl
        value={settings.eps}
        {...settingField('eps')}
        step={0.01}
        slider
        onChange={(eps) => {
          setSettings({ eps });
        }}
        hint="ε = 1: only the [0, 1] box binds, as in the authors' driver. Plain-gradient MinMax often fails at ε ≤ 0.2 where PGD succeeds."
      />
      <NumberControl
        value={settings.alpha}
        {...settingField('alpha')}
        step={0.001}
        slider
        log
        onChange={(alpha) => {
          setSettings({ alpha });
        }}
      />
      <NumberControl
        value={settings.beta}
        {...settingField('beta')}
        step={0.01}
        slider
        onChange={(beta) => {
          setSettings({ beta });
        }}
      />
      <NumberControl
        value={settings.iters}
        {...settingField('iters')}
        step={1}
        slider
        onChange={(iters) => {
          setSettings({ iters });
        }}
      />
      <ChoiceControl
        setting="critic"
        value={settings.critic}
        onChange={(critic) => {
          setSettings({ critic });
        }}
      >
        <p className="hint" data-testid="critic-reason">
          {criticReason}
        </p>
      </ChoiceControl>
      {present ? null : (
        // Hidden in presentation mode with the advanced settings: a projector shows the main ones.
        <ChoiceControl
          setting="bound"
          value={settings.bound}
          onChange={(bound) => {
            setSettings({ bound });
          }}
        >
          <p className="hint" data-testid="bound-hint">
            {BOUND_HINTS[settings.bound]}
          </p>
        </ChoiceControl>
      )}
      {settings.bound === 'smile' && !present ? (
        <NumberControl
          value={settings.smileTau}
          {...settingField('smileTau')}
          step={0.1}
          onChange={(smileTau) => {
            setSettings({ smileTau });
          }}
        />
      ) : null}
      <details className="advanced" hidden={present}>
        <summary>Advanced</summary>
        <NumberControl
          value={settings.c0}
          {...settingField('c0')}
          step={0.0001}
          onChange={(c0) => {
            setSettings({ c0 });
          }}
        />
        {unsupervised ? null : (
          <NumberControl
            value={settings.kappa}
            {...settingField('kappa')}
            step={0.1}
            onChange={(kappa) => {
              setSettings({ kappa });
            }}
          />
        )}
        {unsupervised ? null : (
          <div className="control">
            <label className="check">
              <input
                type="checkbox"
                checked={settings.target !== null}
                onChange={(e) => {
                  setSettings({ target: e.target.checked ? 0 : null });
                }}
              />
              Targeted attack
            </label>
            {settings.target === null ? null : (
              <label className="field inline">
                <span>Target class</span>
                <select
                  value={settings.target}
                  onChange={(e) => {
                    setSettings({ target: Number(e.target.value) });
                  }}
                >
                  {Array.from({ length: 10 }, (_, d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        )}
        <NumberControl
          value={settings.mineLr}
          {...settingField('mineLr')}
          step={1e-6}
          log
          slider
          onChange={(mineLr) => {
            setSettings({ mineLr });
          }}
        />
        <NumberControl
          value={settings.mineSteps}
          {...settingField('mineSteps')}
          step={1}
          onChange={(mineSteps) => {
            setSettings({ mineSteps });
          }}
        />
        <ChoiceControl
          setting="semantics"
          value={settings.semantics}
          onChange={(semantics) => {
            setSettings({ semantics });
          }}
        />
        <SeedControl />
      </details>
    </section>
  );
}
