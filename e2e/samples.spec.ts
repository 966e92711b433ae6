/**
 * Issue 12 §6 and §3's last bullet: the unsupervised task shows its MINE samples (the conv AE's 16
 * first-conv maps, the dense AEs' random projections), and the per-sample trick is animated once per
 * record of the run, in the Run view and in the MINE lab.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp } from './app-page';

const CONV = '?task=unsupervised&ae=conv&iters=30&mineSteps=2&critic=lite&backend=cpu&seed=1&index=3';
const DENSE = '?task=unsupervised&ae=dense&iters=30&mineSteps=2&critic=lite&backend=cpu&seed=1&index=3';

/** How many of the canvases under `where` were drawn on (two or more distinct pixel values). */
function drawnCanvases(where: Locator): Promise<number> {
  return where
    .locator('canvas')
    .evaluateAll((all) =>
      all.filter((el) => {
        const c = el as HTMLCanvasElement;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 4; i < data.length; i += 4) if (data[i] !== data[0]) return true;
        return false;
      }),
    )
    .then((drawn) => drawn.length);
}

/** The per-sample animation's frame, lit sample and its marginal partner. */
async function trickState(page: Page, root: Locator = page.locator('body')) {
  const status = root.getByTestId('trick-status');
  return {
    frame: Number(await status.getAttribute('data-frame')),
    sample: Number(await status.getAttribute('data-sample')),
    partner: Number(await status.getAttribute('data-partner')),
  };
}

