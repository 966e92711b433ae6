import { memo, useId, useMemo, useState } from 'react';
import { PROJECTION_SAMPLES } from '../core/mine/projection-images';
import { Rng } from '../core/rng';
import type { ImageView } from '../worker/protocol';
import { grey } from './colormap';
import type { Display } from './display';
import { mapsOf, maxOf, shuffleOf, useSampleSource } from './mine-samples';
import { PixelCanvas } from './PixelCanvas';
import { ProjectionPairFigure, usePairs, useProjectionInputs } from './ProjectionPair';
import { useRunStore } from './run-store';
import { useDisplay } from './use-display';
import { useTraceTick } from './use-trace-tick';
import './samples.css';

const REDRAW_MS = 200;
/** Redrawn 125 ms into each period, in a task of its own (the maps take 25, the projections 75). */
const PHASE = 125;

/**
 * The animation's frame: one per record of the run (each Step, Step attacker or Step critic adds one),
 * so it moves with the engine's steps and stands still when the run does; 0 before a run.
 */
export function trickFrame(display: Display): number {
  const index = display.adv?.index ?? -1;
  return index >= 0 ? index + 1 : 0;
}

/** The sample lit at `frame` (moved by `offset` from the buttons), among K. */
export function litSample(frame: number, offset: number, k: number): number {
  return k === 0 ? 0 : (((frame + offset) % k) + k) % k;
}

/** π for the frame: the engine's where it used one for this x′, else one drawn for the picture. */
function shuffleFor(
  display: Display,
  k: number,
  seed: number,
  frame: number,
): { perm: Int32Array; engine: boolean } {
  const engine = shuffleOf(display);
  if (engine !== null && engine.length === k) return { perm: engine, engine: true };
  return {
    perm: new Rng(seed).fork('per-sample-trick').fork(`frame ${frame}`).permutation(k),
    engine: false,
  };
}

interface ThumbsProps {
  readonly maps: readonly (Float32Array | null)[];
  readonly width: number;
  readonly height: number;
  readonly gain: number;
  readonly prefix: string;
  /** Class of each lit map (sample, joint, marginal), by map. */
  readonly lit: ReadonlyMap<number, string>;
}

/** K small maps; the canvases are memoised, so a new frame moves the highlight's classes, not pixels. */
const Thumbs = memo(function Thumbs({ maps, width, height, gain, prefix, lit }: ThumbsProps) {
  return (
    <div className="trick-thumbs">
      {maps.map((m, i) => (
        <span key={i} className={`trick-thumb ${lit.get(i) ?? ''}`} data-lit={lit.get(i)}>
          <PixelCanvas
            values={m}
            width={width}
            height={height}
            scale={grey}
            gain={gain}
            label={`${prefix} map ${i}`}
            className="trick-thumb-canvas"
          />
        </span>
      ))}
    </div>
  );
});

function MapPair({
  left,
  right,
  view,
  gain,
  labels,
}: {
  left: Float32Array | null;
  right: Float32Array | null;
  view: ImageView;
  gain: number;
  labels: readonly [string, string];
}) {
  return (
    <div className="trick-maps">
      <PixelCanvas
        values={left}
        width={view.mapW}
        height={view.mapH}
        scale={grey}
        gain={gain}
        label={labels[0]}
        className="trick-map"
      />
      <PixelCanvas
        values={right}
        width={view.mapW}
        height={view.mapH}
        scale={grey}
        gain={gain}
        label={labels[1]}
        className="trick-map trick-partner"
      />
    </div>
  );
}

/** The maps version: K thumbnails of x and of x′ with sample k and partner π(k) lit, and the two pairs. */
function MapsTrick({ display, frame, offset }: { display: Display; frame: number; offset: number }) {
  const seed = useRunStore((s) => s.settings.seed);
  const clean = display.input.view;
  // Before a run (or while x′'s maps are measured) x′ is x: the joint pairs are then identical maps.
  const adv = display.adv === null ? clean : display.adv.view;
  const xMaps = useMemo(() => mapsOf(clean), [clean]);
  const advMaps = useMemo(() => mapsOf(adv), [adv]);
  const top = useMemo(() => maxOf([clean, adv]), [clean, adv]);
  const k = clean?.k ?? 0;
  const noAdv = useMemo(() => Array.from({ length: k }, () => null), [k]);
  if (clean === null || xMaps === null || k === 0) {
    return <p className="muted small">The maps appear once the model has seen the image.</p>;
  }
  const lit = litSample(frame, offset, k);
  const { perm, engine } = shuffleFor(display, k, seed, frame);
  const partner = perm[lit]!;
  const xPrime = advMaps ?? noAdv;
  return (
    <>
      <TrickStatus
        display={display}
        frame={frame}
        k={lit}
        of={k}
        partner={partner}
        engine={engine}
        kind="map"
      />
      {/* The K samples of x and of x′ at a glance; the pairs below name the lit ones for assistive tech. */}
      <div className="trick-rows" aria-hidden="true">
        <span className="trick-row-name">x</span>
        <Thumbs
          maps={xMaps}
          width={clean.mapW}
          height={clean.mapH}
          gain={1 / top}
          prefix="x"
          lit={new Map([[lit, 'lit-sample']])}
        />
        <span className="trick-row-name">x′</span>
        <Thumbs
          maps={xPrime}
          width={clean.mapW}
          height={clean.mapH}
          gain={1 / top}
          prefix="x′"
          lit={
            new Map([
              [partner, 'lit-marginal'],
              [lit, partner === lit ? 'lit-joint lit-marginal' : 'lit-joint'],
            ])
          }
        />
      </div>
      <div key={frame} className="trick-pairs">
        <figure className="trick-pair trick-joint" data-testid="trick-joint">
          <MapPair
            left={xMaps[lit]!}
            right={xPrime[lit] ?? null}
            view={clean}
            gain={1 / top}
            labels={[`x map ${lit}`, `x′ map ${lit}`]}
          />
          <figcaption>
            joint pair (x map {lit}, x′ map {lit})
          </figcaption>
        </figure>
        <figure className="trick-pair trick-marginal" data-testid="trick-marginal">
          <MapPair
            left={xMaps[lit]!}
            right={xPrime[partner] ?? null}
            view={clean}
            gain={1 / top}
            labels={[`x map ${lit}`, `x′ map ${partner}`]}
          />
          <figcaption>
            marginal pair (x map {lit}, x′ map π({lit}) = {partner})
          </figcaption>
        </figure>
      </div>
    </>
  );
}

