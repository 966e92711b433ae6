/** One random-projection sample drawn as a picture, and the hooks that make its pairs (tf-free). */
import { memo, useMemo } from 'react';
import {
  PROJECTION_DIM,
  PROJECTION_SAMPLES,
  projectionMatrix,
  projectionPairs,
  type ProjectionPair,
} from '../core/mine/projection-images';
import { Rng } from '../core/rng';
import { diverging } from './colormap';
import type { Display } from './display';
import { shuffleOf } from './mine-samples';
import { PixelCanvas } from './PixelCanvas';
import { addPixels } from './pixels';
import { useRunStore } from './run-store';
import './samples.css';

/** Samples shown in the panel: their matrices are drawn on the page (784 × 128 normals each). */
export const SHOWN_PROJECTIONS = 6;
/** A projected sample's 128 values are drawn as a 16 × 8 strip. */
const STRIP_W = 16;
const STRIP_H = PROJECTION_DIM / STRIP_W;
/** Colour scales: ±3 standard deviations of a matrix entry (N(0, 1/128)) and of a standardised value. */
export const DIRECTION_RANGE = 3 / Math.sqrt(PROJECTION_DIM);
export const VALUE_RANGE = 3;

const matrices = new Map<string, Float32Array>();
/** R_k of (seed, k), kept for the few samples on screen (400 KB each). */
function matrixFor(seed: number, k: number, pixels: number): Float32Array {
  const key = `${seed}:${k}:${pixels}`;
  let m = matrices.get(key);
  if (m === undefined) {
    if (matrices.size >= 4 * SHOWN_PROJECTIONS) matrices.clear();
    m = projectionMatrix(seed, k, pixels);
    matrices.set(key, m);
  }
  return m;
}

/** What the projections of the shown pair need: x, x′ (x itself before a run), the seed and π. */
export interface ProjectionInputs {
  readonly x: Float32Array | null;
  readonly xAdv: Float32Array | null;
  readonly seed: number;
  /** π over the 500 samples: the engine's latest shuffle where it is known, else one drawn here. */
  readonly perm: Int32Array;
  readonly engineShuffle: boolean;
}

export function useProjectionInputs(display: Display): ProjectionInputs {
  const seed = useRunStore((s) =>
    s.runImage !== null ? (s.runSettings?.seed ?? s.settings.seed) : s.settings.seed,
  );
  const x = display.input.image?.pixels ?? null;
  const delta = display.adv?.delta ?? null;
  const xAdv = useMemo(() => (x === null ? null : delta === null ? x : addPixels(x, delta)), [x, delta]);
  const engine = shuffleOf(display);
  const drawn = useMemo(
    () => new Rng(seed).fork('projection-partners').permutation(PROJECTION_SAMPLES),
    [seed],
  );
  const known = engine !== null && engine.length === PROJECTION_SAMPLES;
  return { x, xAdv, seed, perm: known ? engine : drawn, engineShuffle: known };
}

/** The pairs of samples `ks` (a comma-joined list, compared by value) for these inputs; null before an image. */
export function usePairs(inputs: ProjectionInputs, ks: string): ProjectionPair[] | null {
  const { x, xAdv, seed, perm } = inputs;
  return useMemo(
    () =>
      x === null || xAdv === null
        ? null
        : projectionPairs(
            seed,
            x,
            xAdv,
            ks.split(',').map(Number),
            (k) => perm[k]!,
            (k) => matrixFor(seed, k, x.length),
          ),
    [x, xAdv, seed, perm, ks],
  );
}

function Strip({ values, label, testId }: { values: Float32Array; label: string; testId?: string }) {
  return (
    <PixelCanvas
      values={values}
      width={STRIP_W}
      height={STRIP_H}
      scale={diverging}
      gain={1 / VALUE_RANGE}
      label={label}
      testId={testId}
      className="rp-strip"
    />
  );
}

/** One sample: a direction of R_k as an image, X_k and Y_k (the joint pair), Y_π(k) (the marginal's). */
export const ProjectionPairFigure = memo(function ProjectionPairFigure({
  pair,
  withDirection = true,
}: {
  pair: ProjectionPair;
  withDirection?: boolean;
}) {
  const { k, partner } = pair;
  return (
    <figure className="rp-pair" data-testid="rp-pair" data-sample={k} data-partner={partner}>
      {withDirection ? (
        <div className="rp-cell">
          <PixelCanvas
            values={pair.direction}
            width={28}
            height={28}
            scale={diverging}
            gain={1 / DIRECTION_RANGE}
            label={`Projection direction of sample ${k}: pixel weights of its first value`}
            testId="rp-direction"
            className="rp-direction"
          />
          <span>R{k} column 0</span>
        </div>
      ) : null}
      <div className="rp-cell joint">
        <div className="rp-strips">
          <Strip values={pair.x} label={`X${k}: x projected by R${k}`} testId="rp-x" />
          <Strip values={pair.y} label={`Y${k}: x′ projected by R${k}`} testId="rp-y" />
        </div>
        <span className="rp-under" aria-hidden="true">
          <span>x</span>
          <span>x′</span>
        </span>
        <span>
          joint (X{k}, Y{k}): r = {pair.jointR.toFixed(2)}
        </span>
      </div>
      <div className="rp-cell marginal">
        <div className="rp-strips">
          <Strip values={pair.x} label={`X${k}: x projected by R${k}`} />
          <Strip
            values={pair.marginal}
            label={`Y${partner}: x′ projected by R${partner}`}
            testId="rp-marginal"
          />
        </div>
        <span className="rp-under" aria-hidden="true">
          <span>x</span>
          <span>x′ via R{partner}</span>
        </span>
        <span>
          marginal (X{k}, Y{partner}): r = {pair.marginalR.toFixed(2)}
        </span>
      </div>
      <figcaption>sample {k}</figcaption>
    </figure>
  );
});
