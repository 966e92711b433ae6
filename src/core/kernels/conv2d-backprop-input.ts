// Conv2DBackpropInput as one forward convolution (dy spread onto a zero grid, filter flipped), so it
// runs on the backend's optimised Conv2D. wasm's own kernel is a scalar loop, ~10x its forward conv.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { accessFor, type BackendAccess } from './backend-access';
import { assertShape, convGeometry } from './conv-geometry';
import { flipFilter, spreadForInputGradient } from './im2col';

const NAME = 'Conv2DBackpropInput';

export function conv2dBackpropInput(
  access: BackendAccess,
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') throw new Error(`${NAME} (fast kernel): float32 only`);
  const inputShape = attrs.inputShape;
  if (!Array.isArray(inputShape)) throw new Error(`${NAME} (fast kernel): missing inputShape`);
  const g = convGeometry(NAME, inputShape as number[], filter.shape, attrs);
  assertShape(`${NAME} dy`, dy.shape, [g.batch, g.outH, g.outW, g.outC]);

  const grid = access.alloc([g.batch, g.inH + g.fH - 1, g.inW + g.fW - 1, g.outC], 'float32');
  const flipped = access.alloc([g.fH, g.fW, g.outC, g.inC], 'float32');
  spreadForInputGradient(access.view(dy) as Float32Array, g, access.view(grid) as Float32Array);
  flipFilter(access.view(filter) as Float32Array, g, access.view(flipped) as Float32Array);
  const dx = access.run(
    'Conv2D',
    { x: grid, filter: flipped },
    { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
  );
  access.free(grid);
  access.free(flipped);
  assertShape(`${NAME} result`, dx.shape, inputShape as number[]);
  return dx;
}

export function conv2dBackpropInputKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs;
    if (dy === undefined || filter === undefined) throw new Error(`${NAME} (fast kernel): needs inputs dy and filter`);
    return conv2dBackpropInput(accessFor(backendName, backend), dy, filter, attrs ?? {});
  };
}
