import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

const LONG_RUN = '?index=7&iters=5000&seed=1&critic=lite&backend=cpu';

test('pause holds the run still, step advances one iteration, resume continues', async ({ page }) => {
  await openApp(page, LONG_RUN);
  const counter = page.getByTestId('iteration-counter');
  const status = page.getByTestId('status');
  await page.getByTestId('run-button').click();
  await expect(counter).not.toHaveText('0');
  await page.getByTestId('pause-button').click();
  await expect(status).toHaveText('paused');
  const held = Number(await counter.textContent());
  await page.getByTestId('step-button').click();
  await expect(counter).toHaveText(String(held + 1));
  await expect(status).toHaveText('paused');
  await page.getByTestId('pause-button').click();
  await expect(status).toHaveText('running');
  await expect(counter).not.toHaveText(String(held + 1));
  await page.getByTestId('cancel-button').click();
  await expect(status).toHaveText('done');
});

test('cancel ends a run at once with its result', async ({ page }) => {
  await openApp(page, LONG_RUN);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('iteration-counter')).not.toHaveText('0');
  await page.getByTestId('cancel-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('result-success')).toHaveText(/^(success|failed)$/);
  await expect(page.getByText('(cancelled)')).toBeVisible();
  await expect(page.getByTestId('cancel-button')).toBeDisabled();
});

test('step moves both players, the critic only or the attacker only', async ({ page }) => {
  await openApp(page, LONG_RUN);
  const counter = page.getByTestId('iteration-counter');
  await page.getByTestId('step-button').click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(counter).toHaveText('1');
  await page.getByTestId('step-critic-button').click();
  // A critic step is recorded but does not advance the iteration.
  await expect(page.getByText('record 2 of 2 (iteration 1, critic only)')).toBeVisible();
  await expect(counter).toHaveText('1');
  await page.getByTestId('step-attacker-button').click();
  await expect(page.getByText('record 3 of 3 (iteration 2, attacker only)')).toBeVisible();
  await expect(counter).toHaveText('2');
});

test('penalty and PGD disable the per-player steps and say why', async ({ page }) => {
  await openApp(page, '?method=pgd&backend=cpu');
  await expect(page.getByTestId('step-critic-button')).toBeDisabled();
  await expect(page.getByTestId('step-attacker-button')).toBeDisabled();
  await expect(page.getByText('Only MinMax has two players').first()).toBeVisible();
  await expect(page.getByTestId('step-button')).toBeEnabled();
});
