/**
 * Attack criteria f: the attack has succeeded on x' when f(x') ≤ 0.
 * Supervised (Carlini–Wagner margin on logits Z, label t, confidence κ ≥ 0):
 *   untargeted f = Z_t − max_{j≠t} Z_j + κ;  targeted (target t) f = max_{j≠t} Z_j − Z_t + κ.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface MarginSpec {
  /** The true label (untargeted) or the target class (targeted). */
  cls: number;
  targeted: boolean;
  kappa: number;
}

/** f for a batch of logits [B, C] → [B]. */
export function marginCriterion(logits: tf.Tensor2D, spec: MarginSpec): tf.Tensor1D {
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    if (!Number.isInteger(spec.cls) || spec.cls < 0 || spec.cls >= numClasses) {
      throw new Error(`class ${spec.cls} out of range 0..${numClasses - 1}`);
    }
    const mask = tf.cast(tf.oneHot(tf.tensor1d([spec.cls], 'int32'), numClasses), 'float32');
    const zCls = tf.sum(tf.mul(logits, mask), 1);
    // Exclude the class itself from the max by pushing it far below every other logit.
    const others = tf.max(tf.sub(logits, tf.mul(mask, 1e9)), 1);
    const diff = spec.targeted ? tf.sub(others, zCls) : tf.sub(zCls, others);
    return tf.add(diff, spec.kappa) as tf.Tensor1D;
  });
}
