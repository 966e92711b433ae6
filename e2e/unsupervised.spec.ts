import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { canvasHasContent, openApp } from './app-page';

const UAE_RUN = '?task=unsupervised&ae=dense&iters=5&backend=wasm&seed=1';

test('an unsupervised MINE-UAE run on the dense AE reaches done with all five views', async ({ page }) => {
  const { pageErrors } = await openApp(page, UAE_RUN);
  await expect(page.getByTestId('backend-indicator')).toHaveText('wasm');
  await expect(page.getByTestId('task-select')).toHaveValue('unsupervised');
  await expect(page.getByTestId('ae-select')).toHaveValue('dense');
  await expect(page.getByTestId('method-select')).toHaveValue('mine-uae');
  await expect(page.getByLabel('T (iterations)', { exact: true })).toHaveValue('5');
  await expect(page.getByLabel('MINE steps per iteration', { exact: true })).toHaveValue('20');
  await expect(page.getByTestId('ae-info')).toContainText('test reconstruction error');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('5');
  await expect(page.getByTestId('result-success')).toHaveText(/^(success|failed)$/);
  for (const id of [
    'image-original',
    'image-reconstruction',
    'image-adversarial',
    'image-adv-reconstruction',
    'image-delta',
  ])
    expect(await canvasHasContent(page, id), id).toBe(true);
  await expect(page.getByTestId('recon-clean')).toHaveText(/^\d+\.\d{3}$/);
  await expect(page.getByTestId('recon-adv')).toHaveText(/^\d+\.\d{3}$/);
  for (const id of ['mi-chart', 'c-chart', 'f-chart'])
    await expect(page.getByTestId(id).locator('.recharts-line-curve').first()).toBeVisible();
  await expect(page.getByText(/pushed DOWN/)).toBeVisible();
  await expect(page.getByTestId('maps-x')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
  // The share link keeps the task and the autoencoder.
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toContain('task=unsupervised');
  expect(link).toContain('ae=dense');
  await page.getByText('Advanced').first().click();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('MINE-UAE steps its two players apart; L2-UAE runs whole', async ({ page }) => {
  await openApp(page, '?task=unsupervised&ae=dense&iters=50&mineSteps=2&backend=wasm&seed=1');
  await page.getByTestId('step-button').click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('iteration-counter')).toHaveText('1');
  await page.getByTestId('step-critic-button').click();
  await expect(page.getByText('record 2 of 2 (iteration 1, critic only)')).toBeVisible();
  await page.getByTestId('cancel-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await page.getByTestId('method-select').selectOption('l2-uae');
  await expect(page.getByTestId('step-critic-button')).toBeDisabled();
  await page.getByLabel('T (iterations)', { exact: true }).fill('3');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  expect(await canvasHasContent(page, 'image-adv-reconstruction')).toBe(true);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('switching task in the page swaps the controls and views', async ({ page }) => {
  await openApp(page, '?index=3&backend=wasm');
  await expect(page.getByTestId('ae-select')).toHaveCount(0);
  await page.getByTestId('task-select').selectOption('unsupervised');
  await expect(page.getByTestId('ae-select')).toBeVisible();
  await expect(page.getByTestId('method-select')).toHaveValue('mine-uae');
  await expect(page.getByLabel('T (iterations)', { exact: true })).toHaveValue('40');
  // AE(x) of the chosen image comes before any run.
  await expect.poll(() => canvasHasContent(page, 'image-reconstruction')).toBe(true);
  await expect(page.getByTestId('recon-clean')).toHaveText(/^\d+\.\d{3}$/);
  await page.getByTestId('ae-select').selectOption('sparse');
  await expect(page.getByTestId('ae-info')).toContainText('50 epochs');
  await page.getByTestId('task-select').selectOption('supervised');
  await expect(page.getByTestId('method-select')).toHaveValue('minmax');
  await expect(page.getByTestId('image-reconstruction')).toHaveCount(0);
});

test('an autoencoder that fails to load is reported, not waited for', async ({ page, context }) => {
  await context.route('**/models/conv-ae/model.json', (route) =>
    route.fulfill({ status: 404, body: 'gone' }),
  );
  await openApp(page, '?task=unsupervised&ae=conv&iters=3&backend=wasm');
  const alert = page.getByRole('alert');
  // Already when the page asks the AE for AE(x), then again for the run.
  await expect(alert.first()).toContainText('conv autoencoder');
  await page.getByTestId('run-button').click();
  await expect(alert.filter({ hasText: 'The run failed' })).toHaveCount(1);
  await expect(page.getByTestId('status')).toHaveText('error');
  await expect(page.getByTestId('run-button')).toBeEnabled();
});
