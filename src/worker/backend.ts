/**
 * The browser side of backend negotiation: how the worker tells a real GPU from an emulated one,
 * how each tfjs backend is brought up, and the probe that negotiate() drives.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_webgl } from '@tensorflow/tfjs-backend-webgl';
import { version_layers } from '@tensorflow/tfjs-layers';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendProbe, Inspection } from './negotiate';
import type { BackendName } from './protocol';
import { SMOKE_SHAPE, WARMUP_SHAPE, checkOps } from './smoke';

/** Long enough for a slow software GPU to compile; short enough that a hung init cannot stall us. */
const ACTIVATE_TIMEOUT_MS = 60_000;

let wasmConfigured = false;

function configureWasm(): void {
  if (wasmConfigured) return;
  wasmConfigured = true;
  // Vite fingerprints and relocates the .wasm files; tfjs would otherwise look beside its own script.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  // The threaded build's pthread workers break once Vite has bundled them, and setBackend('wasm')
  // then never settles; single-threaded SIMD is what we measured and ship.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

// @webgpu/types (via tfjs) predates GPUAdapter.info: only the members read here are described.
interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapterLike | null>;
}

function registered(name: BackendName): boolean {
  // Declared non-null, but it returns null for a backend that never registered (webgpu without
  // navigator.gpu).
  const factory: unknown = tf.findBackendFactory(name);
  return factory !== null;
}

async function inspectWebGpu(): Promise<Inspection> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (gpu === undefined)
    return { available: false, reason: 'unavailable: this browser exposes no WebGPU in workers' };
  if (!registered('webgpu'))
    return { available: false, reason: 'unavailable: the tfjs webgpu backend did not register' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) return { available: false, reason: 'unavailable: no WebGPU adapter' };
  const info = adapter.info ?? {};
  const detail = [info.vendor, info.architecture, info.description]
    .filter((s) => s !== undefined && s !== '')
    .join(' / ');
  // Chromium's SwiftShader adapter reports architecture 'swiftshader'; the fallback flag is the
  // standard way to say "software", where a browser sets it.
  const software =
    info.architecture === 'swiftshader' ||
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true;
  return software
    ? { available: true, software: `WebGPU adapter ${detail || 'fallback'}`, detail }
    : { available: true, detail };
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

function inspectWebGl(): Inspection {
  if (!registered('webgl'))
    return { available: false, reason: 'unavailable: the tfjs webgl backend did not register' };
  if (typeof OffscreenCanvas === 'undefined')
    return { available: false, reason: 'unavailable: no OffscreenCanvas in this worker' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (gl === null) return { available: false, reason: 'unavailable: no WebGL2 context in this worker' };
  try {
    // Browsers that deprecate the debug extension report the real renderer in RENDERER itself.
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL));
    const match = SOFTWARE_RENDERER.exec(renderer);
    return match === null
      ? { available: true, detail: renderer }
      : { available: true, software: `${match[0]} WebGL`, detail: renderer };
  } finally {
    // Contexts are a scarce per-process resource; tfjs creates its own if webgl is chosen.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/** Looks at what the platform offers for a backend, without initialising tfjs. */
export async function inspectBackend(name: BackendName): Promise<Inspection> {
  switch (name) {
    case 'webgpu':
      return inspectWebGpu();
    case 'webgl':
      return inspectWebGl();
    case 'wasm':
      return typeof WebAssembly === 'object'
        ? { available: true }
        : { available: false, reason: 'unavailable: no WebAssembly' };
    case 'cpu':
      return { available: true };
  }
}

function timeout(ms: number, what: string): { promise: Promise<never>; cancel: () => void } {
  let id: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    id = setTimeout(() => {
      reject(new Error(`${what} did not finish within ${ms / 1000} s`));
    }, ms);
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(id);
    },
  };
}

/** tf.setBackend, bounded in time: a backend whose init hangs counts as failed. */
export async function activateBackend(name: BackendName): Promise<boolean> {
  if (!registered(name)) throw new Error(`the tfjs ${name} backend is not registered`);
  if (name === 'wasm') configureWasm();
  const limit = timeout(ACTIVATE_TIMEOUT_MS, `setBackend('${name}')`);
  try {
    // setBackend resolves false (rather than throwing) when, e.g., WebGPU has no adapter.
    return await Promise.race([tf.setBackend(name), limit.promise]);
  } finally {
    limit.cancel();
  }
}

export function releaseBackend(name: BackendName): void {
  if (registered(name)) tf.removeBackend(name);
}

export function tfjsVersions(): Record<string, string> {
  return {
    '@tensorflow/tfjs-core': tf.version_core,
    '@tensorflow/tfjs-layers': version_layers,
    '@tensorflow/tfjs-backend-cpu': version_cpu,
    '@tensorflow/tfjs-backend-wasm': version_wasm,
    '@tensorflow/tfjs-backend-webgl': version_webgl,
  };
}

export const browserProbe: BackendProbe = {
  inspect: inspectBackend,
  activate: activateBackend,
  smokeTest: () => checkOps(SMOKE_SHAPE),
  warmUp: () => checkOps(WARMUP_SHAPE),
  release: releaseBackend,
  now: () => performance.now(),
};
