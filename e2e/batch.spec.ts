import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { download } from './app-page';

/**
 * PGD at ε = 0.2, T = 20 on test images 0–2 (cpu, seed 1, lite critic, fair MI 20 × 2). The CLI's
 * `evaluate --method pgd --eps 0.2 --iters 20 --n 3 --backend cpu --seed 1` (the same core) fails on
 * images 0 and 1 and succeeds on image 2: the page must say the same.
 */
const BATCH =
  '?view=batch&method=pgd&eps=0.2&iters=20&seed=1&critic=lite&backend=cpu&fairSteps=20&fairRestarts=2&batchN=3';
const SHOTS = process.env.VIEWS_SCREENSHOTS;

async function openView(page: Page, query: string): Promise<Error[]> {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`/${query}`);
  await expect(page.getByTestId('status')).toHaveText('idle');
  return errors;
}

test('Batch evaluation: ASR, MI, the fair-MI histogram, the failures, export, and a failure opens in the run view', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = await openView(page, BATCH);
  await expect(page.getByRole('tab', { name: 'Batch evaluation' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('batch-method')).toContainText('Method: PGD');
  await page.getByTestId('batch-start').click();
  await expect(page.getByTestId('batch-status')).toHaveText(/^Done in .+ on cpu\.$/, { timeout: 240_000 });

  await expect(page.getByTestId('batch-count')).toHaveText('3 of 3');
  await expect(page.getByTestId('batch-asr')).toHaveText('33.3 %');
  await expect(page.getByTestId('batch-fair-mi')).toHaveText(/^\d\.\d+ ± 0/);
  await expect(page.getByTestId('fair-mi-histogram')).toHaveAttribute(
    'aria-label',
    /^Fair MI histogram of 1 successful example, from .+ nats in 10 bins; counts /,
  );
  const failures = page.getByTestId('batch-failures').locator('li');
  await expect(failures).toHaveCount(2);
  await expect(failures.nth(0)).toContainText('Test image 0 (label 7): f stayed > 0 for all 20 iterations');
  await expect(failures.nth(1)).toContainText('Test image 1 (label 2): f stayed > 0 for all 20 iterations');

  const csv = await download(page, 'Export CSV');
  expect(csv.name).toBe('batch-pgd-n3-seed1.csv');
  const rows = readFileSync(csv.path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual([
    ['0', '7', '0'],
    ['1', '2', '0'],
    ['2', '1', '1'],
  ]);
  const json = await download(page, 'Export JSON');
  const record = JSON.parse(readFileSync(json.path, 'utf8')) as {
    kind: string;
    method: string;
    seed: number;
    backend: string;
    versions: Record<string, string>;
    summary: { n: number; asr: number; nMiFair: number; miFairMean: number };
    samples: {
      index: number;
      failureReason: string | null;
      miFair: { mean: number; steps: number; restarts: number } | null;
    }[];
  };
  expect(record).toMatchObject({ kind: 'batch', method: 'pgd', seed: 1, backend: 'cpu' });
  expect(record.summary).toMatchObject({ n: 3, nMiFair: 1 });
  expect(record.summary.asr).toBeCloseTo(1 / 3, 10);
  expect(record.samples[2]!.miFair).toMatchObject({ steps: 20, restarts: 2 });
  expect(record.summary.miFairMean).toBe(record.samples[2]!.miFair!.mean);
  expect(Object.keys(record.versions).length).toBeGreaterThan(0);

  if (SHOTS) {
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: `${SHOTS}/batch.png` });
    await page.getByTestId('fair-mi-histogram').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/batch-results.png` });
  }
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);
  expect(errors).toEqual([]);

  // The second image of the batch ran with seed 1 + 1: its link opens the run view as the batch ran it.
  await page.getByTestId('batch-failure-1').click();
  await expect(page.getByRole('tab', { name: 'Run' })).toHaveAttribute('aria-selected', 'true');
  const url = new URL(page.url());
  expect(
    Object.fromEntries(
      ['view', 'index', 'seed', 'method', 'eps', 'iters', 'backend'].map((k) => [k, url.searchParams.get(k)]),
    ),
  ).toEqual({
    view: 'run',
    index: '1',
    seed: '2',
    method: 'pgd',
    eps: '0.2',
    iters: '20',
    backend: 'cpu',
  });
  await expect(page.getByTestId('status')).toHaveText('idle');
  await page.getByTestId('run-button').click();
  // The run repeats the batch's attack on that image: the same failure, word for word.
  await expect(page.getByTestId('failure-reason')).toHaveText(record.samples[1]!.failureReason!);
});

test('a batch can be cancelled: what finished stays, with its summary', async ({ page }) => {
  test.setTimeout(300_000);
  await openView(
    page,
    BATCH.replace('method=pgd', 'method=minmax')
      .replace('iters=20', 'iters=60')
      .replace('batchN=3', 'batchN=5'),
  );
  await page.getByTestId('batch-start').click();
  await expect(page.getByTestId('batch-count')).toHaveText('1 of 5', { timeout: 200_000 });
  await page.getByTestId('batch-cancel').click();
  await expect(page.getByTestId('batch-status')).toHaveText(
    /^Cancelled after .+: what finished is kept below\.$/,
  );
  const count = await page.getByTestId('batch-count').textContent();
  expect(count).toMatch(/^[12] of 5$/);
  await expect(page.getByTestId('batch-start')).toBeEnabled();
});

test('a batch refuses N outside its limit, from a link and from the field', async ({ page }) => {
  await openView(page, '?view=batch&backend=cpu&batchN=250');
  const alert = page.getByRole('alert').filter({ hasText: 'This link had 1 value this app corrected' });
  await expect(alert).toContainText('batchN=250 is outside [1, 100] → 100');
  const field = page.getByLabel('First N test images (1–100)');
  await field.fill('0');
  await field.press('Enter');
  await expect(page.getByText(/N must be/)).toBeVisible();
});
