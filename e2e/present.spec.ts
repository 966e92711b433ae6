import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
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

/** A deterministic finished run: cpu backend, seed, lite critic, 12 iterations. */
const LECTURE_RUN = '?present=1&index=7&iters=12&seed=1&critic=lite&backend=cpu';

/** What must be on the projector's first screen: x, x′, δ with its colour bar, and the MI chart. */
const STAGE = ['image-original', 'image-adversarial', 'image-delta', 'delta-colourbar', 'mi-chart'];
/** The presenter's row, left to right. */
const ROW = [
  'run-button',
  'pause-button',
  'step-button',
  'step-attacker-button',
  'step-critic-button',
  'cancel-button',
  'run-line',
  'settings-toggle',
  'leave-presentation',
];

async function expectFirstScreen(page: Page, width: number, height: number): Promise<void> {
  for (const id of STAGE) {
    const box = await (
      id === 'delta-colourbar' ? page.locator('.colourbar') : page.getByTestId(id)
    ).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.x, `${id} left`).toBeGreaterThanOrEqual(0);
    expect(box!.y, `${id} top`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${id} right`).toBeLessThanOrEqual(width);
    expect(box!.y + box!.height, `${id} bottom`).toBeLessThanOrEqual(height);
  }
  // One row: every control's vertical centre within a few px of Run's, each right of the one before.
  const boxes = await Promise.all(ROW.map((id) => page.getByTestId(id).boundingBox()));
  const centre = (b: { y: number; height: number }) => b.y + b.height / 2;
  for (const [i, box] of boxes.entries()) {
    expect(box, ROW[i]).not.toBeNull();
    expect(Math.abs(centre(box!) - centre(boxes[0]!)), `${ROW[i]} on Run's row`).toBeLessThanOrEqual(4);
    if (i > 0) expect(box!.x, `${ROW[i]} after ${ROW[i - 1]}`).toBeGreaterThan(boxes[i - 1]!.x);
    expect(box!.y + box!.height, `${ROW[i]} on screen`).toBeLessThanOrEqual(height);
  }
  // Nothing scrolled to bring them into view.
  expect(await page.evaluate(() => [window.scrollX, window.scrollY])).toEqual([0, 0]);
}

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`presentation at ${width}×${height}: x, x′, δ and the MI chart on the first screen, one row of controls`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, LECTURE_RUN);
    await expect(page.locator('html')).toHaveClass(/present/);
    // The settings, the engine panel and the view tabs are one key away, not on the screen.
    await expect(page.getByRole('heading', { name: 'Attack settings' })).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Engine' })).toBeHidden();
    await expect(page.getByRole('tablist')).toHaveCount(0);
    await expect(page.getByTestId('pseudo-code')).toBeVisible();
    // Sizes for the back of the room: body text 20 px, chart ticks 18 px, lines 3.5 px.
    expect(
      await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize)),
    ).toBeGreaterThanOrEqual(20);

    await page.keyboard.press('Space');
    await expect(page.getByTestId('mi-chart')).toHaveAttribute('data-renderer', 'canvas');
    await expectFirstScreen(page, width, height);
    const canvasFont = await page
      .getByTestId('mi-chart')
      .locator('canvas')
      .evaluate((c) => parseFloat(getComputedStyle(c).fontSize));
    expect(canvasFont).toBeGreaterThanOrEqual(18);

    await expect(page.getByTestId('status')).toHaveText('done');
    await expect(page.getByTestId('iteration-counter')).toHaveText('12');
    await expect(page.getByTestId('mi-chart')).toHaveAttribute('data-renderer', 'recharts');
    await expectFirstScreen(page, width, height);
    const ticks = page.getByTestId('mi-chart').locator('.recharts-cartesian-axis-tick-value');
    await expect(ticks.first()).toBeVisible();
    for (const size of await ticks.evaluateAll((ts) =>
      ts.map((t) => parseFloat(getComputedStyle(t).fontSize)),
    ))
      expect(size).toBeGreaterThanOrEqual(18);
    const smoothed = page.getByTestId('mi-chart').locator('.series-miSmooth .recharts-line-curve');
    expect(
      await smoothed.evaluate((p) => parseFloat(getComputedStyle(p).strokeWidth)),
    ).toBeGreaterThanOrEqual(3);

    await page.mouse.move(0, 0);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await expect(page).toHaveScreenshot(`present-${width}x${height}.png`, {
      animations: 'disabled',
      maxDiffPixelRatio: 0.002,
    });
  });
}

test('presentation mode from the keyboard: the settings drawer on s, Esc closes it, then leaves', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page, '?index=7&iters=12&seed=1&critic=lite&backend=cpu');
  const toggle = page.getByTestId('present-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(page.locator('html')).toHaveClass(/present/);
  for (const heading of ['Share', 'Augmentation experiment', 'Attack settings'])
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeHidden();

  const drawer = page.getByTestId('settings-drawer');
  const settings = page.getByTestId('settings-toggle');
  await page.keyboard.press('s');
  await expect(drawer).toBeVisible();
  await expect(settings).toHaveAttribute('aria-expanded', 'true');
  await expect(drawer).toBeFocused();
  await expect(drawer.getByRole('heading', { name: 'Attack settings' })).toBeVisible();
  await expect(drawer.getByTestId('status')).toHaveText('idle');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  // A setting changed in the drawer applies: T = 5, then the run from the keyboard stops at 5.
  const iters = drawer.getByLabel('T (iterations)', { exact: true });
  await iters.fill('5');
  await iters.press('Enter');
  // Esc (not in a field, where it restores the value) first closes the drawer, the focus back on its
  // button, and only then leaves the mode.
  await drawer.getByRole('button', { name: 'Close (Esc)' }).focus();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(settings).toBeFocused();
  await expect(page.locator('html')).toHaveClass(/present/);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('5');
  // The button opens it too, and its Close button shuts it.
  await settings.click();
  await expect(drawer).toBeVisible();
  await drawer.getByRole('button', { name: 'Close (Esc)' }).click();
  await expect(drawer).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/present/);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('heading', { name: 'Share', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Attack settings' })).toBeVisible();
});

test('present=1 in a link starts in presentation mode', async ({ page }) => {
  await openApp(page, '?present=1&hide=charts&backend=cpu');
  await expect(page.locator('html')).toHaveClass(/present/);
  await expect(page.getByRole('heading', { name: 'Live charts' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Augmentation experiment' })).toHaveCount(0);
  // Leaving presentation mode brings the advanced panels back, not what the link hid.
  await page.getByTestId('leave-presentation').click();
  await expect(page.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('heading', { name: 'Augmentation experiment' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Live charts' })).toHaveCount(0);
});
