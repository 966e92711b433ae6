import { expect, test, type Page } from '@playwright/test';
import { openApp } from './app-page';

const original = (page: Page) =>
  page.getByTestId('image-original').evaluate((c) => (c as HTMLCanvasElement).toDataURL());

test('a drawn digit travels in the copied link and is the image when the link is opened', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, '?index=7&iters=20&seed=3&critic=lite&backend=cpu');
  const gallery = await original(page);
  await page.getByRole('button', { name: 'Draw a digit' }).click();
  const pad = page.getByLabel('Drawing pad: draw a digit with the mouse or a finger');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++)
    await page.mouse.move(box.x + box.width * (0.3 + 0.03 * i), box.y + box.height * (0.2 + 0.05 * i));
  await page.mouse.up();
  await page.getByRole('combobox', { name: 'True label of the drawing' }).selectOption('4');
  await page.getByRole('button', { name: 'Use drawing' }).click();
  await expect(page.getByText(/^x \(label 4[,)]/)).toBeVisible();
  const drawn = await original(page);
  expect(drawn).not.toBe(gallery);
  await expect(page.getByTestId('share-image-note')).toContainText(
    'the drawn digit (true label 4), carried in the link',
  );

  await page.getByTestId('copy-link').click();
  await expect(page.getByText('Link copied.')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(await page.getByTestId('share-link').inputValue());
  expect(link).toMatch(/&imgSource=drawn&imgLabel=4&img=[A-Za-z0-9_-]{1046}$/);

  await page.goto(link);
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText(/^x \(label 4[,)]/)).toBeVisible();
  await expect.poll(() => original(page)).toBe(drawn);
  await expect(page.getByTestId('gallery-7')).toHaveAttribute('aria-pressed', 'false');
  expect(await page.getByTestId('share-link').inputValue()).toBe(link);
});

test('a damaged image in a link is reported and the gallery image used', async ({ page }) => {
  await openApp(page, '?index=7&backend=cpu&critic=lite');
  const gallery = await original(page);
  await page.goto(`/?index=7&backend=cpu&critic=lite&imgLabel=4&img=${'A'.repeat(900)}`);
  await expect(page.getByTestId('status')).toHaveText('idle');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1);
  await expect(alert.getByRole('listitem')).toHaveText([
    'img has 900 characters; a 28×28 image has 1046 (cut short when the link was copied?) → test image 7 of the gallery',
  ]);
  await expect(page.getByTestId('gallery-7')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => original(page)).toBe(gallery);
});
