// A narrow view of a tfjs backend's memory, so the kernels here can be written once for wasm and cpu.
// Both backends are reached through their public-but-untyped members (wasm: heap views; cpu: the
// DataStorage), described structurally to avoid depending on their class declarations.
import type { DataId, DataType, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { getKernel, util } from '@tensorflow/tfjs-core';

type Values = Float32Array | Int32Array | Uint8Array;

export interface BackendAccess {
  readonly name: 'wasm' | 'cpu';
  /** A fresh, uninitialised tensor owned by the caller (free it or return it from the kernel). */
  alloc(shape: number[], dtype: DataType): TensorInfo;
  /**
   * The tensor's storage. On wasm this aliases the heap, which a later alloc (or any kernel call) may
   * grow and detach: take views after the allocations they depend on, and never keep one across them.
   */
  view(info: TensorInfo): Values;
  free(info: TensorInfo): void;
  /** Runs another kernel of the same backend; the result is owned by the caller. */
  run(kernelName: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Values;
  disposeData(dataId: DataId): boolean;
}

interface CpuBackendLike {
  makeTensorInfo(shape: number[], dtype: DataType, values?: Values): TensorInfo;
  data: { get(dataId: DataId): { values?: unknown } | undefined };
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

function isWasm(backend: object): backend is WasmBackendLike {
  return 'typedArrayFromHeap' in backend && 'makeOutput' in backend;
}

function isCpu(backend: object): backend is CpuBackendLike {
  return 'makeTensorInfo' in backend && 'data' in backend && 'disposeIntermediateTensorInfo' in backend;
}

function typedArrayFor(dtype: DataType, size: number): Values {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
    default:
      throw new Error(`fast kernels: dtype ${dtype} is not supported`);
  }
}

export function accessFor(backendName: 'wasm' | 'cpu', backend: object): BackendAccess {
  const run = (kernelName: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo => {
    // getKernel's declared type hides that it is undefined for unknown kernels.
    const kernel = getKernel(kernelName, backendName) as ReturnType<typeof getKernel> | undefined;
    if (kernel === undefined) throw new Error(`fast kernels: ${backendName} has no ${kernelName} kernel`);
    const out = kernel.kernelFunc({ inputs, backend, attrs });
    if (Array.isArray(out)) throw new Error(`fast kernels: ${kernelName} returned several tensors`);
    return out;
  };
  if (backendName === 'wasm') {
    if (!isWasm(backend)) throw new Error('fast kernels: the wasm backend does not expose its heap');
    return {
      name: 'wasm',
      alloc: (shape, dtype) => backend.makeOutput(shape, dtype),
      view: (info) => backend.typedArrayFromHeap(info),
      free: (info) => {
        backend.disposeData(info.dataId);
      },
      run,
    };
  }
  if (!isCpu(backend)) throw new Error('fast kernels: the cpu backend does not expose its storage');
  return {
    name: 'cpu',
    alloc: (shape, dtype) => backend.makeTensorInfo(shape, dtype, typedArrayFor(dtype, util.sizeFromShape(shape))),
    view: (info) => {
      const values = backend.data.get(info.dataId)?.values;
      if (values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array) return values;
      throw new Error('fast kernels: cpu tensor has no numeric storage (complex or string?)');
    },
    free: (info) => {
      backend.disposeIntermediateTensorInfo(info);
    },
    run,
  };
}
