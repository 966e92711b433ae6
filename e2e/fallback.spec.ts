import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { download, openApp } from './app-page';
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
    await expectContinuedOnCpu(
      page,
      `?dataset=mnist&index=7&method=minmax&eps=1&iters=${iters}&seed=1&critic=lite&backend=wasm&fault=${kind}@5`,
      [
        'The wasm backend failed at iteration 5',
        'switched to cpu and continued from iteration 5',
        'the MINE critic restarts',
      ],
      `record ${iters} of ${iters}`,
      async () => {
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
      },
    );
    await expect(page.getByTestId('backend-reason')).toContainText('wasm failed during a run');
    await expect(page.getByTestId('iteration-counter')).toHaveText(String(iters));
    await expect(page.getByTestId('result-success')).toBeVisible();
    const seen = await page.evaluate(() => (window as unknown as { counterSeen: number[] }).counterSeen);
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(iters);
    // The run record says which backend ran which iterations.
    const record = JSON.parse(readFileSync((await download(page, 'Run record (JSON)')).path, 'utf8')) as {
      backends: { backend: string; fromIteration: number }[];
      trace: unknown[];
    };
    expect(record.backends).toEqual([
      { backend: 'wasm', fromIteration: 1 },
      { backend: 'cpu', fromIteration: 5 },
    ]);
    expect(record.trace).toHaveLength(iters);
  });
}

/**
 * Runs `query` (on wasm, with a ?fault) to the end and checks the fallback to cpu: the alert holds
 * every one of `says`, the indicator reads cpu, and the timeline ends at `lastRecord`. `beforeRun`
 * runs once the app is ready, before Run is pressed.
 */
async function expectContinuedOnCpu(
  page: Page,
  query: string,
  says: string[],
  lastRecord: string,
  beforeRun?: () => Promise<void>,
) {
  const { pageErrors } = await openApp(page, query);
  await beforeRun?.();
  await page.getByTestId('run-button').click();
  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1);
  for (const text of says) await expect(alert).toContainText(text);
  await expect(page.getByTestId('backend-indicator')).toHaveText('cpu');
  await expect(page.getByTestId('status')).toHaveText('done');
  // Nothing lost at the failure and nothing repeated: one record per iteration.
  await expect(page.getByText(lastRecord)).toBeVisible();
  expect(pageErrors).toEqual([]);
}

// Penalty continues mid-search: the failed iteration is the 2nd of search step 2 (fault counted over
// all steps), and the run goes on from there at the c the binary search had reached.
test('a penalty run whose backend fails continues mid-search on cpu', async ({ page }) => {
  await expectContinuedOnCpu(
    page,
    '?dataset=mnist&index=7&method=penalty&eps=1&iters=4&seed=1&critic=lite&backend=wasm&fault=nan@6',
    [
      'The wasm backend failed at iteration 2 of search step 2 (iteration 2 of search step 2 produced a non-finite value',
      'continued from iteration 2 of search step 2 with the last δ (of iteration 1), c = ',
    ],
    'record 36 of 36 (iteration 4, search step 9)',
  );
  await expect(page.getByTestId('search-step')).toHaveText(' · search step 9 of 9');
  await expect(page.getByTestId('result-success')).toBeVisible();
});

test('a PGD run whose backend fails (kernel) continues on cpu from the last δ', async ({ page }) => {
  await expectContinuedOnCpu(
    page,
    '?dataset=mnist&index=7&method=pgd&eps=0.3&iters=30&seed=1&critic=lite&backend=wasm&fault=kernel@5',
    [
      'The wasm backend failed at iteration 5',
      'continued from iteration 5 with the last δ (of iteration 4) and the last success so far',
    ],
    'record 30 of 30',
  );
  await expect(page.getByTestId('iteration-counter')).toHaveText('30');
  await expect(page.getByTestId('result-success')).toHaveText('success');
});

// The unsupervised attacks continue too: MINE-UAE like MinMax; L2-UAE (no critic) mid-search.
test('a MINE-UAE run whose backend fails continues on cpu from the last δ', async ({ page }) => {
  await expectContinuedOnCpu(
    page,
    '?task=unsupervised&ae=conv&critic=lite&iters=8&mineSteps=2&seed=1&backend=wasm&fault=nan@3',
    [
      'The wasm backend failed at iteration 3',
      'continued from iteration 3 with the last δ (of iteration 2), c and δ* so far',
    ],
    'record 8 of 8',
  );
  await expect(page.getByTestId('iteration-counter')).toHaveText('8');
});

test('an L2-UAE run whose backend fails (kernel) continues mid-search on cpu', async ({ page }) => {
  await expectContinuedOnCpu(
    page,
    '?task=unsupervised&method=l2-uae&ae=conv&iters=3&seed=1&backend=wasm&fault=kernel@5',
    ['The wasm backend failed at iteration 2 of search step 2', 'L2-UAE trains no critic: nothing restarts'],
    'record 27 of 27 (iteration 3, search step 9)',
  );
  await expect(page.getByTestId('search-step')).toHaveText(' · search step 9 of 9');
});
