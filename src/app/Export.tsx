import { useShallow } from 'zustand/react/shallow';
import { IMAGE_SIZE } from '../worker/protocol';
import { chartPoints } from './chart-data';
import { MI_SERIES, titlesFor } from './chart-series';
import type { Display } from './display';
import { runRecord, shownSlug, traceCsv } from './export-data';
import { addPixels } from './pixels';
import { deltaFigure, greyRaster, LABEL_STYLE, type FigureLabel, type Raster } from './png-figure';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';
import { useDisplay } from './use-display';
import { figureSvg, miChartSvg } from './svg-figure';

function saveSvg(name: string, svg: string): void {
  download(name, new Blob([svg], { type: 'image/svg+xml' }));
}

/** The figure panel as the page shows it: x, the shown x′ and δ with their captions. */
function figureOf(display: Display, amplification: number): string | null {
  const { input, adv } = display;
  if (adv === null || input.image === null) return null;
  return figureSvg({
    x: input.image.pixels,
    adv: addPixels(input.image.pixels, adv.delta),
    delta: adv.delta,
    size: IMAGE_SIZE,
    amplification,
    title: `MinMax Lab: ${adv.title}`,
    captions: [`x: ${input.name}, label ${input.image.label}`, adv.title, `δ = x′ − x (×${amplification})`],
  });
}

/** The MI chart's three series over every record, the shown record marked. */
function miChartOf(display: Display): string {
  const s = useRunStore.getState();
  const points = chartPoints.of(s.trace.records);
  const method = (s.runSettings ?? s.settings).method;
  const title = titlesFor(method, s.settings.task === 'unsupervised').mi;
  return miChartSvg(
    title,
    MI_SERIES.map((series) => ({
      name: series.name,
      colour: series.stroke,
      values: points.map((p) => p[series.key]),
    })),
    display.cursorIndex,
  );
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/**
 * A composed figure as a PNG: its pixels put on a canvas one for one (no scaling, so nothing is
 * smoothed), then its labels written as text.
 */
function savePng(name: string, fig: Raster & { readonly labels?: readonly FigureLabel[] }): void {
  const canvas = document.createElement('canvas');
  canvas.width = fig.width;
  canvas.height = fig.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(fig.rgba), fig.width, fig.height), 0, 0);
  ctx.fillStyle = LABEL_STYLE.fill;
  ctx.font = LABEL_STYLE.font;
  ctx.textBaseline = 'middle';
  for (const l of fig.labels ?? []) ctx.fillText(l.text, l.x, l.y);
  canvas.toBlob((blob) => {
    if (blob) download(name, blob);
  }, 'image/png');
}

/**
 * Downloads: the shown x′ and δ as PNG (named for the iterate they are), the run as JSON (with what
 * the page shows), the scalars as CSV (the shown row marked).
 */
export function Export() {
  const display = useDisplay();
  const { runImage, amplification, count } = useRunStore(
    useShallow((s) => ({
      runImage: s.runImage,
      amplification: s.amplification,
      count: s.trace.records.length,
    })),
  );
  const pageVersions = useEngineStore((s) => s.versions);
  const replay = useRunStore((s) => s.replay);
  // A replayed run re-exports as it was recorded: its versions and date, not this page's.
  const versions = replay?.versions ?? pageVersions;
  const seed = useRunStore((s) => s.runSettings?.seed ?? 0);
  const stem = `minmax-lab-${runImage?.index ?? runImage?.source ?? 'image'}-seed${seed}`;
  const { adv } = display;
  const which = adv === null ? '' : ` (${adv.kind === 'returned' ? 'returned' : (adv.where ?? '')})`;
  const shown = `${stem}-${shownSlug(display)}`;
  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <div className="row wrap">
        <button
          type="button"
          disabled={adv === null || runImage === null}
          onClick={() => {
            if (adv !== null && runImage !== null)
              savePng(
                `${shown}-adversarial.png`,
                greyRaster(addPixels(runImage.pixels, adv.delta), IMAGE_SIZE),
              );
          }}
        >
          x′ as PNG{which}
        </button>
        <button
          type="button"
          disabled={adv === null}
          onClick={() => {
            if (adv !== null)
              savePng(`${shown}-delta.png`, deltaFigure(adv.delta, IMAGE_SIZE, amplification));
          }}
        >
          δ as PNG (×{amplification}){which}
        </button>
        <button
          type="button"
          disabled={count === 0}
          onClick={() => {
            const record = runRecord(
              useRunStore.getState(),
              versions,
              window.location.href,
              display,
              replay?.recordedAt ?? undefined,
            );
            download(
              `${stem}.json`,
              new Blob([JSON.stringify(record, null, 1)], { type: 'application/json' }),
            );
          }}
        >
          Run record (JSON)
        </button>
        <button
          type="button"
          disabled={adv === null || display.input.image === null}
          onClick={() => {
            const svg = figureOf(display, amplification);
            if (svg !== null) saveSvg(`${shown}-figure.svg`, svg);
          }}
        >
          Figure as SVG (x, x′, δ){which}
        </button>
        <button
          type="button"
          disabled={count === 0}
          onClick={() => {
            saveSvg(`${stem}-mi-chart.svg`, miChartOf(display));
          }}
        >
          MI chart as SVG
        </button>
        <button
          type="button"
          disabled={count === 0}
          onClick={() => {
            download(
              `${stem}.csv`,
              new Blob([traceCsv(useRunStore.getState().trace.records, display)], { type: 'text/csv' }),
            );
          }}
        >
          Scalars (CSV)
        </button>
      </div>
    </section>
  );
}
