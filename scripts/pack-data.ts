// npm run pack-data: writes public/data/mnist-test.bin, the 10,000 MNIST test images and labels in
// the packed format (src/core/data/packed.ts) that the browser app loads.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnist } from '../src/core/data/mnist-node';
import { encodePacked, parsePacked } from '../src/core/data/packed';

const OUT_DIR = join('public', 'data');
const OUT_FILE = join(OUT_DIR, 'mnist-test.bin');

async function main(): Promise<void> {
  const test = await loadMnist('test');
  const packed = encodePacked(test);
  // Round-trip before writing, so a broken encoder never ships a file.
  const back = parsePacked(packed);
  if (back.count !== test.count || back.labels[0] !== test.labels[0]) throw new Error('pack-data: round trip failed');
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(OUT_FILE, packed);
  process.stderr.write(`wrote ${OUT_FILE}: ${test.count} images ${test.rows}×${test.cols}, ${packed.byteLength} bytes\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
