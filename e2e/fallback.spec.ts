import { expect, test } from '@playwright/test';
import { baseArgs, chromiumPath } from './chromium';
import { BACKEND, openShell } from './shell-page';

// Without --enable-unsafe-webgpu headless Chromium has no WebGPU adapter: a request for webgpu
// must fail visibly and fall back rather than leave the page stuck.
test.use({ launchOptions: { executablePath: chromiumPath, args: [...baseArgs] } });

test('a requested backend that fails is reported and another is chosen', async ({ page }) => {
  await openShell(page, '?backend=webgpu');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('The requested backend webgpu');
  await expect(alert).toContainText('choosing another automatically');
  await expect(page.getByTestId('status')).toHaveText('idle');
  const indicator = page.getByTestId('backend-indicator');
  await expect(indicator).toHaveText(BACKEND);
  await expect(indicator).not.toHaveText('webgpu');
  await expect(page.getByTestId('backend-reason')).toContainText('requested webgpu failed, fell back');
});
