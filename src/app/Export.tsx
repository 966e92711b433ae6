import { useShallow } from 'zustand/react/shallow';
import { IMAGE_SIZE } from '../worker/protocol';
import { diverging, grey, paint, type Rgb } from './colormap';
import { runRecord, traceCsv } from './export-data';
import { addPixels } from './pixels';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';

const PNG_SCALE = 10;

function download(name: string, blob: Blob): void {
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

/** Downloads: x′ and δ as PNG, the run as JSON, the scalars as CSV. */
export function Export() {
  const { done, runImage, amplification, count } = useRunStore(
    useShallow((s) => ({
      done: s.done,
      runImage: s.runImage,
      amplification: s.amplification,
      count: s.trace.records.length,
      version: s.version,
    })),
  );
  const versions = useEngineStore((s) => s.versions);
  const seed = useRunStore((s) => s.runSettings?.seed ?? 0);
  const stem = `minmax-lab-${runImage?.index ?? runImage?.source ?? 'image'}-seed${seed}`;
  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <div className="row wrap">
        <button
          type="button"
          disabled={done === null || runImage === null}
          onClick={() => {
            if (done && runImage)
              png(`${stem}-adversarial.png`, addPixels(runImage.pixels, done.delta), grey);
          }}
        >
          x′ as PNG
        </button>
        <button
          type="button"
          disabled={done === null}
          onClick={() => {
            if (done) png(`${stem}-delta.png`, done.delta, diverging, (v) => v * amplification);
          }}
        >
          δ as PNG (×{amplification})
        </button>
        <button
          type="button"
          disabled={count === 0}
          onClick={() => {
            download(
              `${stem}.json`,
              new Blob(
                [JSON.stringify(runRecord(useRunStore.getState(), versions, window.location.href), null, 1)],
                { type: 'application/json' },
              ),
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
              new Blob([traceCsv(useRunStore.getState().trace.records)], { type: 'text/csv' }),
            );
          }}
        >
          Scalars (CSV)
        </button>
      </div>
    </section>
  );
}
