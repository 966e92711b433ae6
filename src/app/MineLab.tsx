import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BOUND_LABELS, type BoundName } from '../core/mine/bound-names';
import { INFONCE_MAX_BATCH, LAB_NUMBER_KEYS, type LabLimitName } from '../core/mine/lab-settings';
import { SETTINGS } from '../core/settings';
import { LabChart } from './LabChart';
import { CELL_NAMES, PRESET_TABLES, exactMi, readTable, useLabStore, type LabConfig } from './lab-store';
import { NumberControl } from './NumberControl';
import { PerSampleTrick } from './PerSampleTrick';
import { RadioChoice } from './RadioChoice';
import { settingField } from './setting-field';

const BITS = Math.LN2;
const fmt = (nats: number | null) =>
  nats === null || !Number.isFinite(nats)
    ? '–'
    : `${(nats / BITS).toFixed(3)} bits (${nats.toFixed(4)} nats)`;

/** A 2×2 joint table of X (rows) and Y (columns); cell i is P(X = ⌊i/2⌋, Y = i mod 2). */
function JointTable({ caption, cell }: { caption?: string; cell: (i: number) => ReactNode }) {
  return (
    <table className="lab-table">
      {caption === undefined ? null : <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">X \ Y</th>
          <th scope="col">0</th>
          <th scope="col">1</th>
        </tr>
      </thead>
      <tbody>
        {[0, 1].map((xv) => (
          <tr key={xv}>
            <th scope="row">{xv}</th>
            {[0, 1].map((yv) => (
              <td key={yv}>{cell(2 * xv + yv)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The talk's fixed tables, shown read-only; "Use" copies one into the editable table. */
function PresetTable({ name, caption }: { name: keyof typeof PRESET_TABLES; caption: string }) {
  const setConfig = useLabStore((s) => s.setConfig);
  const p = PRESET_TABLES[name];
  return (
    <figure className="lab-preset">
      <JointTable caption={caption} cell={(i) => p[i]} />
      <button
        type="button"
        data-testid={`lab-use-${name}`}
        onClick={() => {
          setConfig({ source: 'table', table: p.map(String) as unknown as LabConfig['table'] });
        }}
      >
        Use this table
      </button>
    </figure>
  );
}

/** The editable joint table: four typed entries, read on every change, the error beside them. */
function EditableTable({ disabled }: { disabled: boolean }) {
  const table = useLabStore((s) => s.config.table);
  const setConfig = useLabStore((s) => s.setConfig);
  const reading = readTable(table);
  const bad = (i: number) => !reading.ok && (reading.cell === i || reading.cell === null);
  return (
    <fieldset className="evidence-fieldset" disabled={disabled}>
      <legend>Your joint table P(X, Y) (normalised to sum 1)</legend>
      <JointTable
        cell={(i) => (
          <input
            type="text"
            inputMode="decimal"
            size={6}
            aria-label={CELL_NAMES[i]}
            aria-invalid={bad(i)}
            aria-describedby={bad(i) ? 'lab-table-error' : undefined}
            data-testid={`lab-cell-${i}`}
            value={table[i]}
            onChange={(e) => {
              const next = [...table] as [string, string, string, string];
              next[i] = e.target.value;
              setConfig({ source: 'table', table: next });
            }}
          />
        )}
      />
      <p id="lab-table-error" className="field-error" role="alert" data-testid="lab-table-error">
        {reading.ok ? '' : reading.error}
      </p>
    </fieldset>
  );
}

/**
 * One of the lab's numeric settings: its label, range and whole-number rule from its row of the
 * settings table (the link's field, so a value a link may set is one the field accepts).
 */
function LabNumber({ field, step, slider = false }: { field: LabLimitName; step: number; slider?: boolean }) {
  const value = useLabStore((s) => s.config[field]);
  const setConfig = useLabStore((s) => s.setConfig);
  const key = LAB_NUMBER_KEYS[field];
  return (
    <NumberControl
      {...settingField(key)}
      label={SETTINGS[key].label}
      value={value}
      step={step}
      slider={slider}
      onChange={(v) => {
        setConfig({ [field]: v });
      }}
    />
  );
}

/** One of the two cases to train on (a radio in the "Case" group). */
function SourceChoice({ source, label }: { source: LabConfig['source']; label: string }) {
  const checked = useLabStore((s) => s.config.source === source);
  const setConfig = useLabStore((s) => s.setConfig);
  return (
    <RadioChoice
      name="lab-source"
      checked={checked}
      testId={`lab-source-${source}`}
      onChoose={() => {
        setConfig({ source });
      }}
    >
      <span>{label}</span>
    </RadioChoice>
  );
}

/**
 * The MINE lab: the estimator of the attack, checked on cases whose mutual information is known
 * exactly (two bits from a 2×2 table, or d correlated Gaussian pairs), with the bound to train.
 */
export function MineLab() {
  const {
    config: c,
    job,
    setConfig,
    start,
    cancel,
  } = useLabStore(
    useShallow((s) => ({
      config: s.config,
      job: s.job,
      setConfig: s.setConfig,
      start: s.start,
      cancel: s.cancel,
    })),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const running = job.status === 'running';
  const exact = exactMi(c);
  const shownTruth = job.status === 'idle' ? exact : job.truth;
  return (
    <section className="panel" aria-labelledby="lab-heading" data-testid="mine-lab">
      <h2 id="lab-heading">MINE lab: the estimator against known answers</h2>
      <p>
        The critic of the attack, T(x, y), trained to maximise a lower bound on I(X; Y) where the true value
        is known exactly. Joint pairs (x, y) come from the distribution; marginal pairs shuffle y within the
        batch.
      </p>
      <fieldset className="evidence-fieldset" disabled={running}>
        <legend>Case</legend>
        <SourceChoice source="table" label="Two bits from a 2×2 joint table" />
        <SourceChoice source="gaussian" label="Correlated Gaussians, I = −(d/2)·ln(1 − ρ²)" />
      </fieldset>
      {c.source === 'table' ? (
        <div className="compare-setup">
          <PresetTable name="independent" caption="Independent bits: I = 0" />
          <PresetTable name="copy" caption="X = Y, a fair bit copied: I = 1 bit" />
          <EditableTable disabled={running} />
        </div>
      ) : (
        <fieldset className="evidence-fieldset" disabled={running}>
          <legend>Gaussian pairs</legend>
          <LabNumber field="rho" step={0.01} slider />
          <LabNumber field="dim" step={1} />
        </fieldset>
      )}
      <fieldset className="evidence-fieldset" disabled={running}>
        <legend>Bound and training</legend>
        <label>
          Bound{' '}
          <select
            value={c.bound}
            data-testid="lab-bound"
            onChange={(e) => {
              setConfig({ bound: e.target.value as BoundName });
            }}
          >
            {SETTINGS.labBound.values.map((b) => (
              <option key={b} value={b}>
                {BOUND_LABELS[b]}
              </option>
            ))}
          </select>
        </label>
        {c.bound === 'smile' ? <LabNumber field="tau" step={0.5} /> : null}
        {c.bound === 'infonce' ? (
          <p className="hint" data-testid="lab-ceiling">
            InfoNCE never reads above log N = {Math.log(Math.min(c.batch, INFONCE_MAX_BATCH)).toFixed(3)} nats
            for a batch of N = {Math.min(c.batch, INFONCE_MAX_BATCH)} (batches above {INFONCE_MAX_BATCH} are
            cut to it: it scores all N² pairs).
          </p>
        ) : null}
        <LabNumber field="steps" step={100} />
        <LabNumber field="batch" step={32} />
        <LabNumber field="lr" step={1e-3} />
        <LabNumber field="seed" step={1} />
      </fieldset>
      <div className="row">
        <button
          type="button"
          data-testid="lab-train"
          disabled={running}
          onClick={() => {
            setProblem(start());
          }}
        >
          Train
        </button>
        <button type="button" data-testid="lab-cancel" disabled={!running} onClick={cancel}>
          Cancel
        </button>
      </div>
      {problem === null ? null : (
        <p className="field-error" role="alert" data-testid="lab-problem">
          {problem}
        </p>
      )}
      <dl className="lab-readout" aria-live="polite">
        <dt>Exact MI</dt>
        <dd data-testid="lab-exact" data-nats={shownTruth ?? ''}>
          {fmt(shownTruth)}
        </dd>
        <dt>
          Estimate ({BOUND_LABELS[job.status === 'idle' ? c.bound : job.bound]}, mean of the last 50 steps)
        </dt>
        <dd data-testid="lab-estimate" data-nats={job.estimate ?? ''}>
          {fmt(job.estimate)}
        </dd>
        <dt>Training</dt>
        <dd data-testid="lab-status" data-status={job.status}>
          {job.status === 'idle'
            ? 'not started'
            : `${job.status}: step ${job.step} of ${job.steps}` +
              (job.seconds === null ? '' : ` in ${job.seconds.toFixed(1)} s on ${job.backend ?? '?'}`)}
        </dd>
      </dl>
      {job.error === null ? null : (
        <p className="field-error" role="alert">
          {job.error}
        </p>
      )}
      {job.status === 'idle' ? null : (
        <LabChart values={job.values} steps={job.steps} truth={job.truth} ceiling={job.ceiling} />
      )}
      <PerSampleTrick />
    </section>
  );
}
