import { crc32, deflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A valid 1-bit grey PNG of side×side black pixels: tens of KB however large the picture (1 bit per
 * pixel keeps the test's own deflate cheap; the browser would decode it to 4 bytes per pixel).
 */
function blackPng(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((Math.ceil(side / 8) + 1) * side);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('an upload too large per side is refused from its header, before any decoding', async ({ page }) => {
  // Counts the page's calls of the browser's image decoder.
  await page.addInitScript(() => {
    const decode = window.createImageBitmap.bind(window);
    const w = window as unknown as { decodes: number };
    w.decodes = 0;
    window.createImageBitmap = ((...args: Parameters<typeof createImageBitmap>) => {
      w.decodes++;
      return decode(...args);
    }) as typeof createImageBitmap;
  });
  await openApp(page, '?index=5&backend=cpu');
  const before = await page
    .getByTestId('image-original')
    .evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  await page.getByRole('button', { name: 'Upload a file' }).click();
  const input = page.getByTestId('upload-input');
  const png = blackPng(16384);
  expect(png.length).toBeLessThan(100_000);
  const started = Date.now();
  await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('upload-error')).toHaveText(
    'Could not use the file: huge.png is 16384×16384 pixels; the limit is 4096 pixels per side. Nothing was changed.',
  );
  test.info().annotations.push({ type: 'refused after', description: `${Date.now() - started} ms` });

  // JPEG and WebP from the browser's own encoders: the header reader agrees with them.
  const encoded = await page.evaluate(async () => {
    const out: Record<string, number[]> = {};
    for (const type of ['image/jpeg', 'image/webp']) {
      const c = new OffscreenCanvas(4100, 12);
      c.getContext('2d')!.fillRect(0, 0, 10, 10);
      out[type] = Array.from(new Uint8Array(await (await c.convertToBlob({ type })).arrayBuffer()));
    }
    return out;
  });
  for (const [type, name] of [
    ['image/jpeg', 'wide.jpg'],
    ['image/webp', 'wide.webp'],
  ] as const) {
    await input.setInputFiles({ name, mimeType: type, buffer: Buffer.from(encoded[type]!) });
    await expect(page.getByTestId('upload-error')).toHaveText(
      `Could not use the file: ${name} is 4100×12 pixels; the limit is 4096 pixels per side. Nothing was changed.`,
    );
  }
  expect(await page.evaluate(() => (window as unknown as { decodes: number }).decodes)).toBe(0);
  const after = await page
    .getByTestId('image-original')
    .evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  expect(after).toBe(before);

  // A file of allowed size still goes through the decoder.
  await input.setInputFiles({ name: 'small.png', mimeType: 'image/png', buffer: blackPng(40) });
  await expect(page.getByTestId('upload-error')).toContainText('the image is blank');
  expect(await page.evaluate(() => (window as unknown as { decodes: number }).decodes)).toBe(1);
});
