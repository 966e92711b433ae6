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
import type { BranchParams, ConvLayout, CriticLayout, CriticParams } from './critic';
import { dvBound, stableLogSumExp } from './dv';

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

/** I_θ(x, y) with θ frozen; differentiable w.r.t. y (for the δ-step) and cheap. */
export function miFast(c: CollapsedCritic, x: tf.Tensor, y: tf.Tensor, permMat: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const ux = branchFast(c.x, c.layout, x);
    const uy = branchFast(c.y, c.layout, y);
    const tJoint = tf.matMul(tf.relu(tf.add(ux, uy)), c.wOut);
    const tMarg = tf.matMul(tf.relu(tf.add(ux, tf.matMul(permMat, uy))), c.wOut);
    return dvBound(tJoint, tMarg);
  });
}

export interface MiGradient {
  /** The DV estimate at the current θ (before any update). */
  mi: tf.Scalar;
  /** logSumExp(T_marg) − log K, for the optional moving-average correction. */
  logMeanExpMarg: tf.Scalar;
  /** dI/dθ (ascent direction), aligned with criticVariables(c). */
  grads: tf.Tensor[];
}

/**
 * I and dI/dθ in one pass. `margWeights` maps T_marg [K,1] to the weights of the denominator's
 * gradient: softmax(T_marg) is the exact gradient of log mean exp; a moving-average variant
 * (Belghazi et al. 2018) passes exp(T_marg − log K − log ema) instead.
 */
export function miAndGradFast(
  c: CriticParams,
  x: tf.Tensor,
  y: tf.Tensor,
  permMat: tf.Tensor2D,
  margWeights: (tMarg: tf.Tensor2D) => tf.Tensor2D = (t) =>
    tf.reshape(tf.softmax(tf.reshape(t, [1, -1])), [-1, 1]),
): MiGradient {
  const result = tf.tidy(() => {
    const layout = c.layout;
    const k = x.shape[0];
    const bx = branchInput(c.x, layout, x);
    const by = branchInput(c.y, layout, y);
    const cx = collapseBranch(c.x);
    const cy = collapseBranch(c.y);
    const ux = tf.add(tf.matMul(bx.s, cx.p), cx.q);
    const uy = tf.add(tf.matMul(by.s, cy.p), cy.q);
    const aJoint = tf.add(ux, uy);
    const aMarg = tf.add(ux, tf.matMul(permMat, uy));
    const rJoint = tf.relu(aJoint);
    const rMarg = tf.relu(aMarg);
    const tJoint = tf.matMul(rJoint, c.wOut) as tf.Tensor2D;
    const tMarg = tf.matMul(rMarg, c.wOut) as tf.Tensor2D;
    const mi = dvBound(tJoint, tMarg);
    const logMeanExpMarg = tf.sub(stableLogSumExp(tf.reshape(tMarg, [-1])), Math.log(k)) as tf.Scalar;

    // The backward pass is the batched critic's (a batch of one): dI/dT_joint = 1/K, dI/dT_marg = −w_k.
    const one = (t: tf.Tensor) => tf.expandDims(t, 0);
    const wMarg = margWeights(tMarg);
    const head = headGrads(one(aJoint), one(aMarg), one(rJoint), one(rMarg), one(wMarg), one(c.wOut), k);
    const dWOut = tf.reshape(head.dWOut, c.wOut.shape);
    const dux = tf.squeeze(head.dux, [0]) as tf.Tensor2D;
    const gMarg = tf.squeeze(head.gMarg, [0]);
    // Row k of the marginal used uy[π(k)], so its gradient flows back through Πᵀ.
    const duy = tf.add(tf.squeeze(head.gJoint, [0]), tf.matMul(tf.transpose(permMat), gMarg)) as tf.Tensor2D;

    const grads = [
      ...branchGradsOfOne(c.x, layout, bx, cx.p, dux),
      ...branchGradsOfOne(c.y, layout, by, cy.p, duy),
      dWOut,
    ];
    return { mi, logMeanExpMarg, grads };
  });
  return result;
}

/**
 * The critic's backward pass from T to the branch outputs and w_out, over a leading batch axis B
 * (BatchedCritic's images; the single critic is a batch of one). Inputs [B, K, out] (wMarg [B, K, 1],
 * wOut [B, out, 1]): gJoint and gMarg are dI/du through the joint and marginal pairs, dux their
 * sum; the caller routes gMarg back to the shuffled y rows (a permutation matrix or a segment sum).
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
  return { gJoint, gMarg, dux: tf.add(gJoint, gMarg) as tf.Tensor3D, dWOut };
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