test('conv AE: the maps panel shows its 16 first-conv maps of x and x′, with the engine’s π', async ({
  page,
}) => {
  const { pageErrors } = await openApp(page, CONV);
  const mapsX = page.getByTestId('maps-x');
  // Before any run: the maps of x from the worker's inspection of the chosen image.
  await expect(mapsX.locator('canvas')).toHaveCount(16);
  await expect.poll(() => drawnCanvases(mapsX)).toBeGreaterThan(8);
  await expect(
    page.getByText(/conv autoencoder's first convolution \(after ReLU, maps of 28×28\)/),
  ).toBeVisible();
  const trick = page.getByTestId('per-sample-trick');
  await expect(trick.getByRole('heading', { name: 'How the per-sample trick works' })).toBeVisible();
  await expect(trick.getByTestId('trick-status')).toHaveAttribute('data-frame', '0');

  await page.getByTestId('step-button').click();
  await expect(page.getByTestId('iteration-counter')).toHaveText('1');
  const mapsAdv = page.getByTestId('maps-adv');
  await expect(mapsAdv.locator('canvas')).toHaveCount(16);
  await expect.poll(() => drawnCanvases(mapsAdv)).toBeGreaterThan(8);
  const shuffleBox = page.getByLabel(/Show x′ maps in the marginal's shuffled order/);
  await expect(shuffleBox).toBeEnabled();
  await expect(trick.getByTestId('trick-status')).toHaveAttribute('data-frame', '1');
  await expect(trick.getByTestId('trick-status')).toContainText('π is the shuffle the engine used');
  const first = await trickState(page, trick);
  expect(first.sample).toBe(1);
  // Laid out in π order, x′'s column k is map π(k): the lit sample's column names its partner.
  await shuffleBox.check();
  await expect(page.getByTestId('maps-adv-title')).toContainText('shuffled');
  await expect(mapsAdv.locator('figure').nth(first.sample).locator('figcaption')).toHaveText(
    String(first.partner),
  );
  await expect(trick.getByTestId('trick-marginal')).toContainText(
    `x′ map π(${first.sample}) = ${first.partner}`,
  );

  // Step again: the next frame lights the next sample.
  await page.getByTestId('step-button').click();
  await expect(page.getByTestId('iteration-counter')).toHaveText('2');
  await expect(trick.getByTestId('trick-status')).toHaveAttribute('data-frame', '2');
  expect((await trickState(page, trick)).sample).toBe(2);
  await expect(trick.locator('.trick-thumb.lit-sample')).toHaveCount(1);
  await expect(trick.getByTestId('trick-joint')).toContainText('joint pair (x map 2, x′ map 2)');
  // The buttons move the lit sample by hand, by keyboard too.
  await trick.getByTestId('trick-next').focus();
  await page.keyboard.press('Enter');
  expect((await trickState(page, trick)).sample).toBe(3);

  await trick.screenshot({ path: test.info().outputPath('conv-trick.png') });
  await page.getByTestId('maps-x').screenshot({ path: test.info().outputPath('conv-maps-x.png') });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('dense AE: the panel shows projection directions and the pairs they make, and says they are illustrations', async ({
  page,
}) => {
  const { pageErrors } = await openApp(page, DENSE);
  const panel = page.getByTestId('projection-samples');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('maps-x')).toHaveCount(0);
  await expect(panel.getByTestId('rp-note')).toContainText('The engine never builds these matrices');
  await expect(panel.getByTestId('rp-note')).toContainText('seed 1');
  const pairs = panel.getByTestId('rp-grid').getByTestId('rp-pair');
  await expect(pairs).toHaveCount(6);
  // Each shown sample: a 28×28 direction and the strips of X_k, Y_k and Y_π(k), all drawn.
  await expect.poll(() => drawnCanvases(panel.getByTestId('rp-grid'))).toBe(6 * 5);
  await expect(panel.getByRole('img', { name: /^Colour scale: blue −0\.27/ })).toBeVisible();

  await page.getByTestId('step-button').click();
  await expect(page.getByTestId('iteration-counter')).toHaveText('1');
  await expect(panel.getByTestId('rp-note')).toContainText(
    "The partners π(k) are the engine's latest shuffle.",
  );
  // x′ is close to x after one step: the joint pairs correlate strongly, the shuffled ones hardly.
  for (let i = 0; i < 6; i++) {
    const text = await pairs.nth(i).textContent();
    const [, joint, marginal] =
      /joint \(X\d+, Y\d+\): r = (-?[\d.]+).*marginal \(X\d+, Y\d+\): r = (-?[\d.]+)/.exec(text ?? '')!;
    expect(Number(joint)).toBeGreaterThan(0.8);
    expect(Math.abs(Number(marginal))).toBeLessThan(0.5);
  }
  const trick = page.getByTestId('per-sample-trick');
  const before = await trickState(page, trick);
  expect(before.frame).toBe(1);
  await page.getByTestId('step-critic-button').click();
  await expect(trick.getByTestId('trick-status')).toHaveAttribute('data-frame', '2');
  const after = await trickState(page, trick);
  expect(after.sample).not.toBe(before.sample);
  await expect(trick.getByTestId('rp-pair')).toHaveAttribute('data-sample', String(after.sample));
  await expect(trick.getByTestId('rp-pair')).toHaveAttribute('data-partner', String(after.partner));

  await panel.screenshot({ path: test.info().outputPath('dense-projections.png') });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('the MINE lab shows the trick for the main view’s image; reduced motion keeps it still', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.goto('/?view=mine-lab&backend=cpu&index=3');
  const lab = page.getByTestId('mine-lab');
  const trick = lab.getByTestId('per-sample-trick');
  await expect(trick.getByRole('heading', { name: 'How the per-sample trick works' })).toBeVisible();
  await expect(trick.getByTestId('trick-status')).toContainText('sample 0 of 32');
  await expect(trick.locator('.trick-thumbs').first().locator('canvas')).toHaveCount(32);
  const partner = trick.locator('.trick-partner').first();
  await expect(partner).toHaveCSS('animation-name', 'trick-deal');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect(partner).toHaveCSS('animation-name', 'none');
  await trick.screenshot({ path: test.info().outputPath('lab-trick.png') });
  expect((await new AxeBuilder({ page }).include('[data-testid="mine-lab"]').analyze()).violations).toEqual(
    [],
  );
});
