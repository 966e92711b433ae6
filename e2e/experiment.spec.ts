import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './app-page';

async function configure(page: Page, cfg: { train: string; epochs: string; test: string }): Promise<void> {
  await page.getByLabel('Training images N', { exact: true }).fill(cfg.train);
  await page.getByLabel('Epochs', { exact: true }).fill(cfg.epochs);
  await page.getByLabel('Test images', { exact: true }).fill(cfg.test);
}

test('a tiny augmentation experiment reaches done with a row per method', async ({ page }) => {
  const { pageErrors } = await openApp(page, '?backend=wasm');
  const status = page.getByTestId('experiment-status');
  await expect(status).toHaveText('idle');
  await expect(page.getByTestId('experiment-ae')).toHaveValue('dense');
  await configure(page, { train: '20', epochs: '1', test: '100' });
  await page.getByTestId('experiment-method-l2-uae').uncheck();
  await page.getByTestId('experiment-method-ga:0.001').uncheck();
  await page.getByText('Attack settings for MINE-UAE and L2-UAE').click();
  await page.getByLabel('UAE iterations', { exact: true }).fill('2');
  await page.getByLabel('UAE MINE steps per iteration', { exact: true }).fill('2');
  await page.getByTestId('experiment-start').click();
  await expect(status).toHaveText('running');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByRole('progressbar').first()).toBeVisible();
  await expect(status).toHaveText('done', { timeout: 110_000 });
  const table = page.getByTestId('experiment-results');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('experiment-row-original')).toContainText('Original');
  await expect(page.getByTestId('experiment-row-mine-uae')).toContainText('MINE-UAE');
  await expect(page.getByTestId('experiment-row-ga:0.01')).toContainText('GA (σ = 0.01)');
  await expect(page.getByTestId('experiment-row-ga:0.01')).toContainText(/%/);
  await expect(page.getByTestId('experiment-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  for (const bar of await page.getByRole('progressbar').all())
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('run-button')).toBeEnabled();
  const download = page.waitForEvent('download');
  await page.getByTestId('experiment-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('augmentation-dense-n20-e1-s1.json');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('cancel stops an experiment at once and frees the engine', async ({ page }) => {
  await openApp(page, '?backend=wasm');
  const status = page.getByTestId('experiment-status');
  await configure(page, { train: '2000', epochs: '5', test: '100' });
  await page.getByTestId('experiment-start').click();
  await expect(status).toHaveText('running');
  await expect
    .poll(async () => Number(await page.getByRole('progressbar').nth(1).getAttribute('aria-valuenow')))
    .toBeGreaterThan(0);
  await page.getByTestId('experiment-cancel').click();
  await expect(status).toHaveText('cancelled', { timeout: 20_000 });
  await expect(page.getByTestId('experiment-cancelled-note')).toBeVisible();
  await expect(page.getByTestId('experiment-start')).toBeEnabled();
  await expect(page.getByTestId('run-button')).toBeEnabled();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
