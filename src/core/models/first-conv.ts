/**
 * The MINE samples of a classifier: the K output channels of its FIRST convolution (after its
 * activation), one H'×W' map per channel. Found by walking the model, so any tfjs layers model whose
 * first conv sees the input directly works, whatever its layer names.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

type Activation = (t: tf.Tensor) => tf.Tensor;

const ACTIVATIONS: Record<string, Activation> = {
  linear: (t) => t,
  relu: (t) => tf.relu(t),
  relu6: (t) => tf.relu6(t),
  elu: (t) => tf.elu(t),
  selu: (t) => tf.selu(t),
  tanh: (t) => tf.tanh(t),
  sigmoid: (t) => tf.sigmoid(t),
  softplus: (t) => tf.softplus(t),
};

export interface FirstConv {
  layerName: string;
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D | null;
  strides: [number, number];
  padding: 'valid' | 'same';
  activationName: string;
  /** K: number of channels, i.e. MINE samples. */
  channels: number;
  outH: number;
  outW: number;
}

function pair(v: unknown, name: string): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number'))
    return [v[0] as number, v[1] as number];
  throw new Error(`first conv: unsupported ${name} ${JSON.stringify(v)}`);
}

/** Copies conv1's weights (the caller owns them; dispose with disposeFirstConv). */
export function findFirstConv(model: tfl.LayersModel): FirstConv {
  const layer = model.layers.find((l) => l.getClassName() === 'Conv2D');
  if (!layer) throw new Error('model has no Conv2D layer: use random-projection MINE samples instead');
  const cfg = layer.getConfig();
  if (cfg.dataFormat !== undefined && cfg.dataFormat !== 'channelsLast') {
    throw new Error(`first conv '${layer.name}': only channelsLast is supported`);
  }
  const dilation = pair(cfg.dilationRate ?? 1, 'dilationRate');
  if (dilation[0] !== 1 || dilation[1] !== 1)
    throw new Error(`first conv '${layer.name}': dilation is not supported`);
  const padding = cfg.padding;
  if (padding !== 'valid' && padding !== 'same')
    throw new Error(`first conv '${layer.name}': padding ${JSON.stringify(padding)}`);
  const activationName = typeof cfg.activation === 'string' ? cfg.activation : 'linear';
  if (!(activationName in ACTIVATIONS))
    throw new Error(`first conv '${layer.name}': activation ${activationName} not supported`);
  const [kernelVar, biasVar] = layer.weights;
  if (!kernelVar) throw new Error(`first conv '${layer.name}' has no weights`);
  const kernel = tf.clone(kernelVar.read()) as tf.Tensor4D;
  const bias = cfg.useBias !== false && biasVar ? (tf.clone(biasVar.read()) as tf.Tensor1D) : null;
  const out = layer.outputShape as (number | null)[];
  const outH = out[1];
  const outW = out[2];
  const channels = out[3];
  if (typeof outH !== 'number' || typeof outW !== 'number' || typeof channels !== 'number') {
    throw new Error(`first conv '${layer.name}': output shape ${JSON.stringify(out)} is not static`);
  }
  return {
    layerName: layer.name,
    kernel,
    bias,
    strides: pair(cfg.strides ?? 1, 'strides'),
    padding,
    activationName,
    channels,
    outH,
    outW,
  };
}

/** conv1(x) as K single-channel maps: [1, H, W, C] → [K, H', W', 1]. Differentiable w.r.t. x. */
export function convSamples(fc: FirstConv, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    let y: tf.Tensor = tf.conv2d(x, fc.kernel, fc.strides, fc.padding);
    if (fc.bias) y = tf.add(y, fc.bias);
    y = ACTIVATIONS[fc.activationName]!(y);
    return tf.transpose(y, [3, 1, 2, 0]) as tf.Tensor4D;
  });
}

/** conv1 of a batch as its B·K single-channel maps, image-major: [B, H, W, C] → [B·K, H', W', 1]. */
export function convSamplesBatch(fc: FirstConv, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    let y: tf.Tensor = tf.conv2d(x, fc.kernel, fc.strides, fc.padding);
    if (fc.bias) y = tf.add(y, fc.bias);
    y = ACTIVATIONS[fc.activationName]!(y);
    const [b, h, w, k] = y.shape as [number, number, number, number];
    return tf.reshape(tf.transpose(y, [0, 3, 1, 2]), [b * k, h, w, 1]) as tf.Tensor4D;
  });
}

export function disposeFirstConv(fc: FirstConv): void {
  fc.kernel.dispose();
  fc.bias?.dispose();
}
