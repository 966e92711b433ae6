import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * The MINE lab (issue 12 §3) in real Chromium, on wasm: the X = Y bit table trained with the paper's
 * DV bound must read within 5 % of 1 bit; a bad table entry shows its error and blocks training.
 */
const LAB = '?view=mine-lab&backend=wasm';
const SHOTS = process.env.VIEWS_SCREENSHOTS;

async function openLab(page: Page): Promise<Error[]> {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/${LAB}`);
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByRole('tab', { name: 'MINE lab' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('mine-lab')).toBeVisible();
  return errors;
}

const nats = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-nats'));

test('the X = Y table trains to 1 bit within 5 %', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = await openLab(page);
  await page.getByTestId('lab-use-copy').click();
  await expect(page.getByTestId('lab-exact')).toContainText('1.000 bits');
  await page.getByTestId('lab-train').click();
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  const estimate = await nats(page, 'lab-estimate');
  expect(Math.abs(estimate / Math.LN2 - 1)).toBeLessThan(0.05);
  await expect(page.getByTestId('lab-estimate')).toContainText('bits');
  await expect(page.getByTestId('lab-chart')).toBeVisible();
  if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/mine-lab-bit.png`, fullPage: true });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('a bad table entry shows its error and Train refuses it', async ({ page }) => {
  const errors = await openLab(page);
  const cell = page.getByRole('textbox', { name: 'P(X=0, Y=1)' });
  await cell.fill('-0.2');
  await expect(page.getByTestId('lab-table-error')).toHaveText(
    'P(X=0, Y=1) must not be negative (got -0.2).',
  );
  await expect(cell).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('lab-exact')).toHaveText('–');
  await page.getByTestId('lab-train').click();
  await expect(page.getByTestId('lab-problem')).toContainText('must not be negative');
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-status', 'idle');
  await cell.fill('0x1');
  await expect(page.getByTestId('lab-table-error')).toContainText('is not a decimal number');
  for (const i of [0, 1, 2, 3]) await page.getByTestId(`lab-cell-${i}`).fill('0');
  await expect(page.getByTestId('lab-table-error')).toContainText('at least one positive entry');
  // Unnormalised entries are fine: 1 1 1 1 is the independent table.
  for (const i of [0, 1, 2, 3]) await page.getByTestId(`lab-cell-${i}`).fill('1');
  await expect(page.getByTestId('lab-table-error')).toHaveText('');
  await expect(page.getByTestId('lab-exact')).toContainText('0.000 bits');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('Gaussians: the exact MI follows ρ and d; InfoNCE shows its ceiling', async ({ page }) => {
  const errors = await openLab(page);
  await page.getByTestId('lab-source-gaussian').check();
  await expect(page.getByTestId('lab-exact')).toContainText('0.8304 nats');
  const dim = page.getByLabel('Dimension d', { exact: true });
  await dim.fill('2');
  await dim.press('Enter');
  await expect(page.getByTestId('lab-exact')).toContainText('1.6607 nats');
  await page.getByTestId('lab-bound').focus();
  await page.getByTestId('lab-bound').selectOption('infonce');
  await expect(page.getByTestId('lab-ceiling')).toContainText('log N = 4.852');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/mine-lab-gauss.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a link restores the lab, and the share link carries its settings back', async ({ page }) => {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(
    `/${LAB}&labSource=gaussian&labRho=0.5&labDim=2&labBound=smile&labTau=1.5&labSteps=900&labBatch=64&labLr=0.002&labSeed=9`,
  );
  await expect(page.getByTestId('mine-lab')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'This link had' })).toHaveCount(0);
  await expect(page.getByTestId('lab-source-gaussian')).toBeChecked();
  // −(d/2)·ln(1 − ρ²) at ρ = 0.5, d = 2.
  await expect(page.getByTestId('lab-exact')).toContainText('0.2877 nats');
  await expect(page.getByTestId('lab-bound')).toHaveValue('smile');
  for (const [label, value] of [
    ['SMILE clip τ', '1.5'],
    ['Steps', '900'],
    ['Batch', '64'],
    ['Learning rate', '0.002'],
    ['Seed', '9'],
  ] as const)
    await expect(page.getByLabel(label, { exact: true })).toHaveValue(value);
  const link = page.getByTestId('share-link');
  await expect(link).toHaveValue(/view=mine-lab/);
  await expect(link).toHaveValue(/labSource=gaussian&labRho=0.5&labDim=2&labBound=smile&labTau=1.5/);
  const steps = page.getByLabel('Steps', { exact: true });
  await steps.fill('1000');
  await steps.press('Enter');
  await expect(link).toHaveValue(/labSteps=1000&/);
  // The table as typed travels too, and opens as typed.
  await page.goto(`/${LAB}&labTable=1,1,1,1`);
  await expect(page.getByTestId('lab-cell-3')).toHaveValue('1');
  await expect(page.getByTestId('lab-exact')).toContainText('0.000 bits');
  await expect(page.getByTestId('share-link')).toHaveValue(/labTable=1,1,1,1/);
  expect(errors).toEqual([]);
});

test('a bad lab value in a link is corrected and reported in the one alert', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/${LAB}&labRho=2&labBound=kl&labTable=0.5,x,0,0.5`);
  await expect(page.getByTestId('mine-lab')).toBeVisible();
  // The one alert of the link (the lab's table error line is an alert region of its own, empty here).
  const alert = page.getByRole('alert').filter({ hasText: 'This link had' });
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('This link had 3 values this app corrected:');
  await expect(page.getByTestId('lab-table-error')).toHaveText('');
  const items = await alert.getByRole('listitem').allTextContents();
  expect(items).toEqual([
    'labRho=2 is outside [-0.999, 0.999] → 0.999',
    'labBound=kl is not one of dv, mine, nwj, infonce, smile → dv',
    'labTable=0.5,x,0,0.5: entry 2 is not a decimal number (e.g. 0.3 or 1e-3) → 0.5,0,0,0.5 (the default)',
  ]);
  await expect(page.getByTestId('lab-bound')).toHaveValue('dv');
  await expect(page.getByTestId('lab-cell-1')).toHaveValue('0');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
