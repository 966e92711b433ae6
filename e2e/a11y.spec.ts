import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openShell } from './shell-page';

test('the ready shell, details open, has no axe violations', async ({ page }) => {
  await openShell(page);
  await page.getByText('How the backend was chosen').click();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

test('the shell with an alert has no axe violations', async ({ page }) => {
  await openShell(page, '?backend=bogus');
  await expect(page.getByRole('alert')).toHaveCount(1);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});
