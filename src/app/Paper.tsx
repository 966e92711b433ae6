import { useShallow } from 'zustand/react/shallow';
import { CATALOG } from '../core/experiments/reproduce/catalog';
import { duration } from '../core/experiments/reproduce/markdown';
import type { ExperimentName } from '../core/experiments/reproduce/types';
import type { PaperViewScale } from '../worker/protocol-paper';
import { FieldProblem, JobBar, useConfigSetter } from './EvidenceControls';
import { useEvidenceStore } from './evidence-store';
import { unitsTotal } from './job-state';
import { PaperResult } from './PaperResult';
import { RadioChoice } from './RadioChoice';
import { SeedControl } from './SeedControl';
import { scaleChoices, scaleLabel } from './paper-view';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';

/**
 * The talk's evidence, reproduced in the browser: one of the four experiments of `reproduce` at the
 * quick or standard scale, run by the core in the engine worker, its table beside the talk's figures,
 * its figures and its exports. The paper scale is listed with its expected time, not offered.
 */
export function Paper() {
  const seed = useRunStore((s) => s.settings.seed);
  const backend = useEngineStore((s) => s.backend);
  const { name, scale, job, startPaper } = useEvidenceStore(
    useShallow((s) => ({
      name: s.config.paperExp,
      scale: s.config.paperScale,
      job: s.paper,
      startPaper: s.startPaper,
    })),
  );
  const [problem, setConfig] = useConfigSetter();
  const running = job.status === 'running';
  const choices = scaleChoices(name);
  const chosen = choices.find((c) => c.scale === scale)!;
  const partial = job.partial;
  const resumable =
    !running && partial !== null && partial.name === name && partial.scale === scale && partial.seed === seed;
  return (
    <section className="panel" aria-labelledby="paper-heading" data-testid="paper-view">
      <h2 id="paper-heading">The paper&apos;s evidence, reproduced</h2>
      <p>
        The talk&apos;s tables and figures, measured here at a stated scale by the same code as the CLI&apos;s{' '}
        <code>reproduce</code>, on this page&apos;s engine ({backend ?? 'starting'}). The scale fixes every
        setting but the seed (test image i uses seed + i, for every method).
      </p>
      <div className="compare-setup">
        <fieldset className="evidence-fieldset paper-experiments" disabled={running}>
          <legend>Experiment</legend>
          {CATALOG.map((e) => (
            <RadioChoice
              key={e.name}
              name="paper-experiment"
              value={e.name}
              checked={name === e.name}
              describedBy={`paper-slide-${e.name}`}
              testId={`paper-exp-${e.name}`}
              onChoose={() => {
                setConfig({ paperExp: e.name as ExperimentName });
              }}
            >
              <span>
                <strong>{e.title}</strong>
                <span className="small muted" id={`paper-slide-${e.name}`}>
                  {' '}
                  ({e.name}) {e.slide}
                </span>
              </span>
            </RadioChoice>
          ))}
        </fieldset>
        <fieldset className="evidence-fieldset" disabled={running}>
          <legend>Scale</legend>
          {choices.map((c) => (
            <RadioChoice
              key={c.scale}
              name="paper-scale"
              value={c.scale}
              checked={scale === c.scale}
              disabled={!c.runnable}
              testId={`paper-scale-${c.scale}`}
              onChoose={() => {
                setConfig({ paperScale: c.scale as PaperViewScale });
              }}
            >
              <span>{scaleLabel(c)}</span>
            </RadioChoice>
          ))}
          <SeedControl />
          <p className="hint">
            Times are the cost model&apos;s (measured with wasm on a 2-core machine, one thread); a GPU
            backend is faster at the paper critic, a loaded machine slower. The paper scale is the
            authors&apos; size (1,000 samples; fully trained autoencoders): run it with the CLI.
          </p>
        </fieldset>
      </div>
      <FieldProblem problem={problem} />
      <p data-testid="paper-expected">
        Expected: about <strong>{duration(chosen.seconds)}</strong> for {unitsTotal(name, scale)} units (
        {name}, {scale} scale). Cancel drops the unit in progress (within a quarter second); what finished is
        kept.
      </p>
      <JobBar kind="paper" startLabel="Run" unit="units" onStart={() => startPaper(seed, false)} />
      {resumable ? (
        <div className="row">
          <button
            type="button"
            data-testid="paper-resume"
            onClick={() => {
              startPaper(seed, true);
            }}
          >
            Resume ({partial.units.length} unit{partial.units.length === 1 ? '' : 's'} done)
          </button>
        </div>
      ) : null}
      <PaperResult job={job} />
    </section>
  );
}
