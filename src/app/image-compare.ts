/** Comparisons of images on the page's side (the engine measures its own). */
import type { ChosenImage } from './run-store';

/** The same picture from the same place: picking it again keeps the shown run. */
export function sameImage(a: ChosenImage | null, b: ChosenImage): boolean {
  if (a === null || a.source !== b.source || a.index !== b.index || a.label !== b.label) return false;
  if (a.pixels.length !== b.pixels.length) return false;
  for (let i = 0; i < a.pixels.length; i++) if (a.pixels[i] !== b.pixels[i]) return false;
  return true;
}

/** ‖x − r‖², summed over pixels: the engine measures a reconstruction against its own input. */
export function squaredError(x: Float32Array, r: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - (r[i] ?? 0)) ** 2;
  return sum;
}
