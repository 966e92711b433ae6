/** x′ = clip(x + δ, 0, 1); δ from the engine is already the effective x′ − x, the clip only guards rounding. */
export function addPixels(x: Float32Array, delta: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.min(1, Math.max(0, x[i]! + (delta[i] ?? 0)));
  return out;
}
