import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

test('the issue URL loads its configuration, ready to run', async ({ page }) => {
  await openApp(page, '?dataset=mnist&index=7&method=minmax&eps=1&iters=200&seed=1&critic=lite&backend=cpu');
  await expect(page.getByTestId('backend-indicator')).toHaveText('cpu');
  await expect(page.getByLabel('ε (L∞ budget)', { exact: true })).toHaveValue('1');
  await expect(page.getByLabel('T (iterations)', { exact: true })).toHaveValue('200');
  await expect(page.getByTestId('method-select')).toHaveValue('minmax');
  await expect(page.getByTestId('critic-select')).toHaveValue('lite');
  await expect(page.getByTestId('gallery-7')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a changed setting round-trips through the share link', async ({ page }) => {
  await openApp(page, '?index=3&backend=cpu&critic=lite');
  await page.getByLabel('ε (L∞ budget)', { exact: true }).fill('0.25');
  await page.getByLabel('ε (L∞ budget)', { exact: true }).press('Enter');
  await page.getByTestId('method-select').selectOption('pgd');
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toContain('eps=0.25');
  expect(link).toContain('method=pgd');
  expect(link).toContain('index=3');
  await page.goto(link);
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByLabel('ε (L∞ budget)', { exact: true })).toHaveValue('0.25');
  await expect(page.getByTestId('method-select')).toHaveValue('pgd');
  await expect(page.getByTestId('gallery-3')).toHaveAttribute('aria-pressed', 'true');
  expect(await page.getByTestId('share-link').inputValue()).toBe(link);
});

test('invalid link values are corrected and reported', async ({ page }) => {
  await page.goto('/?eps=7&iters=abc&method=fgsm&backend=cpu');
  await expect(page.getByTestId('status')).toHaveText('idle');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1);
  await expect(alert.getByRole('listitem')).toHaveText([
    'method=fgsm is not one of minmax, penalty, pgd, mine-uae, l2-uae → minmax',
    'eps=7 is outside [0, 1] → 1',
    'iters=abc is not a decimal number (e.g. 0.3 or 1e-3) → 300 (the default)',
  ]);
  await expect(page.getByLabel('ε (L∞ budget)', { exact: true })).toHaveValue('1');
  await expect(page.getByTestId('method-select')).toHaveValue('minmax');
});

test("the critic's bound: from the link to the select, through a run, and back into the share link", async ({
  page,
}) => {
  await openApp(page, '?index=7&iters=5&seed=1&critic=lite&backend=cpu&bound=smile&smileTau=2');
  await expect(page.getByTestId('bound-select')).toHaveValue('smile');
  await expect(page.getByLabel('SMILE τ (clip of the marginal scores)', { exact: true })).toHaveValue('2');
  await page.getByTestId('bound-select').selectOption('infonce');
  await expect(page.getByTestId('bound-hint')).toContainText('log K');
  await expect(page.getByLabel('SMILE τ (clip of the marginal scores)', { exact: true })).toHaveCount(0);
  expect(await page.getByTestId('share-link').inputValue()).toContain('bound=infonce');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('5');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
