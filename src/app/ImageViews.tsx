import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { IMAGE_SIZE } from '../worker/protocol';
import { diverging, grey } from './colormap';
import { addPixels } from './pixels';
import { PixelCanvas } from './PixelCanvas';
import { useRunStore } from './run-store';
import { selectShown } from './selection';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function ColourBar({ range }: { range: number }) {
  return (
    <div
      className="colourbar"
      aria-label={`Colour scale: blue −${range.toFixed(2)}, white 0, red +${range.toFixed(2)}`}
      role="img"
    >
      <div className="colourbar-ramp" />
      <div className="colourbar-ticks" aria-hidden="true">
        <span>−{range.toFixed(2)}</span>
        <span>0</span>
        <span>+{range.toFixed(2)}</span>
      </div>
    </div>
  );
}

function Probabilities({
  title,
  probs,
  highlight,
}: {
  title: string;
  probs: Float32Array | null;
  highlight: number | null;
}) {
  return (
    <figure className="probs">
      <figcaption>{title}</figcaption>
      <ol className="prob-bars">
        {DIGITS.map((d) => {
          const p = probs?.[d] ?? 0;
          return (
            <li key={d} className={d === highlight ? 'prob top' : 'prob'}>
              <span className="prob-digit">{d}</span>
              <span className="prob-track">
                <span className="prob-fill" style={{ width: `${(p * 100).toFixed(1)}%` }} />
              </span>
              <span className="prob-value">{probs === null ? '–' : `${(p * 100).toFixed(1)}%`}</span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

function argmax(p: Float32Array | null): number | null {
  if (p === null) return null;
  return p.indexOf(Math.max(...p));
}

/** x | x′ | signed δ, and what the classifier makes of x and x′. */
export function ImageViews() {
  const { image, runImage, cleanView, amplification, setAmplification, trace, cursor, done } = useRunStore(
    useShallow((s) => ({
      image: s.image,
      runImage: s.runImage,
      cleanView: s.cleanView,
      amplification: s.amplification,
      setAmplification: s.setAmplification,
      trace: s.trace,
      cursor: s.cursor,
      done: s.done,
      version: s.version,
    })),
  );
  const shown = selectShown({ trace, cursor, done });
  const x = runImage ?? image;
  const adversarial = useMemo(
    () => (x !== null && shown.delta !== null ? addPixels(x.pixels, shown.delta) : null),
    [x, shown.delta],
  );
  // δ ∈ [−ε, ε]; the colour bar spans ±1/amplification so that small δ become visible.
  const range = 1 / amplification;
  const cleanTop = argmax(cleanView?.probs ?? null);
  const advTop = argmax(shown.view?.probs ?? null);

  return (
    <section className="panel" aria-labelledby="images-heading">
      <h2 id="images-heading">Images</h2>
      <div className="image-row">
        <figure>
          <PixelCanvas
            values={x?.pixels ?? null}
            width={IMAGE_SIZE}
            height={IMAGE_SIZE}
            scale={grey}
            label="Original image x"
            testId="image-original"
          />
          <figcaption>
            x (label {x?.label ?? '–'}, predicted {cleanTop ?? '–'})
          </figcaption>
        </figure>
        <figure>
          <PixelCanvas
            values={adversarial}
            width={IMAGE_SIZE}
            height={IMAGE_SIZE}
            scale={grey}
            label="Adversarial image x′"
            testId="image-adversarial"
          />
          <figcaption>
            x′ {shown.isResult ? '(returned)' : shown.record === null ? '' : `(iteration ${shown.record.t})`},
            predicted {shown.record?.predicted ?? '–'}
          </figcaption>
        </figure>
        <figure>
          <PixelCanvas
            values={shown.delta}
            width={IMAGE_SIZE}
            height={IMAGE_SIZE}
            scale={diverging}
            gain={amplification}
            label="Signed perturbation δ = x′ − x"
            testId="image-delta"
          />
          <figcaption>δ = x′ − x, ×{amplification}</figcaption>
        </figure>
        <div className="delta-legend">
          <ColourBar range={range} />
          <label className="field">
            <span>Amplify δ ×{amplification}</span>
            <input
              type="range"
              min={1}
              max={20}
              step={1}
              value={amplification}
              onChange={(e) => {
                setAmplification(Number(e.target.value));
              }}
            />
          </label>
          <p className="muted small">
            Colours show δ itself: white is 0; amplification only stretches the scale (δ beyond ±
            {range.toFixed(2)} saturates).
          </p>
        </div>
      </div>
      <div className="image-row">
        <Probabilities
          title="Class probabilities of x"
          probs={cleanView?.probs ?? null}
          highlight={cleanTop}
        />
        <Probabilities
          title="Class probabilities of x′"
          probs={shown.view?.probs ?? null}
          highlight={advTop}
        />
      </div>
    </section>
  );
}
