import { useEffect, useRef, useState } from 'react';
import type { ImageSet } from '../core/data/dataset';
import { grey } from './colormap';
import { testImage } from './mnist-data';
import { DigitCanvas } from './PixelCanvas';
import { useRunStore, type ChosenImage } from './run-store';
import { readFileHeader } from './image-header';
import { MAX_UPLOAD_SIDE, checkHeader, checkUpload, toMnist } from './to-mnist';
import { quantizePixels } from './url-image';

const PAGE = 24;
const PAD = 224;

/** The ten digits, as a select's options. */
function DigitOptions() {
  return (
    <>
      {Array.from({ length: 10 }, (_, d) => (
        <option key={d} value={d}>
          {d}
        </option>
      ))}
    </>
  );
}

/** The true label of a drawn or uploaded digit, 0 to 9. */
function LabelSelect({
  text,
  value,
  onChange,
}: {
  text: string;
  value: number;
  onChange: (d: number) => void;
}) {
  return (
    <label className="field inline">
      <span>{text}</span>
      <select
        value={value}
        onChange={(e) => {
          onChange(Number(e.target.value));
        }}
      >
        <DigitOptions />
      </select>
    </label>
  );
}

function Gallery({ set }: { set: ImageSet }) {
  const image = useRunStore((s) => s.image);
  const setImage = useRunStore((s) => s.setImage);
  const [filter, setFilter] = useState<number | 'all'>('all');
  const [start, setStart] = useState(0);
  const indices: number[] = [];
  for (let i = start; i < set.count && indices.length < PAGE; i++)
    if (filter === 'all' || set.labels[i] === filter) indices.push(i);

  const random = () => {
    const pool: number[] = [];
    for (let i = 0; i < set.count; i++) if (filter === 'all' || set.labels[i] === filter) pool.push(i);
    const pick = pool[Math.floor(Math.random() * pool.length)];
    if (pick !== undefined) setImage(testImage(set, pick));
  };

  return (
    <div>
      <div className="row">
        <label className="field inline">
          <span>Label</span>
          <select
            value={String(filter)}
            onChange={(e) => {
              setFilter(e.target.value === 'all' ? 'all' : Number(e.target.value));
              setStart(0);
            }}
          >
            <option value="all">all</option>
            <DigitOptions />
          </select>
        </label>
        <button type="button" onClick={random}>
          Random image
        </button>
        <button
          type="button"
          onClick={() => {
            setStart((s) => Math.max(0, s - PAGE * 5));
          }}
          disabled={start === 0}
        >
          Earlier
        </button>
        <button
          type="button"
          onClick={() => {
            setStart(indices.at(-1) === undefined ? 0 : indices.at(-1)! + 1);
          }}
        >
          Later
        </button>
      </div>
      <ul className="gallery" aria-label="MNIST test images">
        {indices.map((i) => {
          const chosen = image?.source === 'test' && image.index === i;
          return (
            <li key={i}>
              <button
                type="button"
                className={chosen ? 'thumb chosen' : 'thumb'}
                aria-pressed={chosen}
                onClick={() => {
                  setImage(testImage(set, i));
                }}
                data-testid={`gallery-${i}`}
              >
                <DigitCanvas
                  values={testImage(set, i).pixels}
                  scale={grey}
                  label={`Test image ${i}, label ${set.labels[i]}`}
                  className="thumb-canvas"
                />
                <span>
                  #{i} · {set.labels[i]}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function DrawPad({ onUse }: { onUse: (pixels: Float32Array, label: number) => string | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [label, setLabel] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const clear = () => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
  };
  useEffect(clear, []);
  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const r = c.getBoundingClientRect();
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    ctx.arc(
      ((e.clientX - r.left) * PAD) / r.width,
      ((e.clientY - r.top) * PAD) / r.height,
      10,
      0,
      2 * Math.PI,
    );
    ctx.fill();
  };
  const use = () => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const data = ctx.getImageData(0, 0, PAD, PAD).data;
    const result = toMnist(data, PAD, PAD);
    setMessage(result.ok ? onUse(result.pixels, label) : `Nothing to use: ${result.error}.`);
  };
  return (
    <div className="row wrap">
      <canvas
        ref={ref}
        width={PAD}
        height={PAD}
        className="drawpad"
        aria-label="Drawing pad: draw a digit with the mouse or a finger"
        role="img"
        onPointerDown={(e) => {
          drawing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          point(e);
        }}
        onPointerMove={(e) => {
          if (drawing.current) point(e);
        }}
        onPointerUp={() => {
          drawing.current = false;
        }}
      />
      <div className="stack">
        <LabelSelect text="True label of the drawing" value={label} onChange={setLabel} />
        <div className="row">
          <button type="button" onClick={use}>
            Use drawing
          </button>
          <button type="button" onClick={clear}>
            Clear
          </button>
        </div>
        {message === null ? null : (
          <p role="alert" className="inline-alert">
            {message}
          </p>
        )}
      </div>
    </div>
  );
}

async function decode(file: File): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const bitmap = await createImageBitmap(file);
  try {
    // Formats whose header is not read before decoding (AVIF, ICO, SVG, …) meet the limit here.
    if (bitmap.width > MAX_UPLOAD_SIDE || bitmap.height > MAX_UPLOAD_SIDE)
      throw new Error(
        `it is ${bitmap.width}×${bitmap.height} pixels; the limit is ${MAX_UPLOAD_SIDE} pixels per side`,
      );
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot read image pixels');
    ctx.drawImage(bitmap, 0, 0);
    return {
      data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data,
      width: bitmap.width,
      height: bitmap.height,
    };
  } finally {
    bitmap.close();
  }
}

function Upload({ onUse }: { onUse: (pixels: Float32Array, label: number) => string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Float32Array | null>(null);
  const [label, setLabel] = useState(0);
  const onFile = async (file: File | undefined) => {
    if (file === undefined) return;
    const refuse = (why: string) => {
      setError(`Could not use the file: ${why} Nothing was changed.`);
    };
    const bad = checkUpload(file);
    if (bad !== null) {
      refuse(bad);
      return;
    }
    try {
      // The size from the header first: a small file can hold a picture far too large to decode.
      const tooLarge = checkHeader(file.name, await readFileHeader(file));
      if (tooLarge !== null) {
        refuse(tooLarge);
        return;
      }
      const { data, width, height } = await decode(file);
      const result = toMnist(data, width, height);
      if (!result.ok) throw new Error(result.error);
      setError(null);
      setPreview(result.pixels);
    } catch (e) {
      setError(
        `Could not use ${file.name}: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`,
      );
    }
  };
  return (
    <div className="row wrap">
      <div className="stack">
        <label className="field">
          <span>Upload an image of a digit (PNG, JPEG, …; it is centred and made 28×28 grey)</span>
          <input
            type="file"
            accept="image/*"
            data-testid="upload-input"
            onChange={(e) => {
              void onFile(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
        {error === null ? null : (
          <p role="alert" className="inline-alert" data-testid="upload-error">
            {error}
          </p>
        )}
      </div>
      {preview === null ? null : (
        <div className="stack">
          <DigitCanvas
            values={preview}
            scale={grey}
            label="Preview of the uploaded digit, 28×28"
            className="preview"
          />
          <LabelSelect text="True label" value={label} onChange={setLabel} />
          <button
            type="button"
            onClick={() => {
              onUse(preview, label);
            }}
          >
            Use this image
          </button>
        </div>
      )}
    </div>
  );
}

type Tab = 'gallery' | 'draw' | 'upload';

/** Where the attacked image comes from: the MNIST test set, a drawing, or a file. */
export function ImagePicker({ set, loadError }: { set: ImageSet | null; loadError: string | null }) {
  const [tab, setTab] = useState<Tab>('gallery');
  const setImage = useRunStore((s) => s.setImage);
  // Quantised as a link carries them (url-image.ts): the attack from a shared link is this one exactly.
  const customHandler = (source: ChosenImage['source']) => (pixels: Float32Array, label: number) => {
    setImage({ source, index: null, label, pixels: quantizePixels(pixels) });
    return null;
  };
  return (
    <section className="panel" aria-labelledby="picker-heading">
      <h2 id="picker-heading">Image</h2>
      <div className="tabs" role="group" aria-label="Image source">
        {(['gallery', 'draw', 'upload'] as const).map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={tab === t}
            onClick={() => {
              setTab(t);
            }}
          >
            {t === 'gallery' ? 'MNIST test set' : t === 'draw' ? 'Draw a digit' : 'Upload a file'}
          </button>
        ))}
      </div>
      {tab === 'gallery' ? (
        set === null ? (
          <p className="muted">{loadError ?? 'Loading the MNIST test set…'}</p>
        ) : (
          <Gallery set={set} />
        )
      ) : null}
      {tab === 'draw' ? <DrawPad onUse={customHandler('drawn')} /> : null}
      {tab === 'upload' ? <Upload onUse={customHandler('upload')} /> : null}
    </section>
  );
}
