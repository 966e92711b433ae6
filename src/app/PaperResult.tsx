import { useState } from 'react';
import { duration } from '../core/experiments/reproduce/markdown';
import type { Figure } from '../core/experiments/reproduce/types';
import { downloadJson } from './evidence-export';
import type { PaperState } from './job-state';
import { download } from './Export';
import { downloadText, figurePng } from './paper-export';
import { figureAlt, paperExport, paperStem, rowsCsv, svgDataUrl, tableBlocks } from './paper-view';
import { useEngineStore } from './store';

function FigureView({ figure, stem }: { figure: Figure; stem: string }) {
  const [error, setError] = useState<string | null>(null);
  const file = `${stem}-${figure.name}`;
  return (
    <figure className="paper-figure" data-testid={`paper-figure-${figure.name}`}>
      <img src={svgDataUrl(figure.svg)} alt={figureAlt(figure)} />
      <figcaption>{figure.title}</figcaption>
      <div className="row">
        <button
          type="button"
          aria-label={`Download ${figure.title} as SVG`}
          onClick={() => {
            downloadText(`${file}.svg`, figure.svg, 'image/svg+xml');
          }}
        >
          SVG
        </button>
        <button
          type="button"
          aria-label={`Download ${figure.title} as PNG`}
          onClick={() => {
            figurePng(figure).then(
              (blob) => {
                setError(null);
                download(`${file}.png`, blob);
              },
              (e: unknown) => {
                setError(`The PNG could not be made: ${e instanceof Error ? e.message : String(e)}`);
              },
            );
          }}
        >
          PNG
        </button>
      </div>
      {error === null ? null : (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </figure>
  );
}

/** The record of a Paper run: our table beside the talk's figures, the figures, the exports. */
export function PaperResult({ job }: { job: PaperState }) {
  const versions = useEngineStore((s) => s.versions);
  const r = job.record;
  if (r === null) return null;
  const stem = paperStem(r);
  const blocks = tableBlocks(job.table);
  const units = job.partial?.units.length ?? 0;
  return (
    <div className="paper-result" data-testid="paper-result">
      <h3>{r.title}</h3>
      {r.complete ? null : (
        <p className="paper-partial" data-testid="paper-partial">
          Partial result: cancelled after {units} finished unit{units === 1 ? '' : 's'}; the rows cover those
          only. Resume continues from them.
        </p>
      )}
      <p className="small">Reproduces the talk&apos;s {r.slide}.</p>
      <p className="small" data-testid="paper-run-facts">
        Scale <strong>{r.scale}</strong>, seed {r.seed}, backend {r.backend}: {duration(r.seconds)} (the cost
        model expected {duration(r.expectedSeconds)}).
      </p>
      {blocks.map((b, i) =>
        b.kind === 'text' ? (
          <p key={i} className="small">
            {b.text}
          </p>
        ) : (
          <div key={i} className="table-scroll" role="region" aria-label={`${r.title}: table`} tabIndex={0}>
            <table className="evidence-table" data-testid="paper-table">
              <caption>
                Ours beside the paper&apos;s: {r.title}, {r.scale} scale{r.complete ? '' : ' (partial)'}
              </caption>
              <thead>
                <tr>
                  {b.header.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {b.rows.map((row, k) => (
                  <tr key={k}>
                    {row.map((c, j) =>
                      j === 0 ? (
                        <th key={j} scope="row">
                          {c}
                        </th>
                      ) : (
                        <td key={j}>{c}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ),
      )}
      <p className="small" data-testid="paper-note">
        Paper column: {r.paperNote}.
      </p>
      <div className="paper-figures">
        {job.figures.map((f) => (
          <FigureView key={f.name} figure={f} stem={stem} />
        ))}
      </div>
      <div className="row">
        <button
          type="button"
          onClick={() => {
            downloadJson(stem, paperExport(r, { versions, page: window.location.href }));
          }}
        >
          Export JSON
        </button>
        <button
          type="button"
          onClick={() => {
            downloadText(`${stem}.csv`, rowsCsv(r.rows), 'text/csv');
          }}
        >
          Export CSV
        </button>
        <button
          type="button"
          onClick={() => {
            downloadText(`${stem}.md`, job.markdown, 'text/markdown');
          }}
        >
          Export Markdown
        </button>
      </div>
    </div>
  );
}
