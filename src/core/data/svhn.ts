/**
 * SVHN's cropped digits (http://ufldl.stanford.edu/housenumbers/, "Format 2"): train_32x32.mat,
 * test_32x32.mat, extra_32x32.mat, MATLAB 5 files with X, 32×32×3×N uint8 (MATLAB's column-major
 * order: row fastest, then column, channel, image), and y, N×1, the digit with 10 standing for 0.
 */
import { badFile, type ColourSet } from './colour-set';
import { readMat5 } from './mat5';

export const SVHN = {
  side: 32,
  channels: 3,
  files: {
    train: { name: 'train_32x32.mat', count: 73_257, md5: 'e26dedcc434d2e4c54c9b2d4a06d8373' },
    test: { name: 'test_32x32.mat', count: 26_032, md5: 'eb5a983be6a315427106f1b164d9cef3' },
    extra: { name: 'extra_32x32.mat', count: 531_131, md5: 'a93ce644f1a588dc4d68dda5feec44a7' },
  },
  baseUrl: 'http://ufldl.stanford.edu/housenumbers/',
  labelNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
} as const;

export async function loadSvhn(bytes: Uint8Array, name: string): Promise<ColourSet> {
  const vars = await readMat5(bytes, name);
  const X = vars.get('X');
  const y = vars.get('y');
  if (X === undefined || y === undefined)
    throw badFile(
      name,
      `SVHN's files hold X and y; this one holds ${[...vars.keys()].join(', ') || 'no numeric variable'}`,
    );
  const [rows, cols, channels, count = 1] = X.dims;
  if (X.dims.length > 4 || rows !== 32 || cols !== 32 || channels !== 3)
    throw badFile(name, `X is ${X.dims.join('×')}; SVHN's cropped digits are 32×32×3×N`);
  if (y.data.length !== count) throw badFile(name, `y has ${y.data.length} labels for ${count} images`);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = y.data[i]!;
    if (!Number.isInteger(v) || v < 1 || v > 10)
      throw badFile(name, `label ${i} is ${v}; SVHN's labels are 1–10 (10 for the digit 0)`);
    labels[i] = v === 10 ? 0 : v;
  }
  const plane = 32 * 32;
  const images = new Uint8Array(count * plane * 3);
  const x = X.data;
  for (let n = 0; n < count; n++)
    for (let ch = 0; ch < 3; ch++)
      for (let c = 0; c < 32; c++)
        for (let r = 0; r < 32; r++) {
          const v = x[r + 32 * c + plane * ch + 3 * plane * n]!;
          if (!(v >= 0 && v <= 255)) throw badFile(name, `image ${n} has a pixel ${v} outside 0–255`);
          images[(n * plane + r * 32 + c) * 3 + ch] = v;
        }
  return { images, labels, count, height: 32, width: 32, channels: 3, labelNames: SVHN.labelNames };
}
