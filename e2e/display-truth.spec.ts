import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { canvasHasContent, download, openApp } from './app-page';

// Every panel shows one and the same state: the picked image, the iterate under the cursor, or the
// returned example, each labelled. Short seeded runs on wasm (t10k image 0 is a 7, 1 a 2, 7 a 9).

/** The red channel of every pixel of a canvas (the grey scale draws r = g = b). */
function greyPixels(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const out: number[] = [];
    for (let i = 0; i < data.length; i += 4) out.push(data[i]!);
    return out;
  });
}

/** The digit whose bar is highlighted (the top class) in a probability panel, or null. */
async function topBar(page: Page, testId: string): Promise<number | null> {
  const top = page.getByTestId(testId).locator('.prob.top .prob-digit');
  return (await top.count()) === 0 ? null : Number(await top.textContent());
}

/** x shows gallery image `index` everywhere: pixels, caption, bars, maps. */
async function expectInputIs(page: Page, index: number, label: number): Promise<void> {
  const thumb = await greyPixels(page.getByTestId(`gallery-${index}`).locator('canvas'));
  await expect.poll(() => greyPixels(page.getByTestId('image-original'))).toEqual(thumb);
  const caption = page.getByTestId('caption-original');
  await expect(caption).toContainText(new RegExp(`^x \\(label ${label}, predicted \\d\\)`));
  await expect(caption).toContainText(`test image ${index}`);
  // The caption's prediction is the highlighted bar's, both of this image.
  await expect.poll(() => topBar(page, 'probs-original')).not.toBeNull();
  const predicted = Number(/predicted (\d)/.exec((await caption.textContent())!)![1]);
  expect(await topBar(page, 'probs-original')).toBe(predicted);
  await expect(page.getByTestId('probs-original')).toContainText(`test image ${index}`);
  await expect(page.getByTestId('maps-x-title')).toHaveText(`x (test image ${index})`);
}

/** Nothing of a run is shown: no x′, no δ, no result, nothing to export. */
async function expectNoRunShown(page: Page): Promise<void> {
  await expect(page.getByTestId('caption-adversarial')).toHaveText('x′');
  expect(await canvasHasContent(page, 'image-adversarial')).toBe(false);
  expect(await canvasHasContent(page, 'image-delta')).toBe(false);
  await expect(page.getByTestId('result-success')).toHaveCount(0);
  await expect(page.getByTestId('iteration-counter')).toHaveText('0');
  await expect(page.getByRole('button', { name: /x′ as PNG/ })).toBeDisabled();
}

test('picking another image after a run shows it everywhere and clears the old results', async ({ page }) => {
  const { pageErrors } = await openApp(page, '?index=0&iters=8&seed=1&critic=lite&backend=wasm');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await page.getByTestId('gallery-1').click();
  await expectInputIs(page, 1, 2);
  await expect(page.getByTestId('caption-original')).toContainText('selected, not attacked yet');
  await expectNoRunShown(page);
  await expect(page.getByTestId('display-note')).toHaveText(
    'The results of the run on test image 0 were cleared when you picked test image 1. Press Run to attack test image 1.',
  );
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('picking another image mid-run cancels the run and shows the new image everywhere', async ({ page }) => {
  await openApp(page, '?index=0&iters=3000&seed=1&critic=lite&backend=wasm');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('iteration-counter')).not.toHaveText('0');
  await expect.poll(() => canvasHasContent(page, 'image-adversarial')).toBe(true);
  await page.getByTestId('gallery-1').click();
  await expectInputIs(page, 1, 2);
  await expect(page.getByTestId('display-note')).toContainText(
    /^The run on test image 0 was cancelled at iteration \d+ when you picked test image 1\./,
  );
  await expect(page.getByTestId('status')).toHaveText('idle');
  // Batches the old run had already posted are not shown as the new image's.
  await page.waitForTimeout(1500);
  await expectNoRunShown(page);
  await expectInputIs(page, 1, 2);
});

test('a penalty run: caption, bars, result line and export speak of the same returned x′', async ({
  page,
}) => {
  // Nine search steps of T iterations: slow on a loaded machine.
  test.slow();
  await openApp(page, '?index=7&method=penalty&iters=6&seed=1&critic=lite&backend=wasm');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 300_000 });
  const caption = page.getByTestId('caption-adversarial');
  const predicted = Number(/predicted (\d)$/.exec((await caption.textContent())!)![1]);
  expect(await topBar(page, 'probs-adversarial')).toBe(predicted);
  await expect(caption).toContainText(
    /^x′ returned \((δ\*|closest: smallest f), iteration \d+ of search step \d\), predicted \d$/,
  );
  await expect(page.getByTestId('probs-adversarial')).toContainText('x′ returned');
  const line = (await page.locator('.run-line').textContent())!;
  if (line.includes('success')) expect(line).toContain(`predicted 9 → ${predicted}`);
  await expect(page.getByTestId('maps-adv-title')).toContainText('x′ returned');

  const json = JSON.parse(readFileSync((await download(page, 'Run record (JSON)')).path, 'utf8')) as {
    shown: { adversarial: { which: string; predicted: number; label: string } };
    result: { predictedAdv: number };
  };
  expect(json.shown.adversarial.which).toBe('returned');
  expect(json.shown.adversarial.predicted).toBe(predicted);
  expect(json.result.predictedAdv).toBe(predicted);
  expect(json.shown.adversarial.label).toBe((await caption.textContent())!.replace(/, predicted \d$/, ''));

  // Scrubbed to an iterate no streamed frame showed, the bars are measured for that iterate.
  await page.getByTestId('timeline').fill('3');
  await expect(caption).toContainText(/^x′ at iteration 4 of search step 1, predicted \d$/);
  await expect.poll(() => topBar(page, 'probs-adversarial')).not.toBeNull();
  const atFour = Number(/predicted (\d)$/.exec((await caption.textContent())!)![1]);
  expect(await topBar(page, 'probs-adversarial')).toBe(atFour);
  await expect(page.getByTestId('probs-adversarial')).toContainText('x′ at iteration 4 of search step 1');
});