/** The random-projection version: sample k's joint pair and its marginal partner, as strips of values. */
function ProjectionTrick({ display, frame, offset }: { display: Display; frame: number; offset: number }) {
  const inputs = useProjectionInputs(display);
  const lit = litSample(frame, offset, PROJECTION_SAMPLES);
  const pairs = usePairs(inputs, String(lit));
  const pair = pairs?.[0];
  if (pair === undefined) return <p className="muted small">Choose an image to see its samples.</p>;
  return (
    <>
      <TrickStatus
        display={display}
        frame={frame}
        k={lit}
        of={PROJECTION_SAMPLES}
        partner={pair.partner}
        engine={inputs.engineShuffle}
        kind="projection"
      />
      <div key={frame} className="trick-pairs">
        <ProjectionPairFigure pair={pair} />
      </div>
    </>
  );
}

function TrickStatus(props: {
  display: Display;
  frame: number;
  k: number;
  of: number;
  partner: number;
  engine: boolean;
  kind: 'map' | 'projection';
}) {
  const { display, frame, k, of, partner, engine, kind } = props;
  const where = display.adv === null ? 'before a run (x′ = x)' : (display.adv.where ?? display.adv.title);
  return (
    <p className="small" data-testid="trick-status" data-frame={frame} data-sample={k} data-partner={partner}>
      Frame {frame}, {where}: sample {k} of {of}. Joint pair: {kind} {k} of x with {kind} {k} of x′; marginal
      pair: {kind} {k} of x with {kind} {partner} of x′.{' '}
      {engine
        ? 'π is the shuffle the engine used for this x′.'
        : 'π is drawn here for the picture (the engine shows its own while MinMax or MINE-UAE runs).'}
    </p>
  );
}

/**
 * How the per-sample trick works: one image pair is one sample, too few for a mutual information, so
 * MINE makes K samples of it (the first-conv maps, or random projections) and compares their joint
 * pairs with shuffled ones. One pair is lit per record of the run: Step moves the animation a frame.
 */
export function PerSampleTrick() {
  const tick = useTraceTick(REDRAW_MS, PHASE);
  const display = useDisplay(tick);
  const source = useSampleSource();
  const [offset, setOffset] = useState(0);
  const id = useId();
  const frame = trickFrame(display);
  const what =
    source === 'projections'
      ? `${PROJECTION_SAMPLES} random projections of the image (sample k: the image through a Gaussian matrix R_k)`
      : `first-convolution maps of the ${source === 'conv' ? 'conv autoencoder' : 'classifier'}`;
  return (
    <section className="per-sample-trick" aria-labelledby={`${id}-title`} data-testid="per-sample-trick">
      <h3 id={`${id}-title`}>How the per-sample trick works</h3>
      <p className="small">
        One image pair (x, x′) is a single sample: too few to estimate a mutual information. MINE makes K
        samples of it, here the {what}: sample k of x with sample k of x′ is a joint pair, and sample k of x
        with sample π(k) of x′, for a fresh random shuffle π, is a marginal pair (as if x and x′ were
        independent). The critic T learns to score joint pairs above marginal ones: I = mean<sub>k</sub>{' '}
        T(joint) − log mean<sub>k</sub> exp T(marginal). Each record of the run lights the next sample.
      </p>
      <div className="row">
        <button
          type="button"
          data-testid="trick-previous"
          onClick={() => {
            setOffset((o) => o - 1);
          }}
        >
          Previous sample
        </button>
        <button
          type="button"
          data-testid="trick-next"
          onClick={() => {
            setOffset((o) => o + 1);
          }}
        >
          Next sample
        </button>
      </div>
      {source === 'projections' ? (
        <ProjectionTrick display={display} frame={frame} offset={offset} />
      ) : (
        <MapsTrick display={display} frame={frame} offset={offset} />
      )}
    </section>
  );
}
