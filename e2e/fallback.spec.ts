import { expect, test } from '@playwright/test';
import { openApp } from './app-page';
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

// ?fault=kind@n makes the negotiated backend fail at iteration n through a real failure path: a
// NaN that the run's check rejects, or a kernel tfjs does not have. MinMax continues on the next
// backend from the last good δ, so the trace and the iteration counter go on rather than restart.
for (const kind of ['nan', 'kernel'] as const) {
  test(`a MinMax run whose backend fails (${kind}) continues on cpu from the last δ`, async ({ page }) => {
    const iters = 30;
    const { pageErrors } = await openApp(
      page,
      `?dataset=mnist&index=7&method=minmax&eps=1&iters=${iters}&seed=1&critic=lite&backend=wasm&fault=${kind}@5`,
    );
    await expect(page.getByTestId('backend-indicator')).toHaveText('wasm');
    // Every value the counter shows, to check that it never goes back.
    await page.getByTestId('iteration-counter').evaluate((el) => {
      const seen: number[] = [];
      (window as unknown as { counterSeen: number[] }).counterSeen = seen;
      new MutationObserver(() => seen.push(Number(el.textContent))).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.getByTestId('run-button').click();
    const alert = page.getByRole('alert');
    await expect(alert).toHaveCount(1);
    await expect(alert).toContainText('The wasm backend failed at iteration 5');
    await expect(alert).toContainText('switched to cpu and continued from iteration 5');
    await expect(alert).toContainText('the MINE critic restarts');
    await expect(page.getByTestId('backend-indicator')).toHaveText('cpu');
    await expect(page.getByTestId('backend-reason')).toContainText('wasm failed during a run');
    await expect(page.getByTestId('status')).toHaveText('done');
    await expect(page.getByTestId('iteration-counter')).toHaveText(String(iters));
    // One record per iteration: nothing lost at the failure, nothing repeated after it.
    await expect(page.getByText(`record ${iters} of ${iters}`)).toBeVisible();
    await expect(page.getByTestId('result-success')).toBeVisible();
    const seen = await page.evaluate(() => (window as unknown as { counterSeen: number[] }).counterSeen);
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(iters);
    expect(pageErrors).toEqual([]);
  });
}
