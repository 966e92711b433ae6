/**
 * A labelled set of uint8 colour (or grey) images as the colour loaders return it: pixels interleaved
 * height × width × channels, image after image (the layout tfjs's NHWC tensors take).
 */
import { KindedError } from '../errors';

export interface ColourSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  /** Class names by label, when the files say them. */
  labelNames: readonly string[];
}

/** A file that is not what it claims to be: the caller's to fix, named with what was expected. */
export function badFile(name: string, why: string): KindedError {
  return new KindedError('invalid-input', `${name}: ${why}`);
}

/** Inflates gzip or zlib ("deflate") data with the platform's DecompressionStream (Node ≥ 18, browsers). */
export async function inflate(
  data: Uint8Array,
  format: 'gzip' | 'deflate',
  name: string,
): Promise<Uint8Array> {
  try {
    const stream = new Blob([data as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream(format));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw badFile(
      name,
      `its ${format === 'gzip' ? 'gzip' : 'zlib'} data is corrupt or cut short (${(e as Error).message})`,
    );
  }
}
