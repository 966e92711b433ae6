/**
 * Adam for the MINE critic, in the TensorFlow-1 form the authors used:
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← θ − lr·√(1−β2^t)/(1−β1^t) · m / (√v + ε̂).
 * On wasm and cpu one registered kernel does the whole update in one pass over memory: tfjs's Adam
 * runs ~15 kernels per variable (≈36 ms for one 10000×512 weight on wasm, and most of a lite-critic
 * step in kernel overhead). Other backends run the same formula as tensor ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { accessFor } from '../kernels/backend-access';

const KERNEL = 'MinmaxFusedAdam';
const FUSED_BACKENDS = ['wasm', 'cpu'] as const;

interface AdamAttrs {
  lrT: number;
  beta1: number;
  beta2: number;
  epsHat: number;
  /** +1 to descend the gradient, −1 to ascend it (MINE maximises I). */
  sign: number;
}

function fusedKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { w, m, v, g } = inputs as Record<string, TensorInfo | undefined>;
    if (!w || !m || !v || !g) throw new Error(`${KERNEL}: needs w, m, v, g`);
    const { lrT, beta1, beta2, epsHat, sign } = attrs as unknown as AdamAttrs;
    const access = accessFor(backendName, backend);
    const outW = access.alloc(w.shape, 'float32');
    const outM = access.alloc(w.shape, 'float32');
    const outV = access.alloc(w.shape, 'float32');
    // Views after every allocation: a wasm heap growth detaches older ones.
    const f32 = (t: TensorInfo) => access.view(t) as Float32Array;
    adamLoop(f32(w), f32(m), f32(v), f32(g), f32(outW), f32(outM), f32(outV), {
      lrT,
      beta1,
      beta2,
      epsHat,
      sign,
    });
    return [outW, outM, outV];
  };
}

/** Kept monomorphic (Float32Array only) so that V8 compiles the loop tightly. */
function adamLoop(
  W: Float32Array,
  M: Float32Array,
  V: Float32Array,
  G: Float32Array,
  W2: Float32Array,
  M2: Float32Array,
  V2: Float32Array,
  a: AdamAttrs,
): void {
  const { lrT, beta1, beta2, epsHat, sign } = a;
  const a1 = 1 - beta1;
  const a2 = 1 - beta2;
  const n = W.length;
  for (let i = 0; i < n; i++) {
    const gi = sign * G[i]!;
    const mi = beta1 * M[i]! + a1 * gi;
    const vi = beta2 * V[i]! + a2 * gi * gi;
    M2[i] = mi;
    V2[i] = vi;
    W2[i] = W[i]! - (lrT * mi) / (Math.sqrt(vi) + epsHat);
  }
}

let registered = false;
function registerFusedAdam(): void {
  if (registered) return;
  registered = true;
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: fusedKernel(backendName) });
  }
}

export class FusedAdam {
  private readonly m: tf.Tensor[];
  private readonly v: tf.Tensor[];
  private t = 0;

  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsHat = 1e-8,
    /** "ops" forces the tensor-op path (what webgl/webgpu run), for tests. */
    private readonly mode: 'auto' | 'ops' = 'auto',
  ) {
    registerFusedAdam();
    this.m = vars.map((x) => tf.zerosLike(x));
    this.v = vars.map((x) => tf.zerosLike(x));
  }

  /** One update of every variable from its gradient (aligned with the constructor's list). */
  step(grads: readonly tf.Tensor[], direction: 'descend' | 'ascend' = 'descend'): void {
    if (grads.length !== this.vars.length)
      throw new Error(`FusedAdam: ${grads.length} gradients for ${this.vars.length} variables`);
    this.t += 1;
    const attrs: AdamAttrs = {
      lrT: (this.lr * Math.sqrt(1 - Math.pow(this.beta2, this.t))) / (1 - Math.pow(this.beta1, this.t)),
      beta1: this.beta1,
      beta2: this.beta2,
      epsHat: this.epsHat,
      sign: direction === 'descend' ? 1 : -1,
    };
    const fused = this.mode === 'auto' && (FUSED_BACKENDS as readonly string[]).includes(tf.getBackend());
    this.vars.forEach((variable, i) => {
      const [w, m, v] = (
        fused
          ? this.fusedUpdate(variable, i, grads[i]!, attrs)
          : this.opsUpdate(variable, i, grads[i]!, attrs)
      ) as [tf.Tensor, tf.Tensor, tf.Tensor];
      variable.assign(w);
      w.dispose();
      this.m[i]!.dispose();
      this.v[i]!.dispose();
      this.m[i] = m;
      this.v[i] = v;
    });
  }

  private fusedUpdate(w: tf.Variable, i: number, g: tf.Tensor, attrs: AdamAttrs): tf.Tensor[] {
    const inputs = { w, m: this.m[i]!, v: this.v[i]!, g };
    return tf.engine().runKernel(KERNEL, inputs, attrs as unknown as NamedAttrMap) as tf.Tensor[];
  }

  private opsUpdate(w: tf.Variable, i: number, g: tf.Tensor, a: AdamAttrs): tf.Tensor[] {
    return tf.tidy(() => {
      const gs = tf.mul(g, a.sign);
      const m = tf.add(tf.mul(this.m[i]!, a.beta1), tf.mul(gs, 1 - a.beta1));
      const v = tf.add(tf.mul(this.v[i]!, a.beta2), tf.mul(tf.square(gs), 1 - a.beta2));
      const next = tf.sub(w, tf.div(tf.mul(m, a.lrT), tf.add(tf.sqrt(v), a.epsHat)));
      return [next, m, v];
    });
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
