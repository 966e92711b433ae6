/**
 * B independent MINE critics, one per image, evaluated and trained together: every weight carries a
 * leading batch axis and every product is a batched matMul. Attacking one image at a time spends
 * most of a small critic's step on per-kernel overhead (about 5 ms per lite step on wasm); a batch
 * pays that overhead once, which is what makes UAEs for thousands of training images practical.
 *
 * Same architecture and initial θ as `initCritic` (each image's weights drawn from its own generator
 * with the same forks), with the branches collapsed as in critic-fast.ts (u = S·(W1·W2) + b1·W2 + b2)
 * and the hand-written backward pass of critic-fast.ts (`headGrads`, `branchGrads`, which the single
 * critic runs as a batch of one; `BatchedCritic.gradients` is checked against `autodiffGradients` in
 * the tests).
 * The images never interact: the loss is a sum of per-image bounds and Adam is elementwise.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { glorotUniform, type Rng } from '../rng';
import { KindedError } from '../errors';
import {
  boundHead,
  DEFAULT_BOUND,
  infoNcePairsProblem,
  type BoundChoice,
  type BoundHead,
} from './bound-heads';
import type { CriticLayout } from './critic';
import { FusedAdam } from './fused-adam';
import { branchGrads, headGrads, patches } from './critic-fast';

interface BatchedBranch {
  convKernel: tf.Variable | null; // [B, k·k, F]
  convBias: tf.Variable | null; // [B, 1, F]
  w1: tf.Variable; // [B, inDim, hidden]
  b1: tf.Variable; // [B, 1, hidden]
  w2: tf.Variable; // [B, hidden, out]
  b2: tf.Variable; // [B, 1, out]
}

function stackVariable(perImage: Float32Array[], shape: number[]): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const all = new Float32Array(perImage.length * size);
  perImage.forEach((v, b) => {
    all.set(v, b * size);
  });
  const initial = tf.tensor(all, [perImage.length, ...shape]);
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}

function initBranch(layout: CriticLayout, rngs: Rng[]): BatchedBranch {
  const conv = layout.conv;
  const b = rngs.length;
  // Draw in initCritic's order per image (conv kernel, w1, w2), so image i gets the same θ.
  const kernels: Float32Array[] = [];
  const w1s: Float32Array[] = [];
  const w2s: Float32Array[] = [];
  for (const rng of rngs) {
    if (conv) kernels.push(glorotUniform(rng, [conv.kernel, conv.kernel, 1, conv.filters]));
    w1s.push(glorotUniform(rng, [layout.inDim, layout.hidden]));
    w2s.push(glorotUniform(rng, [layout.hidden, layout.out]));
  }
  const zeros = (shape: number[]) => {
    // tf.variable copies its initial value without taking ownership of it.
    const initial = tf.zeros([b, ...shape]);
    const v = tf.variable(initial, true);
    initial.dispose();
    return v;
  };
  return {
    convKernel: conv ? stackVariable(kernels, [conv.kernel * conv.kernel, conv.filters]) : null,
    convBias: conv ? zeros([1, conv.filters]) : null,
    w1: stackVariable(w1s, [layout.inDim, layout.hidden]),
    b1: zeros([1, layout.hidden]),
    w2: stackVariable(w2s, [layout.hidden, layout.out]),
    b2: zeros([1, layout.out]),
  };
}

/** Samples as `BatchedCritic.prepare` leaves them: [B, K·outH·outW, k·k] columns, or [B, K, d] vectors. */
export type PreparedSamples = { cols: tf.Tensor };

export class BatchedCritic {
  private readonly x: BatchedBranch;
  private readonly y: BatchedBranch;
  private readonly wOut: tf.Variable; // [B, out, 1]
  private readonly vars: tf.Variable[];
  private readonly optimizer: FusedAdam;
  /** The bound, per image, with its state across steps (MINE's moving average), as MineEstimator's. */
  private readonly head: BoundHead;

