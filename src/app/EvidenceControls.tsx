import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEvidenceStore, etaSeconds, type JobKind, type JobProgress } from './evidence-store';
import { progressLine } from './job-state';
import { duration } from '../core/experiments/reproduce/markdown';
import { NumberControl } from './NumberControl';
import { LIMITS } from '../core/limits';
import { FAIR_MI_STEP_MS } from '../core/mine/fair-mi-cost';
import { URL_FIELDS } from './url-state';
import { useClock } from './use-clock';

type IntegerField = 'fairMiSteps' | 'fairMiRestarts' | 'batchN';
type ConfigPatch = Parameters<ReturnType<typeof useEvidenceStore.getState>['setConfig']>[0];

function range(key: IntegerField) {
  const f = URL_FIELDS[key];
  if (f.kind !== 'int') throw new Error(`${key} is not an integer field`);
  return { min: f.min, max: f.max };
}

/** A refused setting's message, shown beside the fields until the next change. */
export function useConfigSetter(): [string | null, (patch: ConfigPatch) => void] {
  const [problem, setProblem] = useState<string | null>(null);
  return [
    problem,
    (patch) => {
      setProblem(useEvidenceStore.getState().setConfig(patch));
    },
  ];
}

/** One of the evidence views' whole-number settings, its range the link's (URL_FIELDS). */
export function ConfigInteger({
  field,
  label,
  name,
  step,
  disabled,
  setConfig,
}: {
  field: IntegerField;
  label: string;
  name: string;
  step: number;
  disabled: boolean;
  setConfig: (patch: ConfigPatch) => void;
}) {
  const value = useEvidenceStore((s) => s.config[field]);
  return (
    <NumberControl
      label={label}
      name={name}
      value={value}
      {...range(field)}
      step={step}
      integer
      disabled={disabled}
      onChange={(v) => {
        setConfig({ [field]: v });
      }}
    />
  );
}

/** The message of a refused setting, announced; nothing while there is none. */
export function FieldProblem({ problem }: { problem: string | null }) {
  return problem === null ? null : (
    <p className="field-error" role="alert">
      {problem}
    </p>
  );
}

/**
 * The fair MI's two costs, S Adam steps × R restarts per returned example, with what they cost: the
 * figure is only comparable between rows measured with the same S and R.
 */
export function FairMiFields({ disabled, critic }: { disabled: boolean; critic: string }) {
  const { steps, restarts } = useEvidenceStore(
    useShallow((s) => ({ steps: s.config.fairMiSteps, restarts: s.config.fairMiRestarts })),
  );
  const [problem, setConfig] = useConfigSetter();
  return (
    <fieldset className="evidence-fieldset">
      <legend>Fair MI (the same post-hoc measurement for every method)</legend>
      <ConfigInteger
        field="fairMiSteps"
        label="Steps S per restart"
        name="S"
        step={10}
        disabled={disabled}
        setConfig={setConfig}
      />
      <ConfigInteger
        field="fairMiRestarts"
        label="Restarts R (0: not measured)"
        name="R"
        step={1}
        disabled={disabled}
        setConfig={setConfig}
      />
      <p className="hint">
        R fresh {critic} critics, each trained S Adam steps (lr {LIMITS.fairMiLr.default}) on (x, x′), read at
        their final θ; the figure is the mean ± std of the R finals. Cost per example at S = {steps}, R ={' '}
        {restarts}: ≈ {duration((steps * restarts * FAIR_MI_STEP_MS.lite) / 1000)} with the lite critic on
        wasm, ≈ {duration((steps * restarts * FAIR_MI_STEP_MS.paper) / 1000)} with the paper critic (measured
        per step: {FAIR_MI_STEP_MS.lite} ms and {FAIR_MI_STEP_MS.paper} ms).
      </p>
      <FieldProblem problem={problem} />
    </fieldset>
  );
}

/**
 * Seconds left: the worker's own estimate when it gives one (the Paper view's, from the cost model
 * and the pace so far), counted down since it came; else the pace of the finished units.
 */
function jobEta(p: JobProgress, elapsedMs: number, now: number): number | null {
  if (p.etaSeconds === undefined) return etaSeconds(p.done, p.total, elapsedMs);
  if (p.etaSeconds === null || p.done >= p.total) return null;
  return Math.max(0, p.etaSeconds - (now - (p.at ?? now)) / 1000);
}

/** Start, Cancel and the progress of a job: what runs now, done of total, elapsed and ETA. */
export function JobBar({
  kind,
  startLabel,
  onStart,
  unit,
}: {
  kind: JobKind;
  startLabel: string;
  onStart: () => string | null;
  unit: string;
}) {
  const job = useEvidenceStore((s) => s[kind]);
  const cancel = useEvidenceStore((s) => s.cancel);
  const [refused, setRefused] = useState<string | null>(null);
  const running = job.status === 'running';
  const now = useClock(1000, running);
  const elapsed = (running ? now : job.endedAt) - job.startedAt;
  const p = job.progress;
  const eta = p === null ? null : jobEta(p, elapsed, now);
  return (
    <div className="job-bar">
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={running}
          data-testid={`${kind}-start`}
          onClick={() => {
            setRefused(onStart());
          }}
        >
          {startLabel}
        </button>
        <button
          type="button"
          disabled={!running || job.cancelling}
          data-testid={`${kind}-cancel`}
          onClick={() => {
            cancel(kind);
          }}
        >
          {job.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      {refused === null ? null : (
        <p className="field-error" role="alert">
          {refused}
        </p>
      )}
      {running && p !== null ? (
        <div className="job-progress" data-testid={`${kind}-progress`}>
          <progress max={p.total} value={p.done} aria-label={`${unit} done`} />
          <span>{progressLine(p, unit, elapsed / 1000, eta)}</span>
        </div>
      ) : null}
      <p className="small muted" role="status" data-testid={`${kind}-status`}>
        {job.status === 'done'
          ? `Done in ${duration(job.seconds ?? elapsed / 1000)} on ${job.backend ?? '?'}.`
          : job.status === 'cancelled'
            ? `Cancelled after ${duration(job.seconds ?? elapsed / 1000)}: what finished is kept below.`
            : job.status === 'error'
              ? ''
              : ''}
      </p>
      {job.status === 'error' && job.error !== null ? (
        <p className="field-error" role="alert" data-testid={`${kind}-error`}>
          {job.error}
        </p>
      ) : null}
    </div>
  );
}

/** A job's JSON and CSV downloads (test ids `<id>-export-json`, `<id>-export-csv`), then any more buttons. */
export function ExportRow({
  id,
  json,
  csv,
  children,
}: {
  id: string;
  json: () => void;
  csv: () => void;
  children?: React.ReactNode;
}) {
  return (
    <div className="row">
      <button type="button" data-testid={`${id}-export-json`} onClick={json}>
        Export JSON
      </button>
      <button type="button" data-testid={`${id}-export-csv`} onClick={csv}>
        Export CSV
      </button>
      {children}
    </div>
  );
}
