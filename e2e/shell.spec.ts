import { expect, test } from '@playwright/test';
import { BACKEND, openShell, pageGpu } from './shell-page';

test('the shell loads and the worker reports a backend', async ({ page }) => {
  const { pageErrors } = await openShell(page);
  await expect(page).toHaveTitle('MinMax Lab');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('MinMax Lab');
  await expect(page.getByText(/adversarial examples being made/)).toBeVisible();
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByTestId('backend-indicator')).toHaveText(BACKEND);
  await expect(page.getByTestId('backend-reason')).toContainText('passed the smoke test');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('automatic choice passes over software-emulated GPUs', async ({ page }) => {
  await openShell(page);
  const gpu = await pageGpu(page);
  const softwareWebGpu = gpu.webgpu === 'swiftshader';
  const softwareWebGl = gpu.webgl !== null && /swiftshader/i.test(gpu.webgl);
  // Skipped only on a machine with a real GPU: there the GPU backend is rightly chosen, so there is no
  // software adapter to pass over. CI's headless Chromium has none, so this runs there.
  test.skip(!softwareWebGpu && !softwareWebGl, 'this browser has a real GPU');

  const indicator = page.getByTestId('backend-indicator');
  await expect(indicator).toHaveText(BACKEND);
  await page.getByText('How the backend was chosen').click();
  if (softwareWebGpu) {
    await expect(indicator).not.toHaveText('webgpu');
    await expect(page.getByTestId('tried-webgpu')).toContainText('software emulation');
  }
  if (softwareWebGl) {
    await expect(indicator).not.toHaveText('webgl');
    await expect(page.getByTestId('tried-webgl')).toContainText('software emulation');
  }
  // Both emulated: wasm is the fastest left, and it runs everywhere Chromium does.
  if (softwareWebGpu && softwareWebGl) await expect(indicator).toHaveText('wasm');
});
