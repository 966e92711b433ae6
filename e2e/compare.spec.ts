import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { download } from './app-page';

/** A tiny seeded comparison on the cpu backend: T = 20, lite critic, fair MI 20 steps × 2 restarts. */
const COMPARE = '?view=compare&index=7&iters=20&seed=1&critic=lite&backend=cpu&fairSteps=20&fairRestarts=2';
const SHOTS = process.env.VIEWS_SCREENSHOTS;

async function openView(page: Page, query: string): Promise<Error[]> {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`/${query}`);
  await expect(page.getByTestId('status')).toHaveText('idle');
  return errors;
}

test('Compare runs MinMax, penalty and PGD on one image with one seed and exports what it shows', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = await openView(page, COMPARE);
  await expect(page.getByRole('tab', { name: 'Compare methods' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('compare-shared')).toHaveText(
    'Same seed 1, same T = 20 (penalty: T per binary-search step), same critic (lite), ε = 1, α = 0.01; fair MI S×R = 20×2.',
  );
  await expect(page.getByTestId('compare-image')).toHaveAttribute('aria-label', 'the compared image');
  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('compare-progress')).toBeVisible();
  await expect(page.getByTestId('compare-status')).toHaveText(/^Done in .+ on cpu\.$/, { timeout: 240_000 });

  for (const m of ['minmax', 'penalty', 'pgd']) {
    const row = page.getByTestId(`compare-row-${m}`);
    await expect(row.getByTestId('fair-mi')).toHaveText(/^-?\d+\.\d+ ± \d/);
    await expect(row.getByTestId('success')).toHaveText(/^(yes|no)/);
  }
  const shownFair = await page.getByTestId('compare-row-minmax').getByTestId('fair-mi').textContent();

  const csv = await download(page, 'Export CSV');
  expect(csv.name).toBe('compare-7-seed1.csv');
  const lines = readFileSync(csv.path, 'utf8').trim().split('\n');
  expect(lines[0]!.split(',').slice(0, 4)).toEqual(['method', 'success', 'firstSuccessIter', 'miFairMean']);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['minmax', 'penalty', 'pgd']);
  const minmax = lines[1]!.split(',');
  // The page rounds to 3 digits; the file keeps the full figure.
  expect(Number(minmax[3]).toPrecision(3)).toBe(shownFair!.split(' ± ')[0]);
  expect(minmax[5]).toBe('20');
  expect(minmax[6]).toBe('2');

  const json = await download(page, 'Export JSON');
  const record = JSON.parse(readFileSync(json.path, 'utf8')) as {
    kind: string;
    seed: number;
    backend: string;
    versions: Record<string, string>;
    settings: { iters: number; critic: string; seed: number };
    fairMi: { steps: number; restarts: number };
    image: { index: number; label: number };
    rows: { method: string; delta: number[]; adversarial: number[]; miFair: { restarts: number } | null }[];
  };
  expect(record).toMatchObject({
    kind: 'compare',
    seed: 1,
    backend: 'cpu',
    fairMi: { steps: 20, restarts: 2 },
  });
  expect(record.settings).toMatchObject({ iters: 20, critic: 'lite', seed: 1 });
  expect(record.image).toMatchObject({ index: 7, label: 9 });
  expect(Object.keys(record.versions).length).toBeGreaterThan(0);
  expect(record.rows.map((r) => r.method)).toEqual(['minmax', 'penalty', 'pgd']);
  for (const r of record.rows) {
    expect(r.delta).toHaveLength(784);
    expect(r.adversarial).toHaveLength(784);
  }

  const png = await download(page, 'Export PNG (row grid)');
  const bytes = readFileSync(png.path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  // IHDR: width and height, big-endian: one row for x and one per method, 168 px cells + 10 px gaps.
  expect(bytes.readUInt32BE(16)).toBe(150 + 2 * 178);
  expect(bytes.readUInt32BE(20)).toBe(4 * 178);

  if (SHOTS) {
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: `${SHOTS}/compare.png` });
    await page.getByTestId('compare-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/compare-rows.png` });
  }
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the view tabs work from the keyboard and the address follows them', async ({ page }) => {
  await openView(page, '?index=7&iters=5&seed=1&critic=lite&backend=cpu');
  const run = page.getByRole('tab', { name: 'Run' });
  await expect(run).toHaveAttribute('aria-selected', 'true');
  if (SHOTS) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/run.png` });
  }
  await expect(page.getByTestId('run-button')).toBeVisible();
  await run.focus();
  await page.keyboard.press('ArrowRight');
  const compare = page.getByRole('tab', { name: 'Compare methods' });
  await expect(compare).toHaveAttribute('aria-selected', 'true');
  await expect(compare).toBeFocused();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('run-button')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('view')).toBe('compare');
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'MINE lab' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Paper' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(run).toHaveAttribute('aria-selected', 'true');
  expect(new URL(page.url()).searchParams.get('view')).toBeNull();
  await expect(page.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'view-tab-run');
});

test('an unknown view falls back to the run view with the one summary alert', async ({ page }) => {
  await openView(page, '?view=paperz&backend=cpu');
  await expect(page.getByRole('tab', { name: 'Run' })).toHaveAttribute('aria-selected', 'true');
  const alert = page.getByRole('alert').filter({ hasText: 'This link had 1 value this app corrected' });
  await expect(alert).toContainText('view=paperz is not one of run, compare, batch, paper, mine-lab → run');
});

test('Compare on an autoencoder runs MINE-UAE, L2-UAE and GA', async ({ page }) => {
  test.setTimeout(300_000);
  await openView(
    page,
    '?view=compare&task=unsupervised&ae=conv&index=0&iters=5&mineSteps=2&seed=1&critic=lite&backend=cpu&fairSteps=10&fairRestarts=2&cmpMethods=mine-uae,l2-uae,ga:0.01',
  );
  await expect(page.getByTestId('compare-method-ga:0.001')).not.toBeChecked();
  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('compare-status')).toHaveText(/^Done in /, { timeout: 240_000 });
  await expect(page.getByTestId('compare-table').locator('tr[data-testid^="compare-row-"]')).toHaveCount(3);
  // A failed row carries its reason on the line below it.
  for (const m of ['mine-uae', 'l2-uae', 'ga:0.01']) {
    const failed = (await page.getByTestId(`compare-row-${m}`).getByTestId('success').textContent()) === 'no';
    await expect(page.getByTestId(`compare-note-${m}`)).toHaveCount(failed ? 1 : 0);
    if (failed) await expect(page.getByTestId(`compare-note-${m}`)).toContainText(/^Failed: .+\./);
  }
  await expect(page.getByTestId('compare-row-ga:0.01').getByTestId('fair-mi')).toHaveText(/^-?\d+\.\d+ ± \d/);
  if (SHOTS) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('compare-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/compare-autoencoder.png` });
  }
});
