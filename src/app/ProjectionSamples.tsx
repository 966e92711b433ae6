import { cosine, PROJECTION_DIM, PROJECTION_SAMPLES } from '../core/mine/projection-images';
import { ColourBar } from './ImageViews';
import { PerSampleTrick } from './PerSampleTrick';
import {
  DIRECTION_RANGE,
  ProjectionPairFigure,
  SHOWN_PROJECTIONS,
  usePairs,
  useProjectionInputs,
  VALUE_RANGE,
} from './ProjectionPair';
import { useDisplay } from './use-display';
import { useTraceTick } from './use-trace-tick';
import './samples.css';

const REDRAW_MS = 200;
/** Redrawn 75 ms into each period: after the charts' first redraw and the maps' (FeatureMaps.tsx). */
const PHASE = 75;

const SHOWN_KS = Array.from({ length: SHOWN_PROJECTIONS }, (_, k) => k).join();

/**
 * The dense autoencoders' MINE samples, made visible: a few of the 500 random projections, drawn from
 * the engine's distribution with the run's seed, with the pairs they make of x and x′.
 */
export function ProjectionSamples() {
  const tick = useTraceTick(REDRAW_MS, PHASE);
  const display = useDisplay(tick);
  const inputs = useProjectionInputs(display);
  const pairs = usePairs(inputs, SHOWN_KS);
  const rho = inputs.x === null || inputs.xAdv === null ? null : cosine(inputs.x, inputs.xAdv);
  return (
    <section className="panel" aria-labelledby="maps-heading" data-testid="projection-samples">
      <h2 id="maps-heading">MINE samples: random projections</h2>
      <p className="muted small">
        This autoencoder has no convolution, so MINE&apos;s {PROJECTION_SAMPLES} samples are random
        projections: sample k of x is its 784 pixels projected by a Gaussian matrix R<sub>k</sub> (784 ×{' '}
        {PROJECTION_DIM}, entries N(0, 1/{PROJECTION_DIM})), its {PROJECTION_DIM} values standardised; x′ goes
        through the same R<sub>k</sub>. The critic compares joint pairs (X<sub>k</sub>, Y<sub>k</sub>) with
        shuffled pairs (X
        <sub>k</sub>, Y<sub>π(k)</sub>), Y<sub>π(k)</sub> being x′ through another sample&apos;s matrix.
      </p>
      <p className="small" data-testid="rp-note">
        <strong>The engine never builds these matrices.</strong> A projected pair&apos;s distribution depends
        only on cos(x, x′){rho === null ? '' : ` (here ${rho.toFixed(4)})`}, so the engine draws each pair
        directly from it. The {SHOWN_PROJECTIONS} matrices below are drawn from the same distribution (seed{' '}
        {inputs.seed}): they show what a sample is, not the engine&apos;s exact draws.{' '}
        {inputs.engineShuffle
          ? "The partners π(k) are the engine's latest shuffle."
          : 'The partners π(k) are drawn here (the engine shows its shuffle once MINE-UAE runs).'}
      </p>
      <div className="rp-legend">
        <div>
          <span className="small">Directions (pixel weights)</span>
          <ColourBar range={DIRECTION_RANGE} />
        </div>
        <div>
          <span className="small">Projected values (standardised; each strip 16 × 8 = 128 values)</span>
          <ColourBar range={VALUE_RANGE} />
        </div>
      </div>
      <h3 className="small" data-testid="rp-adv-title">
        x: {display.input.name}; x′: {display.adv === null ? 'x itself (no run yet)' : display.adv.title}
      </h3>
      <div className="rp-grid" data-testid="rp-grid">
        {pairs?.map((p) => (
          <ProjectionPairFigure key={p.k} pair={p} />
        ))}
      </div>
      <PerSampleTrick />
    </section>
  );
}