  /** One generator per image, as MineEstimator's `rng.fork('mine')` would receive; the bound (DV by default). */
  constructor(
    readonly layout: CriticLayout,
    rngs: Rng[],
    lr: number,
    bound: BoundChoice = DEFAULT_BOUND,
  ) {
    this.head = boundHead(bound);
    // MineEstimator draws its θ from rng.fork('init') (initCritic's forks) and its shuffles from rng
    // after that fork: the same forks here give image b the θ of a single-image run.
    const init = rngs.map((r) => r.fork('init'));
    this.x = initBranch(
      layout,
      init.map((r) => r.fork('critic-x')),
    );
    this.y = initBranch(
      layout,
      init.map((r) => r.fork('critic-y')),
    );
    this.wOut = stackVariable(
      init.map((r) => glorotUniform(r.fork('critic-out'), [layout.out, 1])),
      [layout.out, 1],
    );
    const branch = (b: BatchedBranch) =>
      [b.convKernel, b.convBias, b.w1, b.b1, b.w2, b.b2].filter((v): v is tf.Variable => v !== null);
    this.vars = [...branch(this.x), ...branch(this.y), this.wOut];
    this.optimizer = new FusedAdam(this.vars, lr);
  }

  get batch(): number {
    return this.wOut.shape[0];
  }

  /**
   * The critic from the branch inputs S on (after the conv): collapsed maps P = W1·W2, the joint and
   * marginal pre-activations, T and the per-image bounds (`use`: the estimate, or what the δ step
   * differentiates). Shared by `bounds` (autodiff) and `gradients` (hand-written backward), so the
   * two cannot drift apart. Call inside a tidy.
   */
  private forward(
    sx: tf.Tensor3D,
    sy: tf.Tensor3D,
    k: number,
    perm: tf.Tensor1D,
    use: 'value' | 'objective' = 'value',
  ) {
    const b = this.batch;
    const out = this.layout.out;
    const tooMany = this.head.pairs === 'all' ? infoNcePairsProblem(b, k) : null;
    if (tooMany !== null) throw new KindedError('usage', tooMany);
    const collapsed = (p: BatchedBranch, s: tf.Tensor3D) => {
      const pMat = tf.matMul(p.w1, p.w2);
      return { pMat, u: tf.add(tf.matMul(s, pMat), tf.add(tf.matMul(p.b1, p.w2), p.b2)) };
    };
    const x = collapsed(this.x, sx);
    const y = collapsed(this.y, sy);
    const aJoint = tf.add(x.u, y.u);
    // x_k with y_π(k), or (a bound over all pairs) x_i with every y_j, i-major.
    const aMarg =
      this.head.pairs === 'all'
        ? tf.reshape(tf.add(tf.reshape(x.u, [b, k, 1, out]), tf.reshape(y.u, [b, 1, k, out])), [
            b,
            k * k,
            out,
          ])
        : tf.add(x.u, tf.reshape(tf.gather(tf.reshape(y.u, [b * k, out]), perm), [b, k, out]));
    const rJoint = tf.relu(aJoint);
    const rMarg = tf.relu(aMarg);
    const tJoint = tf.reshape(tf.matMul(rJoint, this.wOut), [b, k]) as tf.Tensor2D;
    const tMarg = tf.reshape(tf.matMul(rMarg, this.wOut), [b, -1]) as tf.Tensor2D;
    const bounds = this.head[use](tJoint, tMarg);
    return { px: x.pMat, py: y.pMat, aJoint, aMarg, rJoint, rMarg, tMarg, bounds };
  }

  /**
   * Per-image bounds [B]. `perm` holds, for each image, a shuffle of its K samples as flat row
   * indices b·K + π_b(k) (the marginal pairs x_k with y_π(k)). `use: 'objective'`: what the δ step
   * descends (MINE's corrected surrogate; the value for every other bound).
   */
  bounds(
    zx: tf.Tensor,
    zy: tf.Tensor,
    k: number,
    perm: tf.Tensor1D,
    use: 'value' | 'objective' = 'value',
  ): tf.Tensor1D {
    return tf.tidy(
      () =>
        this.forward(this.branchInput(this.x, zx, k).s, this.branchInput(this.y, zy, k).s, k, perm, use)
          .bounds,
    );
  }

  /** dI/dθ by autodiff of the δ step's objective, in the order of the variables; the oracle `gradients` is tested against. */
  autodiffGradients(zx: tf.Tensor, zy: tf.Tensor, k: number, perm: tf.Tensor1D): tf.Tensor[] {
    const { value, grads } = tf.variableGrads(
      () => tf.sum(this.bounds(zx, zy, k, perm, 'objective')),
      this.vars,
    );
    value.dispose();
    return this.vars.map((v) => grads[v.name]!);
  }

