import { memo, useMemo } from 'react';
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

const Probabilities = memo(function Probabilities({
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
});

function argmax(p: Float32Array | null): number | null {
  if (p === null) return null;
  return p.indexOf(Math.max(...p));
}

/** The task's views: the classifier's (supervised) or the autoencoder's (unsupervised). */
export function ImageViews() {
  const task = useRunStore((s) => s.settings.task);
  return task === 'unsupervised' ? <AutoencoderViews /> : <ClassifierViews />;
}

function DeltaLegend({
  amplification,
  setAmplification,
}: {
  amplification: number;
  setAmplification: (a: number) => void;
}) {
  // δ ∈ [−ε, ε]; the colour bar spans ±1/amplification so that small δ become visible.
  const range = 1 / amplification;
  return (
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
  );
}

const fmtErr = (v: number | undefined | null): string => (v === undefined || v === null ? '–' : v.toFixed(3));

/**
 * x | AE(x) | x′ | AE(x′) | δ: the UAE keeps AE(x′) as close to x as AE(x) is (f ≤ 0) while x′ itself
 * shares as little information with x as the attack can find.
 */
function AutoencoderViews() {
  const { image, runImage, aeClean, amplification, setAmplification, trace, cursor, done, ae } = useRunStore(
    useShallow((s) => ({
      image: s.image,
      runImage: s.runImage,
      aeClean: s.aeClean,
      amplification: s.amplification,
      setAmplification: s.setAmplification,
      trace: s.trace,
      cursor: s.cursor,
      done: s.done,
      ae: s.runSettings?.ae ?? s.settings.ae,
      version: s.version,
    })),
  );
  const shown = selectShown({ trace, cursor, done });
  const x = runImage ?? image;
  const adversarial = useMemo(
    () => (x !== null && shown.delta !== null ? addPixels(x.pixels, shown.delta) : null),
    [x, shown.delta],
  );
  const reconAdv = shown.view?.reconError ?? shown.record?.reconAdv ?? null;
  const reconClean = aeClean?.reconError ?? null;
  const f = shown.record?.f ?? null;

  return (
    <section className="panel" aria-labelledby="images-heading">
      <h2 id="images-heading">Images: the {ae} autoencoder</h2>
      <div className="image-row ae-row">
        <figure>
          <PixelCanvas
            values={x?.pixels ?? null}
            width={IMAGE_SIZE}
            height={IMAGE_SIZE}
            scale={grey}
            label="Original image x"
            testId="image-original"
          />
          <figcaption>x (label {x?.label ?? '–'})</figcaption>
        </figure>
        <figure>
          <PixelCanvas
            values={aeClean?.recon ?? null}
            width={IMAGE_SIZE}
            height={IMAGE_SIZE}
            scale={grey}
            label="Reconstruction AE(x)"
            testId="image-reconstruction"
          />
          <figcaption>
            AE(x): ‖x − AE(x)‖² = <span data-testid="recon-clean">{fmtErr(reconClean)}</span>
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
            x′ {shown.isResult ? '(returned)' : shown.record === null ? '' : `(iteration ${shown.record.t})`}
          </figcaption>
        </figure>
        <figure>
          <PixelCanvas
            values={shown.view?.recon ?? null}
            width={IMAGE_SIZE}
            height={IMAGE_SIZE}
            scale={grey}
            label="Reconstruction AE(x′)"
            testId="image-adv-reconstruction"
          />
          <figcaption>
            AE(x′): ‖x − AE(x′)‖² = <span data-testid="recon-adv">{fmtErr(reconAdv)}</span>
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
      </div>
      <div className="image-row">
        <DeltaLegend amplification={amplification} setAmplification={setAmplification} />
      </div>
      <p className="small" data-testid="recon-summary">
        f = ‖x − AE(x′)‖² − ‖x − AE(x)‖² = {f === null ? '–' : f.toFixed(4)}
        {f === null ? '' : f <= 0 ? ' ≤ 0: AE(x′) reconstructs x as well as AE(x) does' : ' > 0: not yet'}.
        Errors are sums over the 784 pixels; AE(x′) is measured against the clean x.
        {shown.view === null && shown.delta !== null
          ? ' AE(x′) of this iterate was not captured (frames are throttled).'
          : ''}
      </p>
    </section>
  );
}

/** x | x′ | signed δ, and what the classifier makes of x and x′. */
function ClassifierViews() {
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
        <DeltaLegend amplification={amplification} setAmplification={setAmplification} />
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
