import { useShallow } from 'zustand/react/shallow';
import type { ImageSet } from '../core/data/dataset';
import { BATCH_MAX_IMAGES, BATCH_METHODS, type BatchSample } from '../worker/protocol-evidence';
import { methodName } from '../core/vocabulary';
import { batchCsv, batchRecord, downloadCsv, downloadJson } from './evidence-export';
import {
  ConfigInteger,
  ExportRow,
  FairMiFields,
  FieldProblem,
  JobBar,
  useConfigSetter,
} from './EvidenceControls';
import { useEvidenceStore, type BatchState } from './evidence-store';
import { useExperimentStore } from './experiment-store';
import { FairMiHistogram } from './FairMiHistogram';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';
import { evidenceFromUrl, shareLink, urlFromSettings } from './url-settings';
import { DEFAULT_URL_STATE } from './url-state';

function pct(v: number | null): string {
  return v === null ? '–' : `${(100 * v).toFixed(1)} %`;
}

function pm(mean: number | null, std: number | null): string {
  return mean === null ? '–' : `${mean.toPrecision(3)} ± ${(std ?? 0).toPrecision(2)}`;
}

/**
 * The single-run view on one sample of the batch, as the batch ran it: the same settings and backend,
 * and the sample's own seed (evaluate gives sample i the seed + i), so the run repeats the attack.
 */
export function sampleLink(job: BatchState, sample: BatchSample): string | null {
  if (job.setup === null) return null;
  const position = job.indices.indexOf(sample.index);
  const settings = { ...job.setup.settings, seed: (job.setup.settings.seed + Math.max(0, position)) >>> 0 };
  const image = {
    source: 'test' as const,
    index: sample.index,
    label: sample.label,
    pixels: new Float32Array(0),
  };
  const backend =
    job.backend === 'webgpu' || job.backend === 'webgl' || job.backend === 'wasm' || job.backend === 'cpu'
      ? job.backend
      : 'auto';
  const state = urlFromSettings(
    settings,
    image,
    settings.critic,
    backend,
    { present: false, hide: [] },
    useExperimentStore.getState().config,
    {
      ...evidenceFromUrl(DEFAULT_URL_STATE),
      fairMiSteps: job.setup.fairMi.steps,
      fairMiRestarts: job.setup.fairMi.restarts,
    },
    'run',
  );
  return shareLink(window.location.origin, window.location.pathname, state);
}

function Summary({ job }: { job: BatchState }) {
  const s = job.summary;
  if (s === null) return null;
  const done = job.samples.length;
  return (
    <dl className="evidence-summary" data-testid="batch-summary">
      <dt>Images attacked</dt>
      <dd data-testid="batch-count">
        {done} of {job.indices.length}
      </dd>
      <dt>ASR (all)</dt>
      <dd data-testid="batch-asr">{pct(s.asr)}</dd>
      <dt>ASR (correctly classified only, {s.nCorrect})</dt>
      <dd data-testid="batch-asr-correct">{pct(s.asrCorrectOnly)}</dd>
      <dt>In-loop I* mean ± std (successes)</dt>
      <dd data-testid="batch-mi">{pm(s.miMean, s.miStd)}</dd>
      <dt>Fair MI mean ± std ({s.nMiFair} measured)</dt>
      <dd data-testid="batch-fair-mi">{pm(s.miFairMean, s.miFairStd)}</dd>
      <dt>Mean first success</dt>
      <dd>{s.meanFirstSuccessIter === null ? '–' : s.meanFirstSuccessIter.toFixed(1)}</dd>
      <dt>Time per iteration</dt>
      <dd>{s.msPerIter.toFixed(0)} ms</dd>
    </dl>
  );
}

