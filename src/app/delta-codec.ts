/**
 * δ of one iterate in 8 bits, for the run record (run-record.ts): q = round(127·δ/s) with the
 * iterate's own scale s = max|δ|, the bytes as base64. Decoding gives q·s/127, so every value is
 * within s/254 of the original (half a quantisation step); an all-zero δ has s = 0 and decodes to 0.
 */

/** One iterate's δ, quantised: its scale and the base64 of its int8 values (two's complement). */
export interface QuantisedDelta {
  readonly scale: number;
  readonly q: string;
}

const LEVELS = 127;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  // Chunks keep String.fromCharCode's argument list short.
  for (let i = 0; i < bytes.length; i += 4096)
    text += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
  return btoa(text);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a canonical base64 text, or null (another alphabet, whitespace, bad padding). */
export function fromBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export function quantiseDelta(delta: ArrayLike<number>): QuantisedDelta {
  let scale = 0;
  for (let i = 0; i < delta.length; i++) scale = Math.max(scale, Math.abs(delta[i]!));
  const q = new Int8Array(delta.length);
  if (scale > 0) for (let i = 0; i < delta.length; i++) q[i] = Math.round((LEVELS * delta[i]!) / scale);
  return { scale, q: toBase64(new Uint8Array(q.buffer)) };
}

/** The δ a quantised one stands for, or what is wrong with its bytes (a phrase after "q …"). */
export function dequantiseDelta(d: QuantisedDelta, length: number): Float32Array | string {
  const bytes = fromBase64(d.q);
  if (bytes === null) return 'is not base64 text';
  if (bytes.length !== length) return `decodes to ${bytes.length} bytes, not ${length}`;
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  // round(127·δ/s) never reaches −128: such a byte was not written by quantiseDelta.
  const bad = q.indexOf(-LEVELS - 1);
  if (bad >= 0) return `holds −128 at ${bad}, outside the ±127 the encoding writes`;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = (q[i]! * d.scale) / LEVELS;
  return out;
}

/** The largest error decoding can make for an iterate of scale s (half a quantisation step). */
export function quantisationError(scale: number): number {
  return scale / (2 * LEVELS);
}
