/**
 * The ops check a backend must pass before the engine trusts it: the ops a MinMax iteration runs
 * (conv2d forward and its gradients through relu and max-pool, matMul, logSumExp, an Adam step),
 * on inputs whose exact results are known. Checking values, not only finiteness, catches a backend
 * (or one of our replacement kernels) that runs but computes the wrong thing; the webgpu backend in
 * particular throws only when a kernel is first used (tfjs#5180), so every op has to be exercised.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../core/gradients';

export interface OpsShape {
  readonly batch: number;
  /** Square input side. */
  readonly size: number;
  readonly channels: number;
  /** Square conv kernel side. */
  readonly kernel: number;
  readonly filters: number;
  /** matMul is [batch, inner] × [inner, units]. */
  readonly inner: number;
  readonly units: number;
}

/** Small enough for tfjs cpu to finish in milliseconds. */
export const SMOKE_SHAPE: OpsShape = {
  batch: 2,
  size: 6,
  channels: 2,
  kernel: 2,
  filters: 3,
  inner: 16,
  units: 4,
};

/** MNIST-sized: a batch of 28×28 images through a conv and a critic-like dense layer. */
export const WARMUP_SHAPE: OpsShape = {
  batch: 8,
  size: 28,
  channels: 1,
  kernel: 5,
  filters: 16,
  inner: 1024,
  units: 128,
};

export class OpsCheckError extends Error {
  override readonly name = 'OpsCheckError';
}

/** Relative tolerance: GPU backends may compute in reduced precision. */
const RTOL = 1e-3;

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= RTOL * Math.max(1, Math.abs(expected));
}

async function expectAll(what: string, t: tf.Tensor, expected: number): Promise<void> {
  const values = await t.data();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new OpsCheckError(`${what} gave a non-finite value (${v}) at index ${i}`);
    if (!close(v, expected)) throw new OpsCheckError(`${what} gave ${v} at index ${i}, expected ${expected}`);
  }
}

interface Outputs {
  /** conv2d(ones, ones): every output is kernel² × channels. */
  readonly conv: tf.Tensor;
  /** d sum(relu(conv(x)))/d filter on ones: every entry is batch × outSide². */
  readonly dFilter: tf.Tensor;
  /** The same loss w.r.t. the input: entries vary with position; only the total is simple. */
  readonly dInputSum: tf.Tensor;
  /** Gradient of sum(maxPool2x2(ramp)) w.r.t. the ramp: one 1 per window, on its (unique) max. */
  readonly dPoolSum: tf.Tensor;
  readonly dPoolMax: tf.Tensor;
  readonly matMul: tf.Tensor;
  readonly logSumExp: tf.Tensor;
}

function forwardAndGradients(s: OpsShape): Outputs {
  return tf.tidy(() => {
    const x = tf.ones([s.batch, s.size, s.size, s.channels]) as tf.Tensor4D;
    const w = tf.ones([s.kernel, s.kernel, s.channels, s.filters]) as tf.Tensor4D;
    const loss = (input: tf.Tensor, filter: tf.Tensor): tf.Scalar =>
      tf.sum(tf.relu(tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid')));
    const [dInput, dFilter] = tf.grads(loss)([x, w]) as [tf.Tensor, tf.Tensor];

    // A strictly increasing ramp, so no pooling window has a tie for its maximum.
    const side = 2 * Math.floor(s.size / 2);
    const ramp = tf.reshape(tf.range(0, s.batch * side * side, 1, 'float32'), [s.batch, side, side, 1]);
    const dPool = tf.grad((r: tf.Tensor) => tf.sum(tf.maxPool(r as tf.Tensor4D, 2, 2, 'valid')))(ramp);

    return {
      conv: tf.conv2d(x, w, 1, 'valid'),
      dFilter,
      dInputSum: tf.sum(dInput),
      dPoolSum: tf.sum(dPool),
      dPoolMax: tf.max(dPool),
      matMul: tf.matMul(tf.ones([s.batch, s.inner]), tf.ones([s.inner, s.units])),
      logSumExp: tf.logSumExp(tf.zeros([s.batch, s.units]), 1),
    };
  });
}

/** One Adam step from 0 towards 1 moves each weight by the learning rate (|m̂/√v̂| = 1). */
async function checkAdam(units: number): Promise<void> {
  const lr = 0.1;
  const zeros = tf.zeros([units]);
  // tf.variable copies its initial value, which would otherwise leak.
  const v = tf.variable(zeros);
  zeros.dispose();
  const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  try {
    const cost = optimizer.minimize(() => tf.sum(tf.square(tf.sub(v, 1))), true, [v]);
    try {
      if (cost === null) throw new OpsCheckError('Adam: minimize returned no cost');
      await expectAll('Adam cost', cost, units);
    } finally {
      cost?.dispose();
    }
    await expectAll('Adam update', v, lr);
  } finally {
    optimizer.dispose();
    v.dispose();
  }
}

/** Runs the ops on the active backend; throws OpsCheckError (or the backend's own error). */
export async function checkOps(s: OpsShape): Promise<void> {
  const out = forwardAndGradients(s);
  try {
    const outSide = s.size - s.kernel + 1;
    const perOutput = s.kernel * s.kernel * s.channels;
    const pooledSide = Math.floor(s.size / 2);
    await expectAll('conv2d', out.conv, perOutput);
    await expectAll('conv2d filter gradient', out.dFilter, s.batch * outSide * outSide);
    await expectAll(
      'conv2d input gradient',
      out.dInputSum,
      s.batch * outSide * outSide * s.filters * perOutput,
    );
    await expectAll('maxPool input gradient', out.dPoolSum, s.batch * pooledSide * pooledSide);
    await expectAll('maxPool input gradient', out.dPoolMax, 1);
    await expectAll('matMul', out.matMul, s.inner);
    await expectAll('logSumExp', out.logSumExp, Math.log(s.units));
  } finally {
    tf.dispose(Object.values(out));
  }
  await checkAdam(s.units);
}
