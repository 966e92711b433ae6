import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

// A fixed state: cpu backend, seed 1, 12 iterations, charts without animation. Speed figures vary
// from run to run and are masked.
test('the main view after a short seeded run matches the baseline', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openApp(page, '?index=7&iters=12&seed=1&critic=lite&backend=cpu');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('12');
  await page.mouse.move(0, 0);
  // The run bar sits above the content column (first in the Tab order, so outside .content): the
  // region from its top to the content's bottom.
  const clip = await page.evaluate(() => {
    const bar = document.querySelector('.runbar')!.getBoundingClientRect();
    const content = document.querySelector('.content')!.getBoundingClientRect();
    // Whole pixels outward, as an element's own screenshot takes them.
    const x = Math.floor(content.x + window.scrollX);
    const y = Math.floor(bar.y + window.scrollY);
    return {
      x,
      y,
      width: Math.ceil(content.right + window.scrollX) - x,
      height: Math.ceil(content.bottom + window.scrollY) - y,
    };
  });
  await expect(page).toHaveScreenshot('main-view.png', {
    fullPage: true,
    clip,
    mask: [page.locator('.hud')],
    animations: 'disabled',
    maxDiffPixelRatio: 0.002,
  });
});
