/**
 * Seeded randomness for everything the engine draws: δ init, critic weights, permutations,
 * random projections. tf.util.shuffle and tf.random* are not reproducible across backends, so
 * every draw goes through this generator and reaches tfjs as a typed array.
 */

/** SplitMix32-style mixer: turns any 32-bit value into a well-spread one. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hash a label into 32 bits, so that named sub-streams of one seed are independent. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** xoshiro128** generator: fast, 128-bit state, good statistical quality for simulation. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`);
    const base = Math.trunc(seed) >>> 0;
    this.s0 = mix32(base);
    this.s1 = mix32(this.s0 ^ 0x6a09e667);
    this.s2 = mix32(this.s1 ^ 0xbb67ae85);
    this.s3 = mix32(this.s2 ^ 0x3c6ef372);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** An independent generator for a named purpose, e.g. rng.fork('critic'). */
  fork(label: string): Rng {
    return new Rng(mix32(this.nextUint32() ^ hashString(label)));
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal by the polar Box–Muller method (keeps the spare draw). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * m;
        return u * m;
      }
    }
  }

  fillUniform(out: Float32Array, lo: number, hi: number): Float32Array {
    const w = hi - lo;
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.uniform();
    return out;
  }

  fillNormal(out: Float32Array, mean: number, std: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates); fixed points allowed. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Glorot-uniform limit as Keras computes it for a kernel shape (receptive field × channels). */
export function glorotLimit(shape: readonly number[]): number {
  let fanIn: number;
  let fanOut: number;
  if (shape.length === 2) {
    fanIn = shape[0]!;
    fanOut = shape[1]!;
  } else if (shape.length >= 3) {
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    fanIn = receptive * shape[shape.length - 2]!;
    fanOut = receptive * shape[shape.length - 1]!;
  } else {
    fanIn = fanOut = shape[0] ?? 1;
  }
  return Math.sqrt(6 / (fanIn + fanOut));
}

export function glorotUniform(rng: Rng, shape: readonly number[]): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const limit = glorotLimit(shape);
  return rng.fillUniform(new Float32Array(size), -limit, limit);
}
