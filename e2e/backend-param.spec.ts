import { expect, test } from '@playwright/test';
import { BACKEND, openShell, pageGpu } from './shell-page';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`?backend=${backend} is honoured`, async ({ page }) => {
    await openShell(page, `?backend=${backend}`);
    await expect(page.getByTestId('status')).toHaveText('idle');
    await expect(page.getByTestId('backend-indicator')).toHaveText(backend);
    await expect(page.getByTestId('backend-reason')).toContainText('requested in the URL');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test('?backend=webgl is honoured even on a software renderer', async ({ page }) => {
  await openShell(page, '?backend=webgl');
  const { webgl } = await pageGpu(page);
  // Skipped only in a browser with no WebGL2 at all: then there is no webgl backend to honour (a
  // requested backend that fails falls back, tested with webgpu in fallback.spec.ts). Debian's
  // Chromium on CI has SwiftShader WebGL2, so this runs there.
  test.skip(webgl === null, 'this browser has no WebGL2');
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByTestId('backend-indicator')).toHaveText('webgl');
  if (/swiftshader/i.test(webgl!))
    await expect(page.getByTestId('backend-reason')).toContainText('software emulation');
});

test('an unknown ?backend shows an alert and still reaches idle', async ({ page }) => {
  await openShell(page, '?backend=bogus');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('backend=bogus is not one of auto, webgpu, webgl, wasm, cpu → auto');
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByTestId('backend-indicator')).toHaveText(BACKEND);
  await expect(page.getByTestId('backend-reason')).not.toContainText('requested');

  // The alert can be dismissed from the keyboard alone.
  await page.getByRole('button', { name: 'Dismiss this message' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
