/**
 * What a MINE-based attack attacks: a criterion f (success when f(x′) ≤ 0), a readout to show per
 * iteration, and the MINE samples of a pair (x, x′). Which way the MI term pushes is the method's
 * (minmax-loop.ts, MinMaxRules).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SampleShape } from '../mine/critic';
import { classifierLogits, type AttackedClassifier } from '../models/attacked-classifier';
import { convSamples } from '../models/first-conv';
import type { Rng } from '../rng';
import { marginCriterion, type MarginSpec } from './criteria';

export interface AttackTarget {
  readonly sampleShape: SampleShape;
  /** f(x′) → [1]; differentiable. */
  criterion(xAdv: tf.Tensor4D): tf.Tensor1D;
  /** One number per iterate for the trace: the predicted class, or the reconstruction error. */
  readout(xAdv: tf.Tensor4D): tf.Tensor1D;
  /** The K MINE samples of x and of x′ for one evaluation; differentiable in x′. */
  samples(x: tf.Tensor4D, xAdv: tf.Tensor4D, rng: Rng): { x: tf.Tensor; y: tf.Tensor };
}

/** [f, readout, ‖x′−x‖∞, ‖x′−x‖₂] of one iterate, packed for a single readback. */
export function measureIterate(
  target: Pick<AttackTarget, 'criterion' | 'readout'>,
  x: tf.Tensor4D,
  xAdv: tf.Tensor4D,
): tf.Tensor1D {
  return tf.tidy(() => {
    const diff = tf.sub(xAdv, x);
    return tf.concat([
      target.criterion(xAdv),
      target.readout(xAdv),
      tf.reshape(tf.max(tf.abs(diff)), [1]),
      tf.reshape(tf.sqrt(tf.sum(tf.square(diff))), [1]),
    ]) as tf.Tensor1D;
  });
}

/**
 * An in-box δ's iterate x + δ measured (see measureIterate) and, when `withDelta`, δ itself, in one
 * readback: a second transfer per iteration costs a GPU sync on the GPU backends.
 */
export async function readIterate(
  target: Pick<AttackTarget, 'criterion' | 'readout'>,
  x: tf.Tensor4D,
  delta: tf.Tensor4D,
  withDelta: boolean,
): Promise<{ f: number; readout: number; linf: number; l2: number; delta?: Float32Array }> {
  const packed = tf.tidy(() => {
    const m = measureIterate(target, x, tf.add(x, delta) as tf.Tensor4D);
    return withDelta ? tf.concat([m, tf.reshape(delta, [-1])]) : m;
  });
  const v = (await packed.data()) as Float32Array;
  packed.dispose();
  const read = { f: v[0]!, readout: v[1]!, linf: v[2]!, l2: v[3]! };
  return withDelta ? { ...read, delta: v.slice(4) } : read;
}

export function supervisedTarget(clf: AttackedClassifier, spec: MarginSpec): AttackTarget {
  return {
    sampleShape: { kind: 'maps', height: clf.conv1.outH, width: clf.conv1.outW },
    criterion: (xAdv) => marginCriterion(classifierLogits(clf, xAdv), spec),
    readout: (xAdv) =>
      tf.tidy(() => tf.cast(tf.argMax(classifierLogits(clf, xAdv), 1), 'float32') as tf.Tensor1D),
    samples: (x, xAdv) => ({ x: convSamples(clf.conv1, x), y: convSamples(clf.conv1, xAdv) }),
  };
}
