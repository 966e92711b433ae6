import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AUTOENCODER_TITLES, methodName } from '../core/vocabulary';
import { useShallow } from 'zustand/react/shallow';
import type { AutoencoderKind, ExperimentResult } from '../worker/protocol';
import { AUGMENT_METHODS, AUTOENCODERS, EXPERIMENT_LIMITS } from '../worker/protocol';
import {
  configProblem,
  experimentDepartures,
  plannedPhases,
  useExperimentStore,
  type ExperimentState,
} from './experiment-store';
import { NumberControl } from './NumberControl';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';

const label = methodName;

/** The paper's ↑ (lower error than Original) or ↓, with the relative change in percent. */
export function relChangeText(rel: number): string {
  if (!Number.isFinite(rel)) return '–';
  const arrow = rel > 0 ? '↑' : rel < 0 ? '↓' : '';
  return `${(Math.abs(rel) * 100).toFixed(2)}% ${arrow}`.trim();
}

function Progress({ state }: { state: ExperimentState }) {
  if (state.running === null) return null;
  const phases = plannedPhases(state.running);
  return (
    <ol className="experiment-phases">
      {phases.map(({ key, label: text }) => {
        const p = state.progress[key];
        const pct = p === undefined || p.total <= 0 ? 0 : Math.min(100, Math.round((p.done / p.total) * 100));
        const current = state.current === key;
        return (
          <li key={key} className={current ? 'phase current' : 'phase'}>
            <span className="phase-label">{text}</span>
            <span
              className="phase-bar"
              role="progressbar"
              aria-label={text}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={pct}
              data-testid={`experiment-progress-${key}`}
            >
              <span className="phase-fill" style={{ width: `${pct}%` }} />
            </span>
            <span className="phase-value">{pct}%</span>
            {current && p !== undefined ? (
              <span className="phase-message muted small">{p.message}</span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function ResultsTable({ result, departures }: { result: ExperimentResult; departures: readonly string[] }) {
  return (
    <table className="experiment-table" data-testid="experiment-results">
      <caption>
        {AUTOENCODER_TITLES[result.ae]}: test reconstruction error (mean per-pixel squared error on {result.testCount}{' '}
        test images) after training on {result.train} clean images, or on those plus one copy each per method;{' '}
        {result.epochs} epoch{result.epochs === 1 ? '' : 's'}, seed {result.seed}, {result.backend}.
        {departures.length > 0 ? ` Departure from the authors: ${departures.join(' ')}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Augmentation</th>
          <th scope="col">Test reconstruction error</th>
          <th scope="col">Relative change (↑ lower error)</th>
          <th scope="col">ASR on the training set</th>
          <th scope="col">Time (generate + train)</th>
        </tr>
      </thead>
      <tbody>
        <tr data-testid="experiment-row-original">
          <th scope="row">Original</th>
          <td>{Number.isFinite(result.original) ? result.original.toFixed(5) : '–'}</td>
          <td>–</td>
          <td>–</td>
          <td>{result.originalTrainSeconds.toFixed(1)} s</td>
        </tr>
        {result.results.map((r) => (
          <tr key={r.method} data-testid={`experiment-row-${r.method}`}>
            <th scope="row">{label(r.method)}</th>
            <td>{r.reconError.toFixed(5)}</td>
            <td className={r.relChange > 0 ? 'ok' : r.relChange < 0 ? 'bad' : ''}>
              {relChangeText(r.relChange)}
            </td>
            <td>{(r.asr * 100).toFixed(1)}%</td>
            <td>
              {r.generateSeconds.toFixed(1)} + {r.trainSeconds.toFixed(1)} s
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ResultsChart({ result }: { result: ExperimentResult }) {
  const data = [
    { name: 'Original', error: result.original },
    ...result.results.map((r) => ({ name: label(r.method), error: r.reconError })),
  ].filter((d) => Number.isFinite(d.error));
  return (
    <figure className="chart" data-testid="experiment-chart">
      <figcaption>Test reconstruction error per training set (lower is better)</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#ddd" strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fill: '#333', fontSize: 11 }} />
          <YAxis
            width={64}
            tick={{ fill: '#333', fontSize: 11 }}
            tickFormatter={(v: number) => v.toPrecision(2)}
          />
          <Tooltip formatter={(v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
          <Bar dataKey="error" name="test error" fill="#0b5394" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

function exportJson(
  result: ExperimentResult,
  state: ExperimentState,
  versions: Readonly<Record<string, string>>,
) {
  const record = {
    kind: 'minmax-lab/augmentation-experiment',
    exportedAt: new Date().toISOString(),
    config: state.running,
    seed: result.seed,
    backend: result.backend,
    versions,
    userAgent: navigator.userAgent,
    wallSeconds: state.endedAt > state.startedAt ? (state.endedAt - state.startedAt) / 1000 : null,
    // Where this run's MINE-UAE differs from the authors' settings (the CLI's defaults).
    departures: state.running === null ? [] : experimentDepartures(state.running),
    result,
  };
  const blob = new Blob([`${JSON.stringify(record, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `augmentation-${result.ae}-n${result.train}-e${result.epochs}-s${result.seed}.json`;
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/** The paper's data-augmentation experiment (Table 3), at a scale a browser can train. */
export function Experiment() {
  const state = useExperimentStore(useShallow((s) => s));
  const { config, status, setConfig, toggleMethod, start, cancel, result, error, cancelling } = state;
  const engineReady = useEngineStore((s) => s.status === 'idle');
  const versions = useEngineStore((s) => s.versions);
  const runBusy = useRunStore((s) => s.status === 'running' || s.status === 'paused');
  const running = status === 'running';
  const problem = configProblem(config);
  const departures = experimentDepartures(config);
  const seconds = state.endedAt > state.startedAt ? (state.endedAt - state.startedAt) / 1000 : null;

  return (
    <section className="panel experiment" aria-labelledby="experiment-heading">
      <h2 id="experiment-heading">Augmentation experiment</h2>
      <p className="muted small">
        The paper&apos;s Table 3 at browser scale: train an autoencoder from scratch on N clean MNIST images
        (&ldquo;Original&rdquo;), make one copy of every image per method against it (MINE-UAE, L2-UAE, or
        Gaussian noise), retrain a fresh autoencoder from the same seed on the 2N images, and compare test
        reconstruction errors. ↑ marks a lower error than Original, as in the paper.
      </p>
      <div className="experiment-grid">
        <div className="control">
          <label htmlFor="experiment-ae">Autoencoder</label>
          <select
            id="experiment-ae"
            data-testid="experiment-ae"
            value={config.ae}
            disabled={running}
            onChange={(e) => {
              setConfig({ ae: e.target.value as AutoencoderKind });
            }}
          >
            {AUTOENCODERS.map((a) => (
              <option key={a} value={a}>
                {AUTOENCODER_TITLES[a]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="control methods" disabled={running}>
          <legend>Methods</legend>
          {AUGMENT_METHODS.map((m) => (
            <label key={m} className="check">
              <input
                type="checkbox"
                data-testid={`experiment-method-${m}`}
                checked={config.methods.includes(m)}
                onChange={(e) => {
                  toggleMethod(m, e.target.checked);
                }}
              />
              {label(m)}
            </label>
          ))}
        </fieldset>
        <NumberControl
          label="Training images N"
          value={config.train}
          min={1}
          max={EXPERIMENT_LIMITS.train}
          step={1}
          integer
          disabled={running}
          onChange={(train) => {
            setConfig({ train });
          }}
        />
        <NumberControl
          label="Epochs"
          value={config.epochs}
          min={1}
          max={EXPERIMENT_LIMITS.epochs}
          step={1}
          integer
          disabled={running}
          onChange={(epochs) => {
            setConfig({ epochs });
          }}
        />
        <NumberControl
          label="Test images"
          value={config.testCount}
          min={1}
          max={EXPERIMENT_LIMITS.testCount}
          step={1}
          integer
          disabled={running}
          onChange={(testCount) => {
            setConfig({ testCount });
          }}
        />
        <NumberControl
          label="Experiment seed"
          value={config.seed}
          min={0}
          max={4294967295}
          step={1}
          integer
          disabled={running}
          onChange={(seed) => {
            setConfig({ seed });
          }}
        />
      </div>
      <details className="advanced">
        <summary>Attack settings for MINE-UAE and L2-UAE</summary>
        <NumberControl
          label="UAE iterations"
          value={config.iters}
          min={1}
          max={EXPERIMENT_LIMITS.iters}
          step={1}
          integer
          disabled={running}
          onChange={(iters) => {
            setConfig({ iters });
          }}
          hint="Authors: 40 iterations, 20 MINE steps each, ε = 1, δ0 Glorot; their critic on the dense AEs, the lite one on the conv AE; α 0.1 (authors: 0.01). Here 5 MINE steps by default (named below). MINE-UAE dominates the cost (images are attacked 50 at a time): on wasm, one thread of a shared 2-core machine, the default 100 images took 365 s at 5 MINE steps, and 100 dense-AE images 2,146 s at the authors' 20."
        />
        <NumberControl
          label="UAE MINE steps per iteration"
          value={config.mineSteps}
          min={1}
          max={EXPERIMENT_LIMITS.mineSteps}
          step={1}
          integer
          disabled={running}
          onChange={(mineSteps) => {
            setConfig({ mineSteps });
          }}
        />
      </details>
      {/* Above the Start button: its text changes when a field is committed on blur, i.e. on the
          mousedown of a click on Start; below the button, at the page's end, a shorter text clamps
          the scroll and moves the button from under the pointer, and the click is lost. */}
      {departures.length > 0 ? (
        <div className="hint" data-testid="experiment-departures">
          <strong>Departure from the authors&apos; settings.</strong>
          <ul>
            {departures.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="row wrap">
        <button
          type="button"
          className="primary"
          data-testid="experiment-start"
          disabled={!engineReady || running || runBusy || problem !== null}
          onClick={start}
        >
          Start experiment
        </button>
        <button
          type="button"
          data-testid="experiment-cancel"
          disabled={!running || cancelling}
          onClick={cancel}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
        <span className="muted small">
          Status: <output data-testid="experiment-status">{status}</output>
          {seconds !== null && !running ? ` · ${seconds.toFixed(1)} s` : ''}
        </span>
      </div>
      {problem !== null ? <p className="hint">{problem}</p> : null}
      {runBusy ? (
        <p className="hint" data-testid="experiment-blocked">
          A run is in progress; the experiment waits for it (one job at a time in the engine).
        </p>
      ) : null}
      {status === 'cancelled' ? (
        <p className="hint" data-testid="experiment-cancelled-note">
          Cancelled: the engine is idle again; rows finished before the cancel are kept below.
        </p>
      ) : null}
      {status === 'error' && error !== null ? <p className="inline-alert">{error}</p> : null}
      <Progress state={state} />
      {result === null ? null : (
        <>
          <ResultsTable
            result={result}
            departures={state.running === null ? [] : experimentDepartures(state.running)}
          />
          <ResultsChart result={result} />
          <button
            type="button"
            data-testid="experiment-export"
            onClick={() => {
              exportJson(result, state, versions);
            }}
          >
            Download the result (JSON)
          </button>
        </>
      )}
    </section>
  );
}
