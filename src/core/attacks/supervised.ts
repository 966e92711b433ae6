/** What the three supervised attacks share: the input, the criterion spec and the returned result. */
import * as tf from '@tensorflow/tfjs-core';
import { classifierLogits, type AttackedClassifier } from '../models/attacked-classifier';
import { marginCriterion, type MarginSpec } from './criteria';
import type { AttackMethod, AttackOptions } from './options';
import type { AttackResult } from './trace';

export interface SupervisedSample {
  /** H·W·C values in [0, 1], row-major HWC. */
  x: Float32Array;
  label: number;
}

export type { AttackHooks } from './run-to-end';

export function marginSpec(opts: AttackOptions, label: number): MarginSpec {
  return opts.target === null
    ? { cls: label, targeted: false, kappa: opts.kappa }
    : { cls: opts.target, targeted: true, kappa: opts.kappa };
}

export function sampleTensor(clf: AttackedClassifier, s: SupervisedSample): tf.Tensor4D {
  const [h, w, c] = clf.inputShape;
  if (s.x.length !== h * w * c)
    throw new Error(`input has ${s.x.length} values, the model expects ${h}×${w}×${c}`);
  for (let i = 0; i < s.x.length; i++) {
    const v = s.x[i]!;
    if (!(v >= 0 && v <= 1)) throw new Error(`input value ${v} at ${i} is outside [0, 1]`);
  }
  if (!Number.isInteger(s.label) || s.label < 0 || s.label >= clf.numClasses) {
    throw new Error(`label ${s.label} out of range 0..${clf.numClasses - 1}`);
  }
  return tf.tensor4d(s.x, [1, h, w, c]);
}

export async function predictClass(clf: AttackedClassifier, x: tf.Tensor4D): Promise<number> {
  const p = tf.tidy(() => tf.argMax(classifierLogits(clf, x), 1));
  const v = await p.data();
  p.dispose();
  return v[0]!;
}

/**
 * The sample as a tensor and its clean class, handed to `build` (a run's constructor, which then owns
 * x); x is freed when the prediction or the build fails.
 */
export async function withSample<T>(
  clf: AttackedClassifier,
  sample: SupervisedSample,
  build: (x: tf.Tensor4D, predicted: number) => T,
): Promise<T> {
  const x = sampleTensor(clf, sample);
  try {
    return build(x, await predictClass(clf, x));
  } catch (e) {
    x.dispose();
    throw e;
  }
}

/** Everything of the result that is measured on the returned x' = x + δ (already clipped to the box). */
export async function measureReturned(
  clf: AttackedClassifier,
  x: tf.Tensor4D,
  adversarial: tf.Tensor4D,
  spec: MarginSpec,
): Promise<Pick<AttackResult, 'delta' | 'adversarial' | 'linf' | 'l2' | 'f' | 'predictedAdv'>> {
  const packed = tf.tidy(() => {
    const logits = classifierLogits(clf, adversarial);
    const diff = tf.sub(adversarial, x);
    return tf.concat([
      marginCriterion(logits, spec),
      tf.cast(tf.argMax(logits, 1), 'float32'),
      tf.reshape(tf.max(tf.abs(diff)), [1]),
      tf.reshape(tf.sqrt(tf.sum(tf.square(diff))), [1]),
      tf.reshape(diff, [-1]),
    ]);
  });
  const v = (await packed.data()) as Float32Array;
  packed.dispose();
  const adv = (await adversarial.data()) as Float32Array;
  return {
    f: v[0]!,
    predictedAdv: v[1]!,
    linf: v[2]!,
    l2: v[3]!,
    delta: v.slice(4),
    adversarial: adv.slice(),
  };
}

export function emptyResultBase(
  method: AttackMethod,
  opts: AttackOptions,
  label: number,
  predictedClean: number,
): Pick<AttackResult, 'method' | 'semantics' | 'label' | 'predictedClean'> {
  return { method, semantics: opts.semantics, label, predictedClean };
}
