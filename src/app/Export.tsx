import { useShallow } from 'zustand/react/shallow';
import { IMAGE_SIZE } from '../worker/protocol';
import { runRecord, shownSlug, traceCsv } from './export-data';
import { addPixels } from './pixels';
import { deltaFigure, greyRaster, LABEL_STYLE, type FigureLabel, type Raster } from './png-figure';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';
import { useDisplay } from './use-display';

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
  const versions = useEngineStore((s) => s.versions);
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
            const record = runRecord(useRunStore.getState(), versions, window.location.href, display);
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
