import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it, vi } from 'vitest';
import { FAST_KERNELS, registerFastKernels } from './register';

describe('registerFastKernels', () => {
  it('installs every fast kernel once; a second call changes nothing and warns about nothing', async () => {
    const before = FAST_KERNELS.map(([name, backend]) => tf.getKernel(name, backend) as tf.KernelConfig | undefined);
    // Stock tfjs lacks exactly these two; the others are replacements.
    const missing = FAST_KERNELS.filter((_, i) => before[i] === undefined).map(([name, backend]) => `${name}/${backend}`);
    expect(missing).toEqual(['Conv2DBackpropFilter/wasm', 'UnsortedSegmentSum/wasm']);
    const warn = vi.spyOn(console, 'warn');
    registerFastKernels();
    const first = FAST_KERNELS.map(([name, backend]) => tf.getKernel(name, backend).kernelFunc);
    registerFastKernels();
    const second = FAST_KERNELS.map(([name, backend]) => tf.getKernel(name, backend).kernelFunc);
    expect(second).toEqual(first);
    first.forEach((f, i) => {
      expect(f).not.toBe(before[i]?.kernelFunc);
    });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    // The wrapped BatchMatMul still reaches the stock wasm kernel (its setup ran at backend init).
    await tf.setBackend('wasm');
    const product = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]), true, false);
    expect(Array.from(product.dataSync())).toEqual([26, 30, 38, 44]);
  });
});
