import { useShallow } from 'zustand/react/shallow';
import type { AutoencoderKind, CriticPreset, Method, Semantics, Task } from '../worker/protocol';
import { AUTOENCODERS, methodsOf } from '../worker/protocol';
import { useAutoencoderInfo } from './autoencoder-info';
import { NumberControl } from './NumberControl';
import { useRunStore } from './run-store';
import { SeedControl } from './SeedControl';
import { useViewStore } from './store';
import { URL_FIELDS, type UrlState } from './url-state';

/** A field's limits are the link's (URL_FIELDS): a value a link may set is one the field accepts. */
function rangeOf(key: keyof UrlState): { min: number; max: number } {
  const field = URL_FIELDS[key];
  if (field.kind !== 'int' && field.kind !== 'float') throw new Error(`${key} is not a number field`);
  return { min: field.min, max: field.max };
}

const METHOD_NAMES: Record<Method, string> = {
  minmax: 'MinMax (MINE)',
  penalty: 'Penalty-based (binary search on c)',
  pgd: 'PGD (L∞)',
  'mine-uae': 'MINE-UAE (MinMax on the autoencoder)',
  'l2-uae': 'L2-UAE (binary search on c)',
};

export const AE_NAMES: Record<AutoencoderKind, string> = {
  sparse: 'Sparse AE (784–128–784, KL sparsity)',
  dense: 'Dense AE (784–128–784)',
  conv: 'Convolutional AE',
  adversarial: 'Adversarial AE (2-D latent)',
};

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
      <div className="control">
        <label htmlFor="task-select">Task</label>
        <select
          id="task-select"
          data-testid="task-select"
          value={settings.task}
          disabled={busy}
          onChange={(e) => {
            setTask(e.target.value as Task);
          }}
        >
          <option value="supervised">Supervised: fool the classifier</option>
          <option value="unsupervised">Unsupervised: fool an autoencoder (UAE)</option>
        </select>
      </div>
      {unsupervised ? (
        <div className="control">
          <label htmlFor="ae-select">Autoencoder</label>
          <select
            id="ae-select"
            data-testid="ae-select"
            value={settings.ae}
            onChange={(e) => {
              setSettings({ ae: e.target.value as AutoencoderKind });
            }}
          >
            {AUTOENCODERS.map((a) => (
              <option key={a} value={a}>
                {AE_NAMES[a]}
              </option>
            ))}
          </select>
          <AutoencoderNote ae={settings.ae} />
        </div>
      ) : null}
      <div className="control">
        <label htmlFor="method-select">Method</label>
        <select
          id="method-select"
          data-testid="method-select"
          value={settings.method}
          onChange={(e) => {
            setSettings({ method: e.target.value as Method });
          }}
        >
          {methodsOf(settings.task).map((m) => (
            <option key={m} value={m}>
              {METHOD_NAMES[m]}
            </option>
          ))}
        </select>
      </div>
      <NumberControl
        label="ε (L∞ budget)"
        name="ε"
        value={settings.eps}
        {...rangeOf('eps')}
        step={0.01}
        slider
        onChange={(eps) => {
          setSettings({ eps });
        }}
        hint="ε = 1: only the [0, 1] box binds, as in the authors' driver. Plain-gradient MinMax often fails at ε ≤ 0.2 where PGD succeeds."
      />
      <NumberControl
        label="α (δ step size)"
        name="α"
        value={settings.alpha}
        {...rangeOf('alpha')}
        step={0.001}
        slider
        log
        onChange={(alpha) => {
          setSettings({ alpha });
        }}
      />
      <NumberControl
        label="β (c step size)"
        name="β"
        value={settings.beta}
        {...rangeOf('beta')}
        step={0.01}
        slider
        onChange={(beta) => {
          setSettings({ beta });
        }}
      />
      <NumberControl
        label="T (iterations)"
        name="T"
        value={settings.iters}
        {...rangeOf('iters')}
        step={1}
        integer
        slider
        onChange={(iters) => {
          setSettings({ iters });
        }}
      />
      <div className="control">
        <label htmlFor="critic-select">MINE critic</label>
        <select
          id="critic-select"
          data-testid="critic-select"
          value={settings.critic}
          onChange={(e) => {
            setSettings({ critic: e.target.value as CriticPreset });
          }}
        >
          <option value="lite">lite (149 k parameters)</option>
          <option value="paper">paper (10.25 M parameters, the authors&apos;)</option>
        </select>
        <p className="hint" data-testid="critic-reason">
          {criticReason}
        </p>
      </div>
      <details className="advanced" hidden={present}>
        <summary>Advanced</summary>
        <NumberControl
          label="c0 (initial c)"
          name="c0"
          value={settings.c0}
          {...rangeOf('c0')}
          step={0.0001}
          onChange={(c0) => {
            setSettings({ c0 });
          }}
        />
        {unsupervised ? null : (
          <NumberControl
            label="κ (confidence margin)"
            name="κ"
            value={settings.kappa}
            {...rangeOf('kappa')}
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
          label="MINE learning rate"
          value={settings.mineLr}
          {...rangeOf('mineLr')}
          step={1e-6}
          log
          slider
          onChange={(mineLr) => {
            setSettings({ mineLr });
          }}
        />
        <NumberControl
          label="MINE steps per iteration"
          name="MINE steps"
          value={settings.mineSteps}
          {...rangeOf('mineSteps')}
          step={1}
          integer
          onChange={(mineSteps) => {
            setSettings({ mineSteps });
          }}
        />
        <div className="control">
          <label htmlFor="semantics-select">Semantics</label>
          <select
            id="semantics-select"
            value={settings.semantics}
            onChange={(e) => {
              setSettings({ semantics: e.target.value as Semantics });
            }}
          >
            <option value="paper">paper (the pseudo-code)</option>
            <option value="reference">reference (the authors&apos; code)</option>
          </select>
        </div>
        <SeedControl />
      </details>
    </section>
  );
}
