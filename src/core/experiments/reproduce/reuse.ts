/**
 * Units shared between the supervised experiments. asr-mi, mi-distribution and minmax-vs-pgd attack
 * the same test images with the same per-image seeds; a unit (one method on one image) depends only
 * on the image, the method, its seed, the attack and fair-MI settings and the backend, never on n,
 * the other methods or the figures. So a unit finished by one experiment is the unit another would
 * compute, and `--reuse` takes it instead of running it again (at standard scale this saves about
 * half of the three experiments' time). A source made with anything else that matters contributes
 * nothing, and says why. Every setting but the experiment's own (n, methods, figures) counts, so a setting
 * added later is compared by default.
 */
import type { SupervisedSettings } from './scales';
import type { SupervisedUnit } from './supervised-runs';

/** A finished or partial run whose units may be reused: a saved state or a written record. */
export interface ReuseSource {
  /** Where it came from, for the record and the messages (a file name). */
  label: string;
  name: string;
  seed: number;
  /** Missing in states saved before the backend was recorded: such a source is not reused. */
  backend?: string;
  settings: unknown;
  units: unknown[];
}

/** What reuse did, per source: units taken, or why none could be. */
export interface ReuseReport {
  label: string;
  units: number;
  refused?: string;
}

/**
 * What an experiment's settings hold beyond the units: which images and methods, and the figures.
 * Every other setting is one a unit may depend on, so a setting added later counts by default.
 */
const NOT_UNIT_SETTINGS = new Set(['n', 'methods', 'gridImages', 'bins']);

function unitSettings(s: unknown): Record<string, unknown> | null {
  if (typeof s !== 'object' || s === null) return null;
  const r = s as Record<string, unknown>;
  if (r.kind !== 'supervised') return null;
  return Object.fromEntries(Object.entries(r).filter(([k]) => !NOT_UNIT_SETTINGS.has(k)));
}

/** Why `source` cannot give units to a run with these settings, seed and backend; null when it can. */
export function refusalOf(
  source: ReuseSource,
  s: SupervisedSettings,
  seed: number,
  backend: string,
): string | null {
  const theirs = unitSettings(source.settings);
  if (theirs === null) return `${source.name} is not a supervised experiment`;
  if (source.seed !== seed) return `made with seed ${source.seed}, not ${seed}`;
  if (source.backend === undefined) return 'its backend is not recorded';
  if (source.backend !== backend) return `made on the ${source.backend} backend, not ${backend}`;
  const ours = unitSettings(s)!;
  // Our settings name every field a unit may depend on; a record's also hold descriptions (images, seeds).
  const differ = Object.keys(ours).filter((k) => JSON.stringify(theirs[k]) !== JSON.stringify(ours[k]));
  if (differ.length > 0)
    return `other settings (${differ.map((k) => `${k} ${JSON.stringify(theirs[k])} → ${JSON.stringify(ours[k])}`).join(', ')})`;
  return null;
}

/**
 * The units of `sources` that a run would compute itself: keyed by unit key, each the first source's
 * copy, marked with where it came from. `needsImage(index)` says whether the run keeps x′ for an
 * image (a unit without it is then computed again).
 */
export function reusableUnits(
  sources: readonly ReuseSource[],
  s: SupervisedSettings,
  seed: number,
  backend: string,
  needsImage: (index: number) => boolean,
): { units: Map<string, SupervisedUnit>; reports: ReuseReport[] } {
  const units = new Map<string, SupervisedUnit>();
  const reports: ReuseReport[] = [];
  for (const source of sources) {
    const refused = refusalOf(source, s, seed, backend);
    if (refused !== null) {
      reports.push({ label: source.label, units: 0, refused });
      continue;
    }
    let taken = 0;
    for (const raw of source.units) {
      const u = raw as SupervisedUnit;
      if (units.has(u.key) || u.index >= s.n || !s.methods.includes(u.method)) continue;
      if (u.seed !== (seed + u.index) >>> 0) continue;
      if (needsImage(u.index) && !u.adversarial) continue;
      units.set(u.key, { ...u, reusedFrom: source.label });
      taken++;
    }
    reports.push({ label: source.label, units: taken });
  }
  return { units, reports };
}
