import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ImageView } from '../worker/protocol';
import { grey } from './colormap';
import { PixelCanvas } from './PixelCanvas';
import { useRunStore } from './run-store';
import { selectShown } from './selection';

function mapOf(view: ImageView, k: number): Float32Array {
  const n = view.mapH * view.mapW;
  return view.maps.subarray(k * n, (k + 1) * n);
}

function maxOf(views: readonly (ImageView | null)[]): number {
  let m = 0;
  for (const v of views) if (v !== null) for (const value of v.maps) m = Math.max(m, value);
  return m > 0 ? m : 1;
}

/**
 * The K first-conv maps of x and x′: the MINE samples. Sample k of x is paired with sample k of x′ in
 * the joint term and with sample π(k) in the marginal term; "show the shuffle" lays x′ out in π order.
 */
export function FeatureMaps() {
  const task = useRunStore((s) => s.settings.task);
  // The maps are the classifier's; an autoencoder run has none to show.
  return task === 'supervised' ? <ClassifierMaps /> : null;
}

function ClassifierMaps() {
  const { cleanView, trace, cursor, done } = useRunStore(
    useShallow((s) => ({
      cleanView: s.cleanView,
      trace: s.trace,
      cursor: s.cursor,
      done: s.done,
      version: s.version,
    })),
  );
  const [shuffled, setShuffled] = useState(false);
  const shown = selectShown({ trace, cursor, done });
  const adv = shown.view;
  // One scale for both rows (CNN Explainer's "per layer" normalisation): maps stay comparable.
  const top = maxOf([cleanView, adv]);
  const k = cleanView?.k ?? 0;
  const perm = shown.permutation !== null && shown.permutation.length === k ? shown.permutation : null;

  return (
    <section className="panel" aria-labelledby="maps-heading">
      <h2 id="maps-heading">MINE samples: first-convolution maps</h2>
      <p className="muted small">
        Each of the {k || 'K'} channels of the classifier&apos;s first convolution (after ReLU) is one sample.
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
        {perm === null ? '(available once MinMax runs)' : ''}
      </label>
      <div className="maps-block">
        <h3 className="small">x</h3>
        <div className="maps-grid" data-testid="maps-x">
          {cleanView === null
            ? null
            : Array.from({ length: k }, (_, i) => (
                <figure key={i} className="map">
                  <PixelCanvas
                    values={mapOf(cleanView, i)}
                    width={cleanView.mapW}
                    height={cleanView.mapH}
                    scale={grey}
                    gain={1 / top}
                    label={`x, channel ${i}`}
                    className="map-canvas"
                  />
                  <figcaption>{i}</figcaption>
                </figure>
              ))}
        </div>
        <h3 className="small">x′ {shuffled && perm !== null ? '(shuffled: column k shows map π(k))' : ''}</h3>
        <div className="maps-grid" data-testid="maps-adv">
          {adv === null || cleanView === null
            ? null
            : Array.from({ length: k }, (_, i) => {
                const j = shuffled && perm !== null ? perm[i]! : i;
                return (
                  <figure key={i} className="map">
                    <PixelCanvas
                      values={mapOf(adv, j)}
                      width={adv.mapW}
                      height={adv.mapH}
                      scale={grey}
                      gain={1 / top}
                      label={`x′, channel ${j}`}
                      className="map-canvas"
                    />
                    <figcaption>{j}</figcaption>
                  </figure>
                );
              })}
        </div>
      </div>
    </section>
  );
}
