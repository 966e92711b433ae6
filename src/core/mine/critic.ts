/**
 * The MINE critic T_θ(x, y): two branches with separate weights, each
 *   [conv k×k, F filters, stride s, bias, no activation → flatten →] dense H (linear) → dense O (linear),
 * then T = w_out · ReLU(branch_x + branch_y), no bias on the last layer.
 * "paper" is the authors' architecture exactly; "lite" keeps its shape but is ~70× smaller, for
 * machines without a GPU. Both work on conv1 feature maps (conv mode) or on vectors
 * (random-projection mode, where the conv is absent).
 */
import * as tf from '@tensorflow/tfjs-core';
import { glorotUniform, type Rng } from '../rng';
import type { CriticPreset } from '../vocabulary';

export type { CriticPreset };

interface PresetShape {
  conv: { kernel: number; filters: number; stride: number };
  hidden: number;
  out: number;
}

/** paper: conv 2×2×16 stride 1 → dense 512 → dense 10 (10,251,454 parameters on 26×26 maps).
 *  lite: conv 3×3×8 stride 2 → dense 64 → dense 10 (149,054 parameters on 26×26 maps). */
export const PRESET_SHAPES: Readonly<Record<CriticPreset, PresetShape>> = {
  paper: { conv: { kernel: 2, filters: 16, stride: 1 }, hidden: 512, out: 10 },
  lite: { conv: { kernel: 3, filters: 8, stride: 2 }, hidden: 64, out: 10 },
};

/** What one MINE sample is: a single-channel map (conv mode) or a vector (random projection). */
export type SampleShape = { kind: 'maps'; height: number; width: number } | { kind: 'vectors'; dim: number };

export interface ConvLayout {
  kernel: number;
  filters: number;
  stride: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
}

export interface CriticLayout {
  preset: CriticPreset;
  conv: ConvLayout | null;
  /** Width of the flattened branch input (after the conv, if any). */
  inDim: number;
  hidden: number;
  out: number;
}

export function criticLayout(preset: CriticPreset, sample: SampleShape): CriticLayout {
  const p = PRESET_SHAPES[preset];
  if (sample.kind === 'vectors') {
    return { preset, conv: null, inDim: sample.dim, hidden: p.hidden, out: p.out };
  }
  const { kernel, filters, stride } = p.conv;
  const outH = Math.floor((sample.height - kernel) / stride) + 1;
  const outW = Math.floor((sample.width - kernel) / stride) + 1;
  if (outH < 1 || outW < 1) {
    throw new Error(`critic conv ${kernel}×${kernel} does not fit ${sample.height}×${sample.width} maps`);
  }
  const conv = { kernel, filters, stride, inH: sample.height, inW: sample.width, outH, outW };
  return { preset, conv, inDim: outH * outW * filters, hidden: p.hidden, out: p.out };
}

export interface BranchParams {
  /** [k, k, 1, F]; null in random-projection mode. */
  convKernel: tf.Variable | null;
  convBias: tf.Variable | null;
  w1: tf.Variable; // [inDim, hidden]
  b1: tf.Variable; // [hidden]
  w2: tf.Variable; // [hidden, out]
  b2: tf.Variable; // [out]
}

export interface CriticParams {
  layout: CriticLayout;
  x: BranchParams;
  y: BranchParams;
  wOut: tf.Variable; // [out, 1]
}

export function countParams(layout: CriticLayout): number {
  const convParams = layout.conv
    ? layout.conv.kernel * layout.conv.kernel * layout.conv.filters + layout.conv.filters
    : 0;
  const branch =
    convParams + layout.inDim * layout.hidden + layout.hidden + layout.hidden * layout.out + layout.out;
  return 2 * branch + layout.out;
}

function variable(values: Float32Array, shape: number[]): tf.Variable {
  // tf.variable shares the initial tensor's data without taking ownership of the tensor.
  const initial = tf.tensor(values, shape, 'float32');
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}

function initBranch(layout: CriticLayout, rng: Rng): BranchParams {
  const conv = layout.conv;
  const kShape = conv ? [conv.kernel, conv.kernel, 1, conv.filters] : null;
  return {
    convKernel: kShape ? variable(glorotUniform(rng, kShape), kShape) : null,
    convBias: conv ? variable(new Float32Array(conv.filters), [conv.filters]) : null,
    w1: variable(glorotUniform(rng, [layout.inDim, layout.hidden]), [layout.inDim, layout.hidden]),
    b1: variable(new Float32Array(layout.hidden), [layout.hidden]),
    w2: variable(glorotUniform(rng, [layout.hidden, layout.out]), [layout.hidden, layout.out]),
    b2: variable(new Float32Array(layout.out), [layout.out]),
  };
}

/** Glorot-uniform kernels, zero biases, drawn from the seeded generator (same seed, same θ). */
export function initCritic(layout: CriticLayout, rng: Rng): CriticParams {
  const x = initBranch(layout, rng.fork('critic-x'));
  const y = initBranch(layout, rng.fork('critic-y'));
  const wOut = variable(glorotUniform(rng.fork('critic-out'), [layout.out, 1]), [layout.out, 1]);
  return { layout, x, y, wOut };
}

/** Every trainable variable, in a fixed order (the order gradients are reported in). */
export function criticVariables(p: CriticParams): tf.Variable[] {
  const branch = (b: BranchParams): tf.Variable[] =>
    [b.convKernel, b.convBias, b.w1, b.b1, b.w2, b.b2].filter((v): v is tf.Variable => v !== null);
  return [...branch(p.x), ...branch(p.y), p.wOut];
}

export function disposeCritic(p: CriticParams): void {
  for (const v of criticVariables(p)) v.dispose();
}
