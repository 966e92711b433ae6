import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

test('a bad upload shows an alert and changes nothing', async ({ page }) => {
  await openApp(page, '?index=5&backend=cpu');
  await page.getByRole('button', { name: 'Upload a file' }).click();
  const before = await page
    .getByTestId('image-original')
    .evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  await page
    .getByTestId('upload-input')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a digit') });
  await expect(page.getByRole('alert')).toContainText('notes.txt is not an image');
  // A file that claims to be an image but is not one fails at decoding.
  await page
    .getByTestId('upload-input')
    .setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('garbage') });
  await expect(page.getByRole('alert')).toContainText('Could not use fake.png');
  const after = await page
    .getByTestId('image-original')
    .evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  expect(after).toBe(before);
});

test('a real image upload is previewed and can be used', async ({ page }) => {
  await openApp(page, '?index=5&backend=cpu');
  // Draw a digit-like stroke in the page and upload it as a PNG.
  const png = await page.evaluate(async () => {
    const c = new OffscreenCanvas(60, 80);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 60, 80);
    ctx.fillStyle = '#000';
    ctx.fillRect(25, 10, 10, 60);
    const blob = await c.convertToBlob({ type: 'image/png' });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  await page.getByRole('button', { name: 'Upload a file' }).click();
  await page
    .getByTestId('upload-input')
    .setInputFiles({ name: 'one.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await expect(page.getByRole('img', { name: 'Preview of the uploaded digit, 28×28' })).toBeVisible();
  await page.getByRole('button', { name: 'Use this image' }).click();
  await expect(page.getByText(/x \(label 0, predicted \d\)/)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
