/** What the maps panel and the per-sample animation share: which samples a run has, their maps, π. */
import type { ImageView } from '../worker/protocol';
import { frameAt, type Display } from './display';
import { useRunStore } from './run-store';

/** Which MINE samples the shown run (or the settings, before one) has: whose first-conv maps, or projections. */
export type SampleSource = 'classifier' | 'conv' | 'projections';

export function useSampleSource(): SampleSource {
  return useRunStore((s) => {
    if (s.settings.task === 'supervised') return 'classifier';
    // A shown run's maps are its autoencoder's, whatever the selector says now.
    const ae =
      s.runImage !== null && s.runSettings?.task === 'unsupervised' ? s.runSettings.ae : s.settings.ae;
    return ae === 'conv' ? 'conv' : 'projections';
  });
}

/** The K maps of a view, as views into its buffer (one array per view, so memoised canvases stay put). */
export function mapsOf(view: ImageView | null): Float32Array[] | null {
  if (view === null) return null;
  const n = view.mapH * view.mapW;
  return Array.from({ length: view.k }, (_, k) => view.maps.subarray(k * n, (k + 1) * n));
}

export function maxOf(views: readonly (ImageView | null)[]): number {
  let m = 0;
  for (const v of views) if (v !== null) for (const value of v.maps) m = Math.max(m, value);
  return m > 0 ? m : 1;
}

/**
 * The marginal's shuffle that goes with the shown x′: the one streamed with its frame, or for the
 * returned x′ the latest one (the critic's last).
 */
export function shuffleOf(display: Display): Int32Array | null {
  const { frames } = useRunStore.getState().trace;
  const adv = display.adv;
  if (adv === null) return null;
  if (adv.kind === 'returned') return frames.at(-1)?.frame.permutation ?? null;
  return frameAt(frames, adv.index)?.frame.permutation ?? null;
}
