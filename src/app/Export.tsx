import { useShallow } from 'zustand/react/shallow';
import { IMAGE_SIZE } from '../worker/protocol';
import { diverging, grey, paint, type Rgb } from './colormap';
import { runRecord, shownSlug, traceCsv } from './export-data';
import { addPixels } from './pixels';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';
import { useDisplay } from './use-display';

const PNG_SCALE = 10;

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

function png(
  name: string,
  values: Float32Array,
  scale: (v: number) => Rgb,
  transform?: (v: number) => number,
): void {
  const small = new OffscreenCanvas(IMAGE_SIZE, IMAGE_SIZE);
  const ctx = small.getContext('2d');
  const big = document.createElement('canvas');
  big.width = IMAGE_SIZE * PNG_SCALE;
  big.height = IMAGE_SIZE * PNG_SCALE;
  const bctx = big.getContext('2d');
  if (!ctx || !bctx) return;
  const img = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
  paint(img.data, values, scale, transform);
  ctx.putImageData(img, 0, 0);
  bctx.imageSmoothingEnabled = false;
  bctx.drawImage(small, 0, 0, big.width, big.height);
  big.toBlob((blob) => {
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
              png(`${shown}-adversarial.png`, addPixels(runImage.pixels, adv.delta), grey);
          }}
        >
          x′ as PNG{which}
        </button>
        <button
          type="button"
          disabled={adv === null}
          onClick={() => {
            if (adv !== null) png(`${shown}-delta.png`, adv.delta, diverging, (v) => v * amplification);
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
