/**
 * Collects every iteration's scalars (and δ where the method has one) between two posts, so the UI
 * receives each iteration exactly once however fast the loop runs.
 */
import type { IterationScalars } from './protocol';
import { IMAGE_PIXELS, iterationScalars } from './protocol';

/** An engine record as the batcher reads it: the protocol's scalars, plus δ where the method has one. */
export type ScalarSource = IterationScalars & { readonly delta?: Float32Array };

/** The record's protocol fields alone (the schema drops the rest), checked as the UI will check them. */
export function toScalars(r: ScalarSource): IterationScalars {
  return iterationScalars.read(r, 'record');
}

export class ScalarBatch {
  private records: IterationScalars[] = [];
  private deltas: Float32Array[] = [];
  private allHaveDelta = true;

  get size(): number {
    return this.records.length;
  }

  add(r: ScalarSource): void {
    this.records.push(toScalars(r));
    if (r.delta !== undefined && r.delta.length === IMAGE_PIXELS) this.deltas.push(r.delta);
    else this.allHaveDelta = false;
  }

  /** Empties the batch. δs go out only when every record has one, so that they stay aligned. */
  take(): { records: IterationScalars[]; deltas: Float32Array } {
    const records = this.records;
    const deltas = new Float32Array(this.allHaveDelta ? records.length * IMAGE_PIXELS : 0);
    if (this.allHaveDelta) {
      this.deltas.forEach((d, i) => {
        deltas.set(d, i * IMAGE_PIXELS);
      });
    }
    this.records = [];
    this.deltas = [];
    this.allHaveDelta = true;
    return { records, deltas };
  }
}
