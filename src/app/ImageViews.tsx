import { memo, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { diverging, grey } from './colormap';
import { predictedOf, type Display, type ShownAdversarial } from './display';
import { addPixels } from './pixels';
import { ImageFigure } from './ImageFigure';
import { useRunStore } from './run-store';
import { useDisplay } from './use-display';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export function ColourBar({ range }: { range: number }) {
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
  testId,
  missing,
}: {
  title: string;
  probs: Float32Array | null;
  highlight: number | null;
  testId: string;
  /** Why there are no bars, when there are none. */
  missing?: string | null;
}) {
  return (
    <figure className="probs" data-testid={testId}>
      <figcaption>
        {title}
        {probs === null && missing ? <span className="muted"> ({missing})</span> : null}
      </figcaption>
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

/** x′ = x + δ of the shown x′, on the shown input. */
function useAdversarialPixels({ input, adv }: Display): Float32Array | null {
  const x = input.image;
  const delta = adv?.delta ?? null;
  return useMemo(() => (x !== null && delta !== null ? addPixels(x.pixels, delta) : null), [x, delta]);
}

/** Whose x this is: the run's input while a run is shown, else the image picked for the next run. */
function InputName({ display }: { display: Display }) {
  return (
    <span className="muted small figure-sub" data-testid="input-name">
      {display.input.name}
      {display.input.kind === 'run' ? ': the run’s input' : ': selected, not attacked yet'}
    </span>
  );
}

function Note({ note }: { note: string | null }) {
  return note === null ? null : (
    <p className="hint" role="status" data-testid="display-note">
      {note}
    </p>
  );
}

const sign = (v: number, strict: boolean): string =>
  strict ? (v > 0 ? '> 0' : '≤ 0') : v <= 0 ? '≤ 0' : '> 0';

/** What f (and I) say about the shown x′, with the iterate named: the result line speaks of the returned one. */
function explain(adv: ShownAdversarial | null): string {
  if (adv === null || adv.f === null) return 'f = ‖x − AE(x′)‖² − ‖x − AE(x)‖²: no x′ yet.';
  const f = `f = ‖x − AE(x′)‖² − ‖x − AE(x)‖² = ${adv.f.toFixed(4)} ${sign(adv.f, false)}`;
  const mi = adv.mi === null ? '' : `, I = ${adv.mi.toFixed(4)} ${sign(adv.mi, true)}`;
  const facts =
    adv.f > 0
      ? 'AE(x′) reconstructs x worse than AE(x) does'
      : adv.mi !== null && adv.mi <= 0
        ? 'AE(x′) reconstructs x as well as AE(x) does, but I ≤ 0 (success needs f ≤ 0 and I > 0 together)'
        : 'AE(x′) reconstructs x as well as AE(x) does';
  const verdict = adv.success === null ? '' : adv.success ? ' — a success' : ' — not a success';
  return `${adv.title}: ${f}${mi}: ${facts}${verdict}.`;
}

/** The input x, named (InputName) under its caption. */
function OriginalFigure({ display, children }: { display: Display; children: ReactNode }) {
  return (
    <ImageFigure
      values={display.input.image?.pixels ?? null}
      scale={grey}
      label="Original image x"
      testId="image-original"
      captionTestId="caption-original"
    >
      {children}
      <InputName display={display} />
    </ImageFigure>
  );
}

/** The shown x′, rebuilt as x + δ on the shown input. */
function AdversarialFigure({ display, children }: { display: Display; children: ReactNode }) {
  const adversarial = useAdversarialPixels(display);
  return (
    <ImageFigure
      values={adversarial}
      scale={grey}
      label="Adversarial image x′"
      testId="image-adversarial"
      captionTestId="caption-adversarial"
    >
      {children}
    </ImageFigure>
  );
}

/** δ = x′ − x on the diverging scale, amplified as the legend says. */
function DeltaFigure({ delta, amplification }: { delta: Float32Array | null; amplification: number }) {
  return (
    <ImageFigure
      values={delta}
      scale={diverging}
      gain={amplification}
      label="Signed perturbation δ = x′ − x"
      testId="image-delta"
    >
      δ = x′ − x, ×{amplification}
    </ImageFigure>
  );
}

/**
 * x | AE(x) | x′ | AE(x′) | δ: the UAE keeps AE(x′) as close to x as AE(x) is (f ≤ 0) while x′ itself
 * shares as little information with x as the attack can find.
 */
function AutoencoderViews() {
  const display = useDisplay();
  const { input, adv } = display;
  const { amplification, setAmplification, ae } = useRunStore(
    useShallow((s) => ({
      amplification: s.amplification,
      setAmplification: s.setAmplification,
      ae: s.runSettings?.ae ?? s.settings.ae,
    })),
  );
  const reconAdv = adv?.reconAdv ?? adv?.view?.reconError ?? null;
  const reconClean = input.view?.reconError ?? null;

  return (
    <section className="panel" aria-labelledby="images-heading">
      <h2 id="images-heading">Images: the {ae} autoencoder</h2>
      <Note note={display.note} />
      <div className="image-row ae-row">
        <OriginalFigure display={display}>x (label {input.image?.label ?? '–'})</OriginalFigure>
        <ImageFigure
          values={input.view?.recon ?? null}
          scale={grey}
          label="Reconstruction AE(x)"
          testId="image-reconstruction"
        >
          AE(x): ‖x − AE(x)‖² = <span data-testid="recon-clean">{fmtErr(reconClean)}</span>
        </ImageFigure>
        <AdversarialFigure display={display}>{adv?.title ?? 'x′'}</AdversarialFigure>
        <ImageFigure
          values={adv?.view?.recon ?? null}
          scale={grey}
          label="Reconstruction AE(x′)"
          testId="image-adv-reconstruction"
        >
          AE(x′): ‖x − AE(x′)‖² = <span data-testid="recon-adv">{fmtErr(reconAdv)}</span>
          {adv !== null && adv.view === null ? <span className="muted"> (image {adv.viewNote})</span> : null}
        </ImageFigure>
        <DeltaFigure delta={adv?.delta ?? null} amplification={amplification} />
      </div>
      <div className="image-row">
        <DeltaLegend amplification={amplification} setAmplification={setAmplification} />
      </div>
      <p className="small" data-testid="recon-summary">
        {explain(adv)} Errors are sums over the 784 pixels; AE(x′) is measured against the clean x.
      </p>
    </section>
  );
}

/** x | x′ | signed δ, and what the classifier makes of x and x′. */
function ClassifierViews() {
  const display = useDisplay();
  const { input, adv } = display;
  const { amplification, setAmplification } = useRunStore(
    useShallow((s) => ({ amplification: s.amplification, setAmplification: s.setAmplification })),
  );
  const cleanTop = predictedOf(input.view);
  const advTop = predictedOf(adv?.view ?? null);

  return (
    <section className="panel" aria-labelledby="images-heading">
      <h2 id="images-heading">Images</h2>
      <Note note={display.note} />
      <div className="image-row">
        <OriginalFigure display={display}>
          x (label {input.image?.label ?? '–'}, predicted {cleanTop ?? '–'})
        </OriginalFigure>
        <AdversarialFigure display={display}>
          {adv === null ? 'x′' : `${adv.title}, predicted ${adv.predicted ?? '–'}`}
        </AdversarialFigure>
        <DeltaFigure delta={adv?.delta ?? null} amplification={amplification} />
        <DeltaLegend amplification={amplification} setAmplification={setAmplification} />
      </div>
      <div className="image-row">
        <Probabilities
          title={`Class probabilities of x (${input.name})`}
          probs={input.view?.probs ?? null}
          highlight={cleanTop}
          testId="probs-original"
        />
        <Probabilities
          title={`Class probabilities of ${adv?.title ?? 'x′'}`}
          probs={adv?.view?.probs ?? null}
          highlight={advTop}
          testId="probs-adversarial"
          missing={adv?.viewNote ?? null}
        />
      </div>
    </section>
  );
}