  /**
   * The bounds [B] and dΣI/dθ, written out as in critic-fast.ts: autodiff of the collapsed branch
   * forms W1ᵀ·dP and dU·Pᵀ, whose transposed big operands make them the slowest products of a step on
   * wasm; here every big product is arranged so that its packed operand is small. `training`: for a
   * θ step (MINE folds the batch into its average; trainStep commits it).
   */
  gradients(
    zx: PreparedSamples,
    zy: PreparedSamples,
    k: number,
    perm: tf.Tensor1D,
    training = false,
  ): { bounds: tf.Tensor1D; grads: tf.Tensor[] } {
    return tf.tidy(() => {
      const b = this.batch;
      const out = this.layout.out;
      const ix = this.branchFromColumns(this.x, zx.cols, k);
      const iy = this.branchFromColumns(this.y, zy.cols, k);
      const { px, py, aJoint, aMarg, rJoint, rMarg, tMarg, bounds } = this.forward(ix.s, iy.s, k, perm);

      // dI/dT_joint = 1/K; dI/dT_marg = −w, the bound's weights (bound-heads.ts).
      const wMarg = tf.reshape(this.head.margWeights(tMarg, training), [b, -1, 1]);
      const head = headGrads(aJoint, aMarg, rJoint, rMarg, wMarg, this.wOut, k);
      // Marginal row i read uy row perm[i]: its gradient goes back there; with all pairs, y_j's is
      // the sum over the x_i it met.
      const back =
        this.head.pairs === 'all'
          ? tf.sum(tf.reshape(head.gMarg, [b, k, k, out]), 1)
          : tf.reshape(tf.unsortedSegmentSum(tf.reshape(head.gMarg, [b * k, out]), perm, b * k), [b, k, out]);
      const duy = tf.add(head.gJoint, back) as tf.Tensor3D;
      const conv = this.layout.conv;
      const grads = [
        ...branchGrads(this.x, conv, ix, px, head.dux),
        ...branchGrads(this.y, conv, iy, py, duy),
        head.dWOut,
      ];
      return { bounds, grads };
    });
  }

  /**
   * The part of a branch's input that θ does not touch: the im2col of the maps (conv mode) or the
   * vectors themselves. Samples that stay fixed over several MINE steps (x's maps for a whole attack,
   * x′'s for an iteration) are prepared once. The caller owns the result.
   */
  prepare(z: tf.Tensor): PreparedSamples {
    const conv = this.layout.conv;
    if (!conv) return { cols: tf.clone(z) };
    const b = this.batch;
    return {
      cols: tf.tidy(() => tf.reshape(patches(z as tf.Tensor4D, conv), [b, -1, conv.kernel * conv.kernel])),
    };
  }

  private branchInput(
    p: BatchedBranch,
    z: tf.Tensor,
    k: number,
  ): { s: tf.Tensor3D; cols: tf.Tensor3D | null } {
    const conv = this.layout.conv;
    if (!conv) return { s: z as tf.Tensor3D, cols: null };
    const b = this.batch;
    return this.branchFromColumns(
      p,
      tf.reshape(patches(z as tf.Tensor4D, conv), [b, -1, conv.kernel * conv.kernel]),
      k,
    );
  }

  private branchFromColumns(
    p: BatchedBranch,
    cols: tf.Tensor,
    k: number,
  ): { s: tf.Tensor3D; cols: tf.Tensor3D | null } {
    if (!this.layout.conv) return { s: cols as tf.Tensor3D, cols: null };
    const out = tf.add(tf.matMul(cols, p.convKernel!), p.convBias!);
    return {
      s: tf.reshape(out, [this.batch, k, this.layout.inDim]) as tf.Tensor3D,
      cols: cols as tf.Tensor3D,
    };
  }

  /** One Adam ascent step on Σ_b I_b; returns the bounds at θ before the update (caller owns). */
  trainStep(zx: PreparedSamples, zy: PreparedSamples, k: number, perm: tf.Tensor1D): tf.Tensor1D {
    const { bounds, grads } = this.gradients(zx, zy, k, perm, true);
    this.optimizer.step(grads, 'ascend');
    tf.dispose(grads);
    this.head.commit();
    return bounds;
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose(this.vars);
    this.head.dispose();
  }
}
