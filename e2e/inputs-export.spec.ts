import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
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
  test.setTimeout(300_000);
  await openApp(page, SHORT_RUN);
  await page.getByTestId('run-button').click();
  // 60 cpu iterations: ~10 s quiet, over a minute on a machine shared with other test runs.
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 180_000 });
  const save = (name: string | RegExp) => download(page, name);
  const png = await save('x′ as PNG');
  expect(png.name).toMatch(/adversarial\.png$/);
  expect(readFileSync(png.path).subarray(1, 4).toString()).toBe('PNG');
  // Crisp: every 10×10 block of the PNG is one colour, the page's x′ pixel (no smoothing between).
  const shownAdv = await canvasRgba(page, 'image-adversarial');
  const advPng = await pngRgba(page, png.path);
  expect([advPng.width, advPng.height]).toEqual([280, 280]);
  expect(blockMismatches(advPng, shownAdv, 0)).toBe(0);
  // δ: the same, beside its colour bar (red at the top, blue at the bottom) and the bar's labels.
  const deltaFile = await save(/^δ as PNG/);
  expect(deltaFile.name).toMatch(/delta\.png$/);
  const shownDelta = await canvasRgba(page, 'image-delta');
  const deltaPng = await pngRgba(page, deltaFile.path);
  expect(deltaPng.height).toBe(300);
  expect(deltaPng.width).toBeGreaterThan(330);
  expect(blockMismatches(deltaPng, shownDelta, 10)).toBe(0);
  const at = (x: number, y: number) =>
    deltaPng.data.slice(4 * (y * deltaPng.width + x), 4 * (y * deltaPng.width + x) + 3);
  const [r0, , b0] = at(306, 11);
  const [r1, , b1] = at(306, 288);
  expect(r0! - b0!).toBeGreaterThan(100);
  expect(b1! - r1!).toBeGreaterThan(100);
  let ink = 0;
  for (let y = 0; y < deltaPng.height; y++)
    for (let x = 330; x < deltaPng.width; x++) if (at(x, y)[0]! < 128) ink++;
  expect(ink).toBeGreaterThan(50);
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

interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: number[];
}

/** A canvas's own pixels (the 28×28 image, before CSS enlarges it). */
function canvasRgba(page: Page, testId: string): Promise<Rgba> {
  return page.getByTestId(testId).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    return {
      width: c.width,
      height: c.height,
      data: [...c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data],
    };
  });
}

/** A downloaded PNG's pixels, decoded by the browser. */
function pngRgba(page: Page, path: string): Promise<Rgba> {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    return { width: c.width, height: c.height, data: [...ctx.getImageData(0, 0, c.width, c.height).data] };
  }, readFileSync(path).toString('base64'));
}

/** PNG pixels (image at `top`, 10×10 per image pixel) that differ from the image's pixel they enlarge. */
function blockMismatches(png: Rgba, image: Rgba, top: number): number {
  let bad = 0;
  for (let y = 0; y < image.height * 10; y++)
    for (let x = 0; x < image.width * 10; x++) {
      const p = 4 * ((y + top) * png.width + x);
      const q = 4 * (Math.floor(y / 10) * image.width + Math.floor(x / 10));
      for (let k = 0; k < 3; k++) if (Math.abs(png.data[p + k]! - image.data[q + k]!) > 1) bad++;
    }
  return bad;
}
