import { useShallow } from 'zustand/react/shallow';
import { methodName } from '../core/vocabulary';
import type { RunSettings } from '../worker/protocol';
import { IMAGE_SIZE } from '../worker/protocol';
import { SUPERVISED_COMPARE, UNSUPERVISED_COMPARE, type CompareRow } from '../worker/protocol-evidence';
import { diverging, grey, maxAbs, paint } from './colormap';
import { compareCsv, compareRecord, downloadCsv, downloadJson } from './evidence-export';
import { ExportRow, FairMiFields, JobBar } from './EvidenceControls';
import { methodsFor, useEvidenceStore } from './evidence-store';
import { download } from './Export';
import { DigitCanvas } from './PixelCanvas';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';

function fmt(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toPrecision(digits);
}

/** What every row shares, in one sentence: the figure only means something if this holds. */
export function sharedLine(s: RunSettings, steps: number, restarts: number): string {
  const search = s.task === 'supervised' ? 'penalty' : 'L2-UAE';
  const fair = restarts === 0 ? 'fair MI not measured (R = 0)' : `fair MI S×R = ${steps}×${restarts}`;
  return `Same seed ${s.seed}, same T = ${s.iters} (${search}: T per binary-search step), same critic (${s.critic}), ε = ${s.eps}, α = ${s.alpha}; ${fair}.`;
}

/** The row grid as one PNG: x, then x′ and δ of each method, nearest-neighbour enlarged and labelled. */
function gridPng(x: Float32Array, rows: readonly CompareRow[], scale: number, name: string): void {
  const cell = IMAGE_SIZE * 6;
  const label = 150;
  const canvas = document.createElement('canvas');
  canvas.width = label + 2 * (cell + 10);
  canvas.height = (rows.length + 1) * (cell + 10);
  const ctx = canvas.getContext('2d');
  const small = document.createElement('canvas');
  small.width = IMAGE_SIZE;
  small.height = IMAGE_SIZE;
  const sctx = small.getContext('2d');
  if (!ctx || !sctx) return;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = '#000';
  ctx.font = '16px sans-serif';
  const draw = (values: Float32Array, col: number, row: number, signed: boolean) => {
    const img = sctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
    if (signed) paint(img.data, values, diverging, (v) => v / scale);
    else paint(img.data, values, grey);
    sctx.putImageData(img, 0, 0);
    ctx.drawImage(small, label + col * (cell + 10), row * (cell + 10), cell, cell);
  };
  ctx.fillText('x (clean)', 8, cell / 2);
  draw(x, 0, 0, false);
  rows.forEach((r, i) => {
    const y = (i + 1) * (cell + 10);
    ctx.fillText(methodName(r.method), 8, y + cell / 2 - 10);
    ctx.fillText(`${r.success ? 'success' : 'failed'} · fair ${fmt(r.miFair?.mean)}`, 8, y + cell / 2 + 12);
    draw(r.adversarial, 0, i + 1, false);
    draw(r.delta, 1, i + 1, true);
  });
  canvas.toBlob((blob) => {
    if (blob) download(name, blob);
  }, 'image/png');
}

function Row({ r, scale }: { r: CompareRow; scale: number }) {
  const name = methodName(r.method);
  const notes = [
    r.failureReason === null ? null : `Failed: ${r.failureReason}.`,
    r.miFairProblem === null ? null : `Fair MI not measured: ${r.miFairProblem}.`,
  ].filter((n) => n !== null);
  return (
    <>
      <tr data-testid={`compare-row-${r.method}`} className={notes.length > 0 ? 'has-note' : undefined}>
        <th scope="row">{name}</th>
        <td>
          <DigitCanvas values={r.adversarial} scale={grey} label={`x′ of ${name}`} />
        </td>
        <td>
          <DigitCanvas
            values={r.delta}
            scale={diverging}
            gain={1 / scale}
            label={`δ of ${name}, blue negative, red positive, ±${scale.toPrecision(2)} full scale`}
          />
        </td>
        <td data-testid="fair-mi" title={r.miFairProblem ?? undefined}>
          {r.miFair === null
            ? r.miFairProblem === null
              ? 'not measured'
              : 'failed'
            : r.miFair.restarts === 1
              ? `${fmt(r.miFair.mean)} (1 restart)`
              : `${fmt(r.miFair.mean)} ± ${fmt(r.miFair.std, 2)}`}
        </td>
        <td data-testid="success">{r.success ? 'yes' : 'no'}</td>
        <td>{r.firstSuccessIter ?? '–'}</td>
        <td>{fmt(r.linf)}</td>
        <td>{fmt(r.l2)}</td>
        <td>{fmt(r.miBest)}</td>
        <td>
          {r.seconds.toFixed(1)} s
          {r.fairSeconds > 0 ? (
            <span className="small muted block">+ {r.fairSeconds.toFixed(1)} s fair MI</span>
          ) : null}
        </td>
      </tr>
      {notes.length === 0 ? null : (
        <tr className="note-row" data-testid={`compare-note-${r.method}`}>
          <td colSpan={10} className="small">
            {notes.join(' ')}
          </td>
        </tr>
      )}
    </>
  );
}

