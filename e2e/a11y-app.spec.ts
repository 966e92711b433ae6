import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

test('the app after a run, advanced settings open, has no axe violations', async ({ page }) => {
  await openApp(page, '?index=7&iters=5&seed=1&critic=lite&backend=cpu');
  await page.getByText('Advanced').click();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

test('the controls work from the keyboard alone', async ({ page }) => {
  await openApp(page, '?index=7&iters=3&seed=1&critic=lite&backend=cpu');
  await page.getByTestId('run-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('3');
});

test('the Paper view has no axe violations, and its choices work from the keyboard', async ({ page }) => {
  await page.goto('/?view=paper&backend=cpu');
  await expect(page.getByTestId('status')).toHaveText('idle');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByTestId('paper-exp-asr-mi').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('paper-exp-mi-distribution')).toBeChecked();
  await expect(page.getByTestId('paper-expected')).toContainText(
    'for 15 units (mi-distribution, quick scale)',
  );
  // The paper scale is listed but skipped: arrows move between quick and standard only.
  await page.getByTestId('paper-scale-quick').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('paper-scale-standard')).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('paper-scale-quick')).toBeChecked();
});
