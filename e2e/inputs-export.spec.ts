import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SHORT_RUN, canvasHasContent, download, openApp } from './app-page';

test('the label filter shows only that digit, and a picked thumbnail becomes x', async ({ page }) => {
  await openApp(page, SHORT_RUN);
  await page.getByRole('combobox', { name: 'Label', exact: true }).selectOption('3');
  const thumbs = page.getByRole('list', { name: 'MNIST test images' }).getByRole('button');
  await expect(thumbs.first()).toBeVisible();
  const texts = await thumbs.allTextContents();
  expect(texts.length).toBeGreaterThan(5);
  for (const t of texts) expect(t).toMatch(/· 3$/);
  // t10k image 18 is the first 3.
  await expect(thumbs.first()).toHaveText('#18 · 3');
  await thumbs.first().click();
  await expect(thumbs.first()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/^x \(label 3[,)]/)).toBeVisible();
});

test('a drawn digit becomes x, and an empty pad is refused with a message', async ({ page }) => {
  await openApp(page, SHORT_RUN);
  await page.getByRole('button', { name: 'Draw a digit' }).click();
  await page.getByRole('button', { name: 'Use drawing' }).click();
  await expect(page.getByText(/Nothing to use/)).toBeVisible();
  const pad = page.getByLabel('Drawing pad: draw a digit with the mouse or a finger');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++)
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * i));
  await page.mouse.up();
  await page.getByRole('combobox', { name: 'True label of the drawing' }).selectOption('1');
  await page.getByRole('button', { name: 'Use drawing' }).click();
  await expect(page.getByText(/^x \(label 1[,)]/)).toBeVisible();
  expect(await canvasHasContent(page, 'image-original')).toBe(true);
});

test('after a run, the exports download a PNG, a run record with seed, backend and versions, and a CSV', async ({
  page,
}) => {
  await openApp(page, SHORT_RUN);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  const save = (name: string | RegExp) => download(page, name);
  const png = await save('x′ as PNG');
  expect(png.name).toMatch(/adversarial\.png$/);
  expect(readFileSync(png.path).subarray(1, 4).toString()).toBe('PNG');
  const record = await save('Run record (JSON)');
  const json = JSON.parse(readFileSync(record.path, 'utf8')) as {
    kind: string;
    backend: string;
    versions: Record<string, string>;
    engineOptions: { seed: number };
    trace: unknown[];
    result: { success: boolean; delta: number[] };
  };
  expect(json.kind).toBe('minmax-lab-run');
  expect(json.backend).toBe('cpu');
  expect(json.engineOptions.seed).toBe(1);
  expect(Object.keys(json.versions).length).toBeGreaterThan(0);
  expect(json.trace).toHaveLength(60);
  expect(json.result.success).toBe(true);
  expect(json.result.delta).toHaveLength(784);
  const csv = await save('Scalars (CSV)');
  const lines = readFileSync(csv.path, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(61);
  expect(lines[0]).toMatch(/^index,t,part,searchStep,c,f,mi,success,/);
});