/** Several methods on one image, same seed, T and critic: the talk's MinMax-vs-PGD figure for any image. */
export function Compare() {
  const { settings, image } = useRunStore(useShallow((s) => ({ settings: s.settings, image: s.image })));
  const { config, job, toggleMethod, startCompare } = useEvidenceStore(
    useShallow((s) => ({
      config: s.config,
      job: s.compare,
      toggleMethod: s.toggleMethod,
      startCompare: s.startCompare,
    })),
  );
  const versions = useEngineStore((s) => s.versions);
  const running = job.status === 'running';
  const offered = settings.task === 'supervised' ? SUPERVISED_COMPARE : UNSUPERVISED_COMPARE;
  const chosen = methodsFor(settings.task, config.cmpMethods);
  const shown = job.setup ?? {
    settings,
    fairMi: { steps: config.fairMiSteps, restarts: config.fairMiRestarts },
  };
  const x = job.image?.pixels ?? image?.pixels ?? null;
  // One δ scale for every row, so a larger δ looks larger.
  const scale = Math.max(1e-6, ...job.rows.map((r) => maxAbs(r.delta)));
  const stem = `compare-${job.image?.index ?? job.image?.source ?? 'image'}-seed${shown.settings.seed}`;
  return (
    <section className="panel" aria-labelledby="compare-heading" data-testid="compare-view">
      <h2 id="compare-heading">Compare methods on one image</h2>
      <p className="hint">
        Each method attacks the chosen image with the settings at left; then every returned x′ gets the same
        fair MI. The method chosen in the settings is not used here.
      </p>
      <p data-testid="compare-shared">
        <strong>{sharedLine(shown.settings, shown.fairMi.steps, shown.fairMi.restarts)}</strong>
      </p>
      <div className="compare-setup">
        <div>
          <DigitCanvas values={x} scale={grey} label="the compared image" testId="compare-image" />
          <p className="small">
            {image === null
              ? 'No image chosen yet.'
              : `${image.source === 'test' ? `Test image ${image.index}` : `A ${image.source} digit`}, label ${image.label}; choose another below.`}
          </p>
        </div>
        <fieldset className="evidence-fieldset">
          <legend>
            Methods (
            {settings.task === 'supervised' ? 'on the classifier' : `on the ${settings.ae} autoencoder`})
          </legend>
          {offered.map((m) => (
            <label key={m} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(m)}
                disabled={running}
                data-testid={`compare-method-${m}`}
                onChange={(e) => {
                  toggleMethod(m, e.target.checked);
                }}
              />
              {methodName(m)}
            </label>
          ))}
        </fieldset>
        <FairMiFields disabled={running} critic={settings.critic} />
      </div>
      <JobBar
        kind="compare"
        startLabel="Run the comparison"
        unit="methods"
        onStart={() => startCompare(settings, image)}
      />
      {job.rows.length === 0 ? null : (
        <>
          <div
            className="table-scroll"
            role="region"
            aria-label="Comparison table (scrolls sideways)"
            tabIndex={0}
          >
            <table className="evidence-table" data-testid="compare-table">
              <caption className="small">
                δ = x′ − x on one colour scale for all rows (blue −, red +, ±{scale.toPrecision(2)}); time:
                attack + fair MI.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col">x′</th>
                  <th scope="col">δ</th>
                  <th scope="col">Fair MI (nats)</th>
                  <th scope="col">Success</th>
                  <th scope="col">First success</th>
                  <th scope="col">‖δ‖∞</th>
                  <th scope="col">‖δ‖₂</th>
                  <th scope="col">In-loop I*</th>
                  <th scope="col">Time</th>
                </tr>
              </thead>
              <tbody>
                {job.rows.map((r) => (
                  <Row key={r.method} r={r} scale={scale} />
                ))}
              </tbody>
            </table>
          </div>
          <ExportRow
            id="compare"
            json={() => {
              downloadJson(stem, compareRecord(job, { versions, page: window.location.href }));
            }}
            csv={() => {
              downloadCsv(stem, compareCsv(job.rows));
            }}
          >
            <button
              type="button"
              data-testid="compare-export-png"
              disabled={job.image === null}
              onClick={() => {
                if (job.image !== null) gridPng(job.image.pixels, job.rows, scale, `${stem}.png`);
              }}
            >
              Export PNG (row grid)
            </button>
          </ExportRow>
        </>
      )}
    </section>
  );
}
