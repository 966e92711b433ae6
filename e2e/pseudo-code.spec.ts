import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

const LONG_RUN = '?index=7&iters=5000&seed=1&critic=lite&backend=cpu';

test('Step walks Algorithm 1: each player lights the lines it covers, with their values', async ({
  page,
}) => {
  await openApp(page, LONG_RUN);
  const panel = page.getByTestId('pseudo-code');
  await expect(panel).toBeVisible();
  await expect(panel.locator('[aria-current="step"]')).toHaveCount(0);

  // Step (both players): the step ends at the booking (lines 10–11), having gone through 3–9.
  await page.getByTestId('step-button').click();
  await expect(page.getByTestId('iteration-counter')).toHaveText('1');
  const current = panel.locator('[aria-current="step"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAttribute('data-line', '10');
  await expect(panel.getByText('Iteration 1, both players.')).toBeVisible();
  for (const n of [3, 4, 5, 6, 7, 8, 9, 10, 11])
    await expect(panel.locator(`ol[aria-label^="Algorithm 1"] li[data-line="${n}"]`)).toHaveClass(/visited/);
  await expect(panel.locator('li[data-line="3"]').first()).toContainText('t = 1');
  await expect(panel.locator('li[data-line="8"]').first()).toContainText('c = ');

  // Step critic: θ only; δ and c stay, so lines 4–6 and 8–9 are not gone through.
  await page.getByTestId('step-critic-button').click();
  await expect(panel.getByText('Iteration 1, the critic only.')).toBeVisible();
  const algorithm = panel.locator('ol[aria-label^="Algorithm 1"]');
  for (const n of [4, 5, 6, 8, 9])
    await expect(algorithm.locator(`li[data-line="${n}"]`)).not.toHaveClass(/visited/);
  await expect(algorithm.locator('li[data-line="7"]')).toHaveClass(/visited/);
  await expect(panel.locator('ol[aria-label^="The per-sample MINE"] li[data-line="8"]')).toHaveClass(
    /visited/,
  );

  // Step attacker: δ and c move with θ frozen; MINE only evaluates (no θ update, line 8).
  await page.getByTestId('step-attacker-button').click();
  await expect(panel.getByText('Iteration 2, the attacker only.')).toBeVisible();
  await expect(algorithm.locator('li[data-line="7"]')).toContainText('θ frozen');
  await expect(panel.locator('ol[aria-label^="The per-sample MINE"] li[data-line="8"]')).not.toHaveClass(
    /visited/,
  );

  const axe = await new AxeBuilder({ page }).include('[data-testid="pseudo-code"]').analyze();
  expect(axe.violations).toEqual([]);
});

test('the unsupervised task shows the UAE variant, and a method without the loop says so', async ({
  page,
}) => {
  await openApp(page, '?task=unsupervised&ae=conv&iters=5&mineSteps=2&seed=1&critic=lite&backend=cpu');
  const panel = page.getByTestId('pseudo-code');
  await expect(panel.locator('li[data-line="4"]').first()).toContainText('+ ∇I_Θ');
  await expect(panel.locator('li[data-line="10"]').first()).toContainText('0 < I_Θ');
  await openApp(page, '?method=pgd&index=7&iters=20&seed=1&critic=lite&backend=cpu');
  await expect(page.getByTestId('pseudo-code')).toContainText('PGD does not run this loop');
});
