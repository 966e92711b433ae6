/**
 * The critic exactly as the authors wrote it (conv → flatten → dense → dense per branch),
 * differentiated by tfjs. Slow on the paper preset; it is the oracle that the fast path in
 * critic-fast.ts is tested against.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import type { BranchParams, CriticLayout, CriticParams } from './critic';
import { dvBound } from './dv';

export function branchPlain(b: BranchParams, layout: CriticLayout, z: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const k = z.shape[0];
    let s: tf.Tensor2D;
    if (layout.conv) {
      const c = tf.conv2d(z as tf.Tensor4D, b.convKernel as tf.Tensor4D, layout.conv.stride, 'valid');
      s = tf.reshape(tf.add(c, b.convBias!), [k, layout.inDim]);
    } else {
      s = z as tf.Tensor2D;
    }
    const h = tf.add(tf.matMul(s, b.w1), b.b1);
    return tf.add(tf.matMul(h, b.w2), b.b2) as tf.Tensor2D;
  });
}

/** T on the K joint pairs and on the K shuffled pairs (permMat · Y rows). */
export function scoresPlain(
  p: CriticParams,
  x: tf.Tensor,
  y: tf.Tensor,
  permMat: tf.Tensor2D,
): { tJoint: tf.Tensor2D; tMarg: tf.Tensor2D } {
  return tf.tidy(() => {
    const ux = branchPlain(p.x, p.layout, x);
    const uy = branchPlain(p.y, p.layout, y);
    const uyShuffled = tf.matMul(permMat, uy);
    const tJoint = tf.matMul(tf.relu(tf.add(ux, uy)), p.wOut) as tf.Tensor2D;
    const tMarg = tf.matMul(tf.relu(tf.add(ux, uyShuffled)), p.wOut) as tf.Tensor2D;
    return { tJoint, tMarg };
  });
}

export function miPlain(p: CriticParams, x: tf.Tensor, y: tf.Tensor, permMat: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const { tJoint, tMarg } = scoresPlain(p, x, y, permMat);
    return dvBound(tJoint, tMarg);
  });
}
