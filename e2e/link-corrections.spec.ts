import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './app-page';

/** The one alert a corrected link gives, and its list items' texts. */
async function corrections(page: Page): Promise<string[]> {
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(1);
  return alerts.getByRole('listitem').allTextContents();
}

test('a garbage link gives one alert listing every corrected field, with one Dismiss', async ({ page }) => {
  await page.goto(
    '/?v=9&task=x&ae=vae&dataset=cifar&index=abc&method=fgsm&eps=7&alpha=-1&beta=zz&iters=1e9&c0=%&kappa=nan&target=12&seed=-5&critic=huge&backend=bogus',
  );
  await expect(page.getByTestId('status')).toHaveText('idle');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('This link had 16 values this app corrected:');
  const items = await corrections(page);
  expect(items).toHaveLength(16);
  for (const part of [
    'eps=7 is outside [0, 1] → 1',
    'iters=1e9 is outside [1, 5000] → 5000',
    'method=fgsm is not one of minmax, penalty, pgd, mine-uae, l2-uae → minmax',
    'backend=bogus is not one of auto, webgpu, webgl, wasm, cpu → auto',
    'index=abc is not a decimal number (e.g. 0.3 or 1e-3) → 0 (the default)',
  ])
    expect(items).toContain(part);
  await expect(alert.getByRole('button', { name: /Dismiss/ })).toHaveCount(1);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await alert.getByRole('button', { name: /Dismiss/ }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByLabel('ε (L∞ budget)', { exact: true })).toHaveValue('1');
});

test('eps=0x1, eps=1e-400 and a repeated eps are reported, and the rule is the last value', async ({
  page,
}) => {
  await openApp(page, '?backend=cpu&critic=lite&eps=0x1');
  expect(await corrections(page)).toEqual([
    'eps=0x1 is not a decimal number (e.g. 0.3 or 1e-3) → 1 (the default)',
  ]);
  await expect(page.getByLabel('ε (L∞ budget)', { exact: true })).toHaveValue('1');

  await openApp(page, '?backend=cpu&critic=lite&eps=1e-400');
  expect(await corrections(page)).toEqual([
    'eps=1e-400 is too small to represent (it would read as 0) → 1 (the default)',
  ]);

  await openApp(page, '?backend=cpu&critic=lite&eps=0.5&eps=0.3');
  expect(await corrections(page)).toEqual(['eps given 2 times (0.5, 0.3) → the last, 0.3']);
  await expect(page.getByLabel('ε (L∞ budget)', { exact: true })).toHaveValue('0.3');
  // The backend follows the same rule: the last one asked for is the one negotiated.
  await openApp(page, '?critic=lite&backend=wasm&backend=cpu');
  await expect(page.getByTestId('backend-indicator')).toHaveText('cpu');
});