/** The number after `name =` in a text. */
function valueAfter(text: string, name: string): number {
  const m = new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} = (−?-?\\d+\\.\\d+)`).exec(text);
  if (m === null) throw new Error(`no "${name} = …" in: ${text}`);
  return Number(m[1]!.replace('−', '-'));
}

test('L2-UAE: the explanation under the images and the result line read the same returned x′', async ({
  page,
}) => {
  await openApp(page, '?task=unsupervised&ae=dense&method=l2-uae&iters=5&seed=1&backend=wasm');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  const summary = (await page.getByTestId('recon-summary').textContent())!;
  const f = valueAfter(summary, 'f = ‖x − AE(x′)‖² − ‖x − AE(x)‖²');
  const clean = Number(await page.getByTestId('recon-clean').textContent());
  const adv = Number(await page.getByTestId('recon-adv').textContent());
  // f is the difference of the two errors the captions show (each rounded to 3 decimals).
  expect(Math.abs(f - (adv - clean))).toBeLessThan(0.0015);
  expect(summary).toMatch(/^x′ returned \(/);
  const success = (await page.getByTestId('result-success').textContent()) === 'success';
  expect(success).toBe(f <= 0);
  expect(summary).toContain(success ? '— a success.' : '— not a success.');
  if (success) {
    const line = (await page.locator('.run-line').textContent())!;
    expect(valueAfter(line, '‖x − AE(x′)‖²')).toBeCloseTo(adv, 3);
    expect(valueAfter(line, '‖x − AE(x)‖²')).toBeCloseTo(clean, 3);
  }
});

// Waits for the engine's failureReason (the core branch); until then the generic words show.
test('MINE-UAE that fails: the result line gives the true reason, the explanation the same x′', async ({
  page,
}) => {
  await openApp(page, '?task=unsupervised&ae=dense&iters=16&mineSteps=2&seed=1&backend=wasm');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('result-success'), 'this seeded run is meant to fail').toHaveText('failed');
  const csv = readFileSync((await download(page, 'Scalars (CSV)')).path, 'utf8')
    .trim()
    .split('\n');
  const head = csv[0]!.split(',');
  const rows = csv.slice(1).map((l) => l.split(','));
  const col = (name: string) => head.indexOf(name);
  const fLow = rows.filter((r) => Number(r[col('f')]) <= 0);
  expect(fLow.filter((r) => Number(r[col('mi')]) > 0)).toEqual([]);
  // The engine's reason, not the generic words: it says which condition failed.
  const reason = (await page.getByTestId('failure-reason').textContent())!;
  expect.soft(reason, 'the engine reports failureReason').not.toBe('no iterate had f ≤ 0 and I > 0 together');
  if (fLow.length > 0) expect.soft(reason).toMatch(/\bI\b/);
  else expect.soft(reason).toMatch(/\bf\b/);
  // The explanation describes the returned x′, and does not call it a success.
  const summary = (await page.getByTestId('recon-summary').textContent())!;
  expect(summary).toMatch(/^x′ returned \(closest: smallest f/);
  expect(summary).toContain('— not a success.');
  // The CSV marks the row of the returned x′, and its f is the explanation's.
  const shown = rows.find((r) => r[col('shown')] === 'returned');
  if (shown !== undefined)
    expect(Number(shown[col('f')])).toBeCloseTo(valueAfter(summary, 'f = ‖x − AE(x′)‖² − ‖x − AE(x)‖²'), 3);
});
