// Registers the fast/missing tfjs kernels for the wasm and cpu backends. Importing the two backends
// here makes their own registrations happen first, so ours (which replace some of theirs) win.
// Gradients are registered by @tensorflow/tfjs-layers (or tfjs-core/dist/register_all_gradients).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { batchMatMulKernel } from './batch-matmul';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter';
import { conv2dBackpropInputKernel } from './conv2d-backprop-input';
import { gatherKernel } from './gather';
import { maxPoolGradKernel } from './max-pool-grad';
import { resizeNearestNeighborGradKernel } from './resize-nearest-grad';
import { sumKernel } from './sum';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum';

/** The [kernelName, backendName] pairs registerFastKernels installs. */
export const FAST_KERNELS: readonly (readonly [string, 'wasm' | 'cpu'])[] = [
  ['Conv2DBackpropFilter', 'wasm'],
  ['Conv2DBackpropFilter', 'cpu'],
  ['Conv2DBackpropInput', 'wasm'],
  ['UnsortedSegmentSum', 'wasm'],
  ['MaxPoolGrad', 'wasm'],
  ['BatchMatMul', 'wasm'],
  ['Sum', 'wasm'],
  ['GatherV2', 'wasm'],
  ['ResizeNearestNeighborGrad', 'cpu'],
  ['ResizeNearestNeighborGrad', 'wasm'],
];

/** Kernels that wrap the stock ones (handing them the cases they do fast). */
const WRAPPED = new Set(['BatchMatMul', 'Sum', 'GatherV2']);

function registered(kernelName: string, backendName: string): KernelConfig | undefined {
  // getKernel's declared type hides that it returns undefined for unknown kernels.
  const config: KernelConfig | undefined = getKernel(kernelName, backendName);
  return config;
}

function buildConfigs(): KernelConfig[] {
  const stock = new Map<string, KernelConfig>();
  for (const name of WRAPPED) {
    const config = registered(name, 'wasm');
    if (config === undefined) throw new Error(`registerFastKernels: the wasm backend has no ${name} kernel`);
    stock.set(name, config);
  }
  const stockFunc = (name: string): KernelFunc => stock.get(name)!.kernelFunc;
  const funcs: Record<string, KernelFunc> = {
    'Conv2DBackpropFilter/wasm': conv2dBackpropFilterKernel('wasm'),
    'Conv2DBackpropFilter/cpu': conv2dBackpropFilterKernel('cpu'),
    'Conv2DBackpropInput/wasm': conv2dBackpropInputKernel('wasm'),
    'UnsortedSegmentSum/wasm': unsortedSegmentSumKernel('wasm'),
    'MaxPoolGrad/wasm': maxPoolGradKernel('wasm'),
    // Stock kernels are captured once, so a second registration never wraps our own wrappers.
    'BatchMatMul/wasm': batchMatMulKernel('wasm', stockFunc('BatchMatMul')),
    'Sum/wasm': sumKernel('wasm', stockFunc('Sum')),
    'GatherV2/wasm': gatherKernel('wasm', stockFunc('GatherV2')),
    // Correctness fixes, not speed-ups: the stock cpu kernel mixes up samples for batch > 1, the
    // stock wasm one ignores halfPixelCenters.
    'ResizeNearestNeighborGrad/cpu': resizeNearestNeighborGradKernel('cpu'),
    'ResizeNearestNeighborGrad/wasm': resizeNearestNeighborGradKernel('wasm'),
  };
  return FAST_KERNELS.map(([kernelName, backendName]) => {
    const kernelFunc = funcs[`${kernelName}/${backendName}`];
    if (kernelFunc === undefined) throw new Error(`registerFastKernels: no implementation for ${kernelName}/${backendName}`);
    // A wrapped stock kernel binds its wasm function in its setupFunc, which the backend runs (at
    // init) only for registered kernels: keep it on the wrapper.
    const setupFunc = WRAPPED.has(kernelName) ? stock.get(kernelName)?.setupFunc : undefined;
    return setupFunc === undefined ? { kernelName, backendName, kernelFunc } : { kernelName, backendName, kernelFunc, setupFunc };
  });
}

let configs: KernelConfig[] | undefined;

/** Installs FAST_KERNELS, replacing the stock ones; calling it again changes nothing. */
export function registerFastKernels(): void {
  configs ??= buildConfigs();
  for (const config of configs) {
    const current = registered(config.kernelName, config.backendName);
    if (current?.kernelFunc === config.kernelFunc) continue;
    // Unregister first: tfjs warns when a kernel is registered over another.
    if (current !== undefined) unregisterKernel(config.kernelName, config.backendName);
    registerKernel(config);
  }
}
