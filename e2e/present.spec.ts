import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

test('the experiment panel and hidden panels round-trip through the share link', async ({ page }) => {
  await openApp(
    page,
    '?backend=cpu&critic=lite&hide=maps&expAe=conv&expMethods=l2-uae,ga:0.01&expTrain=250&expEpochs=3&expTest=300&expSeed=9&expIters=12&expMineSteps=2',
  );
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The link's panels: feature maps hidden, the rest shown.
  await expect(page.getByRole('heading', { name: /first-convolution maps/ })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Live charts' })).toBeVisible();
  // The link's experiment settings.
  await expect(page.getByTestId('experiment-ae')).toHaveValue('conv');
  await expect(page.getByTestId('experiment-method-mine-uae')).not.toBeChecked();
  await expect(page.getByTestId('experiment-method-l2-uae')).toBeChecked();
  await expect(page.getByTestId('experiment-method-ga:0.01')).toBeChecked();
  await expect(page.getByLabel('Training images N', { exact: true })).toHaveValue('250');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('3');
  await expect(page.getByLabel('Test images', { exact: true })).toHaveValue('300');
  await expect(page.getByLabel('Experiment seed', { exact: true })).toHaveValue('9');
  await page.getByText('Attack settings for MINE-UAE and L2-UAE').click();
  await expect(page.getByLabel('UAE iterations', { exact: true })).toHaveValue('12');
  await expect(page.getByLabel('UAE MINE steps per iteration', { exact: true })).toHaveValue('2');

  // Changed in the panel, carried by the link, restored from it.
  await page.getByTestId('experiment-ae').selectOption('sparse');
  await page.getByTestId('experiment-method-ga:0.01').uncheck();
  await page.getByTestId('experiment-method-ga:0.001').check();
  await page.getByLabel('Epochs', { exact: true }).fill('4');
  await page.getByLabel('UAE MINE steps per iteration', { exact: true }).fill('7');
  await page.getByLabel('UAE MINE steps per iteration', { exact: true }).press('Enter');
  const link = await page.getByTestId('share-link').inputValue();
  for (const part of [
    'expAe=sparse',
    'expMethods=l2-uae,ga:0.001',
    'expEpochs=4',
    'expMineSteps=7',
    'hide=maps',
  ])
    expect(link).toContain(part);
  await page.goto(link);
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByTestId('experiment-ae')).toHaveValue('sparse');
  await expect(page.getByTestId('experiment-method-l2-uae')).toBeChecked();
  await expect(page.getByTestId('experiment-method-ga:0.001')).toBeChecked();
  await expect(page.getByTestId('experiment-method-ga:0.01')).not.toBeChecked();
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('4');
  await expect(page.getByLabel('Training images N', { exact: true })).toHaveValue('250');
  await expect(page.getByRole('heading', { name: /first-convolution maps/ })).toHaveCount(0);
  expect(await page.getByTestId('share-link').inputValue()).toBe(link);
});

test('garbage in the new link fields is corrected and reported', async ({ page }) => {
  await page.goto('/?backend=cpu&present=maybe&hide=sidebar&expTrain=999999&expAe=vae');
  await expect(page.getByTestId('status')).toHaveText('idle');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('This link had 4 values this app corrected:');
  await expect(
    alert.getByRole('listitem').filter({ hasText: 'expTrain=999999 is outside [1, 5000]' }),
  ).toHaveCount(1);
  await expect(alert.getByRole('listitem').filter({ hasText: 'sidebar is not among' })).toHaveCount(1);
  await expect(page.getByLabel('Training images N', { exact: true })).toHaveValue('5000');
  await expect(page.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'false');
});

test('presentation mode, from the keyboard: larger images, advanced panels hidden, no axe violations', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openApp(page, '?index=7&iters=12&seed=1&critic=lite&backend=cpu');
  const toggle = page.getByTestId('present-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const before = await page.getByTestId('image-original').boundingBox();
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/present/);
  for (const heading of ['Share', 'Augmentation experiment'])
    await expect(page.getByRole('heading', { name: heading, exact: true })).toHaveCount(0);
  await expect(page.getByTestId('share-link')).toHaveCount(0);
  await expect(page.getByText('How the backend was chosen')).toHaveCount(0);
  await expect(page.getByText('Advanced', { exact: true })).toBeHidden();
  // What a lecture needs stays: status, settings, images, charts.
  await expect(page.getByTestId('status')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Live charts' })).toBeVisible();
  const after = await page.getByTestId('image-original').boundingBox();
  expect(after!.width).toBeGreaterThan(before!.width * 1.5);
  const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(rootPx).toBeGreaterThan(16);

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('12');
  await page.mouse.move(0, 0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('presentation.png'), fullPage: true });
  await expect(page.locator('.shell')).toHaveScreenshot('presentation.png', {
    mask: [page.locator('.hud'), page.getByTestId('backend-reason')],
    animations: 'disabled',
    maxDiffPixelRatio: 0.002,
  });

  // And back, with Enter this time.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('heading', { name: 'Share', exact: true })).toBeVisible();
});

test('present=1 in a link starts in presentation mode', async ({ page }) => {
  await openApp(page, '?present=1&hide=charts&backend=cpu');
  await expect(page.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { name: 'Live charts' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Augmentation experiment' })).toHaveCount(0);
  // Leaving presentation mode brings the advanced panels back, not what the link hid.
  await page.getByTestId('present-toggle').click();
  await expect(page.getByRole('heading', { name: 'Augmentation experiment' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Live charts' })).toHaveCount(0);
});
