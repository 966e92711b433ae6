import { expect, test } from '@playwright/test';
import { SHORT_RUN, canvasHasContent, openApp } from './app-page';

test('a seeded run on the cpu backend reaches done and shows success', async ({ page }) => {
  const { pageErrors } = await openApp(page, SHORT_RUN);
  await expect(page.getByTestId('backend-indicator')).toHaveText('cpu');
  expect(await canvasHasContent(page, 'image-original')).toBe(true);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('running');
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('60');
  await expect(page.getByTestId('result-success')).toHaveText('success');
  // Every iteration's scalars arrived: the timeline holds all 60 records.
  await expect(page.getByText('record 60 of 60')).toBeVisible();
  for (const id of ['image-adversarial', 'image-delta']) expect(await canvasHasContent(page, id)).toBe(true);
  for (const id of ['mi-chart', 'c-chart', 'f-chart']) {
    await expect(page.getByTestId(id).locator('.recharts-line-curve').first()).toBeVisible();
  }
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);

  // Scrubbing back shows an earlier iterate.
  await page.getByTestId('timeline').fill('4');
  await expect(page.getByText('record 5 of 60 (iteration 5)')).toBeVisible();
  await expect(page.getByTestId('caption-adversarial')).toContainText('x′ at iteration 5,');
});
