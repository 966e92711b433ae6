/**
 * The same critic computed the cheap way, with the same math (tested against critic-plain.ts).
 *
 * Each branch is linear up to the ReLU, so dense(dense(s)) = s·(W1·W2) + (b1·W2 + b2): one
 * [inDim, out] map P replaces the [inDim, hidden] product. For the paper preset this turns a
 * K×10000×512 product into 10000×512×10 and, more importantly, makes the θ-gradient of W1 a rank-`out`
 * outer product (dW1 = Sᵀ·du·W2ᵀ). The gradients are written out by hand because tfjs wasm runs
 * transposed matMuls on a slow path (80–250 ms for these shapes) and its autodiff of matMul uses
 * them; every product below is arranged to be untransposed. The backward pass (headGrads,
 * branchGrads) is written once over a leading batch axis: BatchedCritic runs it on B images, the
 * single critic on a batch of one (the same kernels, so the same bits).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import type { BoundHead } from './bound-heads';
import type { BranchParams, ConvLayout, CriticLayout, CriticParams } from './critic';
import { dvBound } from './dv';

/**
 * im2col for single-channel maps: [K, H, W, 1] → [K·outH·outW, k·k], columns in kernel order (i, j).
 * Computed as a conv with one-hot filters, which runs on every backend's fast conv kernel (wasm's
 * Slice on these shapes took ~18 ms per step) and differentiates through Conv2DBackpropInput.
 */
export function patches(z: tf.Tensor4D, conv: ConvLayout): tf.Tensor2D {
  return tf.tidy(() => {
    const kk = conv.kernel * conv.kernel;
    const eye = tf.reshape(tf.eye(kk), [conv.kernel, conv.kernel, 1, kk]) as tf.Tensor4D;
    const cols = tf.conv2d(z, eye, conv.stride, 'valid');
    return tf.reshape(cols, [-1, kk]);
  });
}

/** Branch input S = flatten(conv(z) + bias) as [K, inDim] (or z itself without a conv), with its im2col. */
function branchInput(
  b: { convKernel: tf.Tensor | null; convBias: tf.Tensor | null },
  layout: CriticLayout,
  z: tf.Tensor,
): { s: tf.Tensor2D; cols: tf.Tensor2D | null } {
  const conv = layout.conv;
  if (!conv) return { s: z as tf.Tensor2D, cols: null };
  const k = z.shape[0];
  const cols = patches(z as tf.Tensor4D, conv);
  const kmat = tf.reshape(b.convKernel!, [conv.kernel * conv.kernel, conv.filters]);
  const out = tf.add(tf.matMul(cols, kmat), b.convBias!);
  return { s: tf.reshape(out, [k, layout.inDim]), cols };
}

/** The branch's collapsed affine map after the conv: u = S·P + q. */
function collapseBranch(b: BranchParams): { p: tf.Tensor2D; q: tf.Tensor1D } {
  const p = tf.matMul(b.w1, b.w2) as tf.Tensor2D;
  const q = tf.add(tf.reshape(tf.matMul(tf.reshape(b.b1, [1, -1]), b.w2), [-1]), b.b2) as tf.Tensor1D;
  return { p, q };
}

/** θ frozen into plain tensors, for the δ-step and for evaluating I. Dispose when θ changes. */
export interface CollapsedCritic {
  layout: CriticLayout;
  x: { convKernel: tf.Tensor | null; convBias: tf.Tensor | null; p: tf.Tensor2D; q: tf.Tensor1D };
  y: { convKernel: tf.Tensor | null; convBias: tf.Tensor | null; p: tf.Tensor2D; q: tf.Tensor1D };
  wOut: tf.Tensor2D;
}

export function collapse(c: CriticParams): CollapsedCritic {
  const one = (b: BranchParams): CollapsedCritic['x'] => {
    const { p, q } = tf.tidy(() => collapseBranch(b));
    return {
      convKernel: b.convKernel ? tf.clone(b.convKernel as tf.Tensor) : null,
      convBias: b.convBias ? tf.clone(b.convBias as tf.Tensor) : null,
      p,
      q,
    };
  };
  return { layout: c.layout, x: one(c.x), y: one(c.y), wOut: tf.clone(c.wOut as tf.Tensor) as tf.Tensor2D };
}

export function disposeCollapsed(c: CollapsedCritic): void {
  for (const b of [c.x, c.y]) for (const t of [b.convKernel, b.convBias, b.p, b.q]) t?.dispose();
  c.wOut.dispose();
}

/** Branch outputs [K, out] through the collapsed map. */
export function branchFast(b: CollapsedCritic['x'], layout: CriticLayout, z: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const { s } = branchInput(b, layout, z);
    return tf.add(tf.matMul(s, b.p), b.q);
  });
}

/**
 * The marginal pairs' pre-activations [M, out] from the branch outputs ux, uy [K, out]: x_k with
 * y_π(k) (M = K, permMat · uy), or, for a bound that scores all pairs, x_i with y_j (M = K², i-major).
 */