/** One method on the first N test images: the paper's ASR and MI table, with the failures to open. */
export function Batch({ set }: { set: ImageSet | null }) {
  const settings = useRunStore((s) => s.settings);
  const { config, job, startBatch } = useEvidenceStore(
    useShallow((s) => ({ config: s.config, job: s.batch, startBatch: s.startBatch })),
  );
  const versions = useEngineStore((s) => s.versions);
  const [problem, setConfig] = useConfigSetter();
  const running = job.status === 'running';
  const method = settings.method;
  const usable = settings.task === 'supervised' && (BATCH_METHODS as readonly string[]).includes(method);
  const failures = job.samples.filter((s) => !s.success);
  const fairs = job.samples.filter((s) => s.success && s.miFair !== null).map((s) => s.miFair!.mean);
  const stem = `batch-${job.setup?.settings.method ?? method}-n${job.indices.length}-seed${job.setup?.settings.seed ?? settings.seed}`;
  return (
    <section className="panel" aria-labelledby="batch-heading" data-testid="batch-view">
      <h2 id="batch-heading">Batch evaluation</h2>
      <p data-testid="batch-method">
        {usable ? (
          <>
            Method: <strong>{methodName(method)}</strong> with the settings at left (T = {settings.iters},
            seed {settings.seed} + i for the i-th image, critic {settings.critic}), as the CLI&apos;s{' '}
            <code>evaluate</code> runs it.
          </>
        ) : (
          'Batch evaluation attacks the classifier: choose the supervised task and MinMax, penalty or PGD in the settings.'
        )}
      </p>
      <div className="compare-setup">
        <fieldset className="evidence-fieldset">
          <legend>Images</legend>
          <ConfigInteger
            field="batchN"
            label={`First N test images (1–${BATCH_MAX_IMAGES})`}
            name="N"
            step={1}
            disabled={running}
            setConfig={setConfig}
          />
          <label className="field">
            <span>Only the label</span>
            <select
              value={String(config.batchLabel)}
              disabled={running}
              data-testid="batch-label"
              onChange={(e) => {
                setConfig({ batchLabel: Number(e.target.value) });
              }}
            >
              <option value="-1">any label</option>
              {Array.from({ length: 10 }, (_, d) => (
                <option key={d} value={String(d)}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">
            Up to {BATCH_MAX_IMAGES} images. Measured at T = 300 (wasm, lite critic, fair MI 3 × 300 steps, a
            2-core machine): MinMax ≈ 27 s per image (100 images ≈ 45 min), PGD ≈ 75 s (its after-the-fact
            MINE), penalty about 9× MinMax (9 search steps). Larger sets belong to the CLI&apos;s evaluate.
          </p>
          <FieldProblem problem={problem} />
        </fieldset>
        <FairMiFields disabled={running} critic={settings.critic} />
      </div>
      <JobBar kind="batch" startLabel="Evaluate" unit="images" onStart={() => startBatch(settings, set)} />
      <Summary job={job} />
      {job.samples.length === 0 ? null : (
        <>
          <FairMiHistogram values={fairs} />
          <h3>Failures ({failures.length})</h3>
          {failures.length === 0 ? (
            <p className="small">Every attacked image succeeded.</p>
          ) : (
            <ul className="failures" data-testid="batch-failures">
              {failures.map((s) => {
                const href = sampleLink(job, s);
                return (
                  <li key={s.index}>
                    <a href={href ?? undefined} data-testid={`batch-failure-${s.index}`}>
                      Test image {s.index} (label {s.label})
                    </a>
                    : {s.failureReason}
                  </li>
                );
              })}
            </ul>
          )}
          <details>
            <summary>Every image ({job.samples.length})</summary>
            <div
              className="table-scroll"
              role="region"
              aria-label="Every image (scrolls sideways)"
              tabIndex={0}
            >
              <table className="evidence-table" data-testid="batch-table">
                <thead>
                  <tr>
                    <th scope="col">Test image</th>
                    <th scope="col">Label</th>
                    <th scope="col">Class of x → x′</th>
                    <th scope="col">Success</th>
                    <th scope="col">First success</th>
                    <th scope="col">In-loop I*</th>
                    <th scope="col">Fair MI</th>
                    <th scope="col">‖δ‖∞</th>
                    <th scope="col">Time</th>
                  </tr>
                </thead>
                <tbody>
                  {job.samples.map((s) => (
                    <tr key={s.index}>
                      <th scope="row">
                        <a href={sampleLink(job, s) ?? undefined}>#{s.index}</a>
                      </th>
                      <td>{s.label}</td>
                      <td>
                        {s.predictedClean} → {Number.isFinite(s.predictedAdv) ? s.predictedAdv : '–'}
                      </td>
                      <td>{s.success ? 'yes' : 'no'}</td>
                      <td>{s.firstSuccessIter ?? '–'}</td>
                      <td>{s.miBest === null ? '–' : s.miBest.toPrecision(3)}</td>
                      <td title={s.miFairProblem ?? undefined}>
                        {s.miFair === null ? '–' : pm(s.miFair.mean, s.miFair.std)}
                      </td>
                      <td>{Number.isFinite(s.linf) ? s.linf.toPrecision(3) : '–'}</td>
                      <td>{s.seconds.toFixed(1)} s</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          <ExportRow
            id="batch"
            json={() => {
              downloadJson(stem, batchRecord(job, { versions, page: window.location.href }));
            }}
            csv={() => {
              downloadCsv(stem, batchCsv(job.samples));
            }}
          />
        </>
      )}
    </section>
  );
}
