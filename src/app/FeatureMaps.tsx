import { memo, useMemo, useState } from 'react';
import { grey } from './colormap';
import { PerSampleTrick } from './PerSampleTrick';
import { PixelCanvas } from './PixelCanvas';
import { ProjectionSamples } from './ProjectionSamples';
import { mapsOf, maxOf, shuffleOf, useSampleSource } from './mine-samples';
import { useDisplay } from './use-display';
import { useTraceTick } from './use-trace-tick';

/** While a run streams, the maps redraw at most this often (ms). */
const REDRAW_MS = 200;
/**
 * After a pause, a step or a run's end the four charts redraw 0, 100, 200 and 300 ms later, one per
 * task (Charts.tsx: REDRAW_MS 400, a quarter apart); the maps redraw 25 ms later, in a task between
 * the first two. While a run streams the charts are canvases painted each animation frame, and the
 * maps redraw at 25 ms past each REDRAW_MS.
 */
const MAPS_PHASE = 25;

interface MapGridProps {
  readonly maps: readonly Float32Array[];
  /** Column i shows map order[i] (the marginal's shuffle), or map i. */
  readonly order: Int32Array | null;
  readonly width: number;
  readonly height: number;
  readonly gain: number;
  readonly prefix: string;
}

const MapGrid = memo(function MapGrid({ maps, order, width, height, gain, prefix }: MapGridProps) {
  return maps.map((_, i) => {
    const j = order === null ? i : order[i]!;
    return (
      <figure key={i} className="map">
        <PixelCanvas
          values={maps[j]!}
          width={width}
          height={height}
          scale={grey}
          gain={gain}
          label={`${prefix}, channel ${j}`}
          className="map-canvas"
        />
        <figcaption>{j}</figcaption>
      </figure>
    );
  });
});

/**
 * The MINE samples of x and x′: the K first-conv maps (classifier, conv autoencoder); sample k of x is
 * paired with sample k of x′ in the joint term and with sample π(k) in the marginal term, and "show
 * the shuffle" lays x′ out in π order. The dense autoencoders' samples are random projections.
 */
export function FeatureMaps() {
  const source = useSampleSource();
  return source === 'projections' ? <ProjectionSamples /> : <SampleMaps source={source} />;
}

const SOURCE_TEXT = {
  classifier: "the classifier's first convolution",
  conv: "the conv autoencoder's first convolution",
} as const;

function SampleMaps({ source }: { source: 'classifier' | 'conv' }) {
  // The maps follow the trace at most every REDRAW_MS while a run streams (64 canvases), at once otherwise.
  const tick = useTraceTick(REDRAW_MS, MAPS_PHASE);
  const display = useDisplay(tick);
  const cleanView = display.input.view;
  const [shuffled, setShuffled] = useState(false);
  const adv = display.adv?.view ?? null;
  // One scale for both rows (CNN Explainer's "per layer" normalisation): maps stay comparable.
  const top = useMemo(() => maxOf([cleanView, adv]), [cleanView, adv]);
  const k = cleanView?.k ?? 0;
  const shuffle = shuffleOf(display);
  const perm = shuffle !== null && shuffle.length === k ? shuffle : null;
  const cleanMaps = useMemo(() => mapsOf(cleanView), [cleanView]);
  const advMaps = useMemo(() => mapsOf(adv), [adv]);

  return (
    <section className="panel" aria-labelledby="maps-heading">
      <h2 id="maps-heading">MINE samples: first-convolution maps</h2>
      <p className="muted small">
        Each of the {k || 'K'} channels of {SOURCE_TEXT[source]} (after ReLU
        {cleanView === null || k === 0 ? '' : `, maps of ${cleanView.mapH}×${cleanView.mapW}`}) is one sample.
        The critic compares joint pairs (x map k, x′ map k) with shuffled pairs (x map k, x′ map π(k)). One
        brightness scale for all maps (max {top.toFixed(2)}).
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={shuffled}
          onChange={(e) => {
            setShuffled(e.target.checked);
          }}
          disabled={perm === null}
        />
        Show x′ maps in the marginal&apos;s shuffled order π{' '}
        {perm === null ? `(available once ${source === 'conv' ? 'MINE-UAE' : 'MinMax'} runs)` : ''}
      </label>
      <div className="maps-block">
        <h3 className="small" data-testid="maps-x-title">
          x ({display.input.name})
        </h3>
        <div className="maps-grid" data-testid="maps-x">
          {cleanView === null || cleanMaps === null ? null : (
            <MapGrid
              maps={cleanMaps}
              order={null}
              width={cleanView.mapW}
              height={cleanView.mapH}
              gain={1 / top}
              prefix="x"
            />
          )}
        </div>
        <h3 className="small" data-testid="maps-adv-title">
          {display.adv === null ? 'x′' : display.adv.title}
          {display.adv !== null && adv === null ? `: maps ${display.adv.viewNote ?? 'not measured'}` : ''}
          {shuffled && perm !== null ? ' (shuffled: column k shows map π(k))' : ''}
        </h3>
        <div className="maps-grid" data-testid="maps-adv">
          {adv === null || advMaps === null || cleanView === null ? null : (
            <MapGrid
              maps={advMaps}
              order={shuffled ? perm : null}
              width={adv.mapW}
              height={adv.mapH}
              gain={1 / top}
              prefix="x′"
            />
          )}
        </div>
      </div>
      <PerSampleTrick />
    </section>
  );
}