function marginalPairs(
  ux: tf.Tensor2D,
  uy: tf.Tensor2D,
  permMat: tf.Tensor2D,
  head?: BoundHead,
): tf.Tensor2D {
  if (head?.pairs !== 'all') return tf.add(ux, tf.matMul(permMat, uy));
  const [k, out] = ux.shape;
  return tf.reshape(tf.add(tf.reshape(ux, [k, 1, out]), tf.reshape(uy, [1, k, out])), [k * k, out]);
}

/**
 * The bound as one scalar. DV without a head keeps its scalar form (the default's bits); a head
 * works on rows, here a batch of one. `use`: the estimate, or what the δ step differentiates.
 */
function boundOf(
  tJoint: tf.Tensor2D,
  tMarg: tf.Tensor2D,
  head: BoundHead | undefined,
  use: 'value' | 'objective',
): tf.Scalar {
  if (head === undefined || head.name === 'dv') return dvBound(tJoint, tMarg);
  const row = (t: tf.Tensor) => tf.reshape(t, [1, -1]) as tf.Tensor2D;
  return tf.reshape(head[use](row(tJoint), row(tMarg)), []) as tf.Scalar;
}

/**
 * I_θ(x, y) with θ frozen; differentiable w.r.t. y (for the δ-step) and cheap. `head`: the bound
 * (DV when absent); `use: 'objective'` gives what the δ step descends (MINE's corrected surrogate).
 */
export function miFast(
  c: CollapsedCritic,
  x: tf.Tensor,
  y: tf.Tensor,
  permMat: tf.Tensor2D,
  head?: BoundHead,
  use: 'value' | 'objective' = 'value',
): tf.Scalar {
  return tf.tidy(() => {
    const ux = branchFast(c.x, c.layout, x);
    const uy = branchFast(c.y, c.layout, y);
    const tJoint = tf.matMul(tf.relu(tf.add(ux, uy)), c.wOut) as tf.Tensor2D;
    const tMarg = tf.matMul(tf.relu(marginalPairs(ux, uy, permMat, head)), c.wOut) as tf.Tensor2D;
    return boundOf(tJoint, tMarg, head, use);
  });
}

export interface MiGradient {
  /** The bound's estimate at the current θ (before any update). */
  mi: tf.Scalar;
  /** dI/dθ (ascent direction), aligned with criticVariables(c). */
  grads: tf.Tensor[];
}

/**
 * I and dI/dθ in one pass, for the bound of `head` (DV when absent). `training`: the gradient is
 * for a θ step (MINE folds the batch into its average; the caller commits the head after the step).
 */
export function miAndGradFast(
  c: CriticParams,
  x: tf.Tensor,
  y: tf.Tensor,
  permMat: tf.Tensor2D,
  head?: BoundHead,
  training = false,
): MiGradient {
  const result = tf.tidy(() => {
    const layout = c.layout;
    const k = x.shape[0];
    const bx = branchInput(c.x, layout, x);
    const by = branchInput(c.y, layout, y);
    const cx = collapseBranch(c.x);
    const cy = collapseBranch(c.y);
    const ux = tf.add(tf.matMul(bx.s, cx.p), cx.q) as tf.Tensor2D;
    const uy = tf.add(tf.matMul(by.s, cy.p), cy.q) as tf.Tensor2D;
    const aJoint = tf.add(ux, uy);
    const aMarg = marginalPairs(ux, uy, permMat, head);
    const rJoint = tf.relu(aJoint);
    const rMarg = tf.relu(aMarg);
    const tJoint = tf.matMul(rJoint, c.wOut) as tf.Tensor2D;
    const tMarg = tf.matMul(rMarg, c.wOut) as tf.Tensor2D;
    const mi = boundOf(tJoint, tMarg, head, 'value');

    // The backward pass is the batched critic's (a batch of one): dI/dT_joint = 1/K, dI/dT_marg = −w.
    const one = (t: tf.Tensor) => tf.expandDims(t, 0);
    const weights = (t: tf.Tensor2D) => (head === undefined ? tf.softmax(t) : head.margWeights(t, training));
    const wMarg = tf.reshape(weights(tf.reshape(tMarg, [1, -1]) as tf.Tensor2D), [-1, 1]);
    const head1 = headGrads(one(aJoint), one(aMarg), one(rJoint), one(rMarg), one(wMarg), one(c.wOut), k);
    const dWOut = tf.reshape(head1.dWOut, c.wOut.shape);
    const dux = tf.squeeze(head1.dux, [0]) as tf.Tensor2D;
    const gMarg = tf.squeeze(head1.gMarg, [0]);
    // Row k of a shuffled marginal used uy[π(k)], so its gradient flows back through Πᵀ; with all
    // pairs, y_j's gradient is the sum over the x_i it met.
    const back =
      head?.pairs === 'all'
        ? tf.sum(tf.reshape(gMarg, [k, k, -1]), 0)
        : tf.matMul(tf.transpose(permMat), gMarg);
    const duy = tf.add(tf.squeeze(head1.gJoint, [0]), back) as tf.Tensor2D;

    const grads = [
      ...branchGradsOfOne(c.x, layout, bx, cx.p, dux),
      ...branchGradsOfOne(c.y, layout, by, cy.p, duy),
      dWOut,
    ];
    return { mi, grads };
  });
  return result;
}

