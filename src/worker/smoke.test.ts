// The ops check on the two backends Node can run, with the project's kernels registered as in the
// worker, plus proof that it notices a kernel computing the wrong thing.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../core/backend';
import { SMOKE_SHAPE, WARMUP_SHAPE, checkOps } from './smoke';

interface CpuLike {
  readSync(dataId: tf.DataId): Float32Array;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`checkOps on ${backend}`, () => {
    beforeAll(async () => {
      await initBackend(backend);
    });

    it('passes at smoke and warm-up size without leaking tensors or variables', async () => {
      const before = tf.memory().numTensors;
      await checkOps(SMOKE_SHAPE);
      await checkOps(WARMUP_SHAPE);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}

describe('checkOps with a broken kernel', () => {
  let original: KernelConfig | undefined;

  beforeAll(async () => {
    await initBackend('cpu');
    original = tf.getKernel('Conv2D', 'cpu');
    const stock = original.kernelFunc;
    tf.unregisterKernel('Conv2D', 'cpu');
    // A conv that doubles its output is finite everywhere: only the value check can catch it.
    tf.registerKernel({
      kernelName: 'Conv2D',
      backendName: 'cpu',
      kernelFunc: (args) => {
        const out = stock(args) as tf.TensorInfo;
        const cpu = args.backend as CpuLike;
        const doubled = cpu.readSync(out.dataId).map((v) => 2 * v);
        cpu.disposeIntermediateTensorInfo(out);
        return cpu.makeTensorInfo(out.shape, out.dtype, doubled);
      },
    });
  });

  afterAll(() => {
    tf.unregisterKernel('Conv2D', 'cpu');
    if (original !== undefined) tf.registerKernel(original);
  });

  it('names the op that gave a wrong value', async () => {
    await expect(checkOps(SMOKE_SHAPE)).rejects.toThrow('conv2d gave 16 at index 0, expected 8');
  });
});