/**
 * The critic's backward pass from T to the branch outputs and w_out, over a leading batch axis B
 * (BatchedCritic's images; the single critic is a batch of one). aJoint, rJoint [B, K, out]; aMarg,
 * rMarg [B, M, out] with wMarg = −dI/dT_marg [B, M, 1] (bound-heads.ts); wOut [B, out, 1]. M = K
 * (shuffled pairs, row k holding x_k) or K² (all pairs, x_i-major). gJoint and gMarg are dI/du
 * through the joint and marginal pairs, dux x's share of both; the caller routes gMarg back to
 * the y rows each marginal pair read (a permutation matrix, a segment sum, or a sum over the x_i).
 */
export function headGrads(
  aJoint: tf.Tensor,
  aMarg: tf.Tensor,
  rJoint: tf.Tensor,
  rMarg: tf.Tensor,
  wMarg: tf.Tensor,
  wOut: tf.Tensor,
  k: number,
): { gJoint: tf.Tensor; gMarg: tf.Tensor; dux: tf.Tensor3D; dWOut: tf.Tensor } {
  const [b, out] = [wOut.shape[0]!, wOut.shape[1]!];
  const wOutRow = tf.reshape(wOut, [b, 1, out]);
  const gJoint = tf.mul(tf.mul(tf.step(aJoint), wOutRow), 1 / k);
  const gMarg = tf.neg(tf.mul(tf.mul(tf.step(aMarg), wOutRow), wMarg));
  const dWOut = tf.reshape(tf.sub(tf.mean(rJoint, 1), tf.sum(tf.mul(rMarg, wMarg), 1)), [b, out, 1]);
  const margOfX = aMarg.shape[1] === k ? gMarg : tf.sum(tf.reshape(gMarg, [b, k, k, out]), 2);
  return { gJoint, gMarg, dux: tf.add(gJoint, margOfX) as tf.Tensor3D, dWOut };
}

/** A branch's weights with a leading batch axis: [B, k·k, F], [B, inDim, hidden], [B, 1, hidden], [B, hidden, out]. */
export interface BranchWeights {
  w1: tf.Tensor;
  b1: tf.Tensor;
  w2: tf.Tensor;
}

/**
 * [dKernel, dBias,] dW1, dB1, dW2, dB2 of one branch from du = dI/du [B, K, out], over a leading
 * batch axis: S [B, K, inDim] and the im2col columns [B, rows, k·k] (conv mode), P = W1·W2
 * [B, inDim, out]. Every big product keeps its packed operand small (see the file's comment).
 */
export function branchGrads(
  w: BranchWeights,
  conv: ConvLayout | null,
  input: { s: tf.Tensor; cols: tf.Tensor | null },
  pMat: tf.Tensor,
  du: tf.Tensor3D,
): tf.Tensor[] {
  const swap = (t: tf.Tensor) => tf.transpose(t, [0, 2, 1]);
  const colSum = tf.sum(du, 1, true); // [B, 1, out]
  const m = tf.matMul(swap(input.s), du); // Sᵀ·du: [B, inDim, out]
  const w2t = swap(w.w2); // [B, out, hidden]
  const dW1 = tf.matMul(m, w2t);
  const dB1 = tf.matMul(colSum, w2t);
  // dW2 = W1ᵀ·M + b1ᵀ·colSum, with the big product as (Mᵀ·W1)ᵀ.
  const dW2 = tf.add(swap(tf.matMul(swap(m), w.w1)), tf.matMul(swap(w.b1), colSum));
  if (!conv || !input.cols) return [dW1, dB1, dW2, colSum];
  // ds = du·Pᵀ, as (P·duᵀ)ᵀ.
  const ds = swap(tf.matMul(pMat, swap(du)));
  const dsMat = tf.reshape(ds, [du.shape[0], -1, conv.filters]);
  const dKernel = tf.matMul(swap(input.cols), dsMat);
  return [dKernel, tf.sum(dsMat, 1, true), dW1, dB1, dW2, colSum];
}

/** branchGrads for the single critic (a batch of one), in the order and shapes of criticVariables. */
function branchGradsOfOne(
  b: BranchParams,
  layout: CriticLayout,
  input: { s: tf.Tensor2D; cols: tf.Tensor2D | null },
  p: tf.Tensor2D,
  du: tf.Tensor2D,
): tf.Tensor[] {
  const one = (t: tf.Tensor) => tf.expandDims(t, 0);
  const w = { w1: one(b.w1), b1: tf.reshape(b.b1, [1, 1, -1]), w2: one(b.w2) };
  const cols = input.cols === null ? null : one(input.cols);
  const grads = branchGrads(w, layout.conv, { s: one(input.s), cols }, one(p), one(du) as tf.Tensor3D);
  const vars = [b.convKernel, b.convBias, b.w1, b.b1, b.w2, b.b2].filter((v) => v !== null);
  return grads.map((g, i) => tf.reshape(g, vars[i]!.shape));
}
