import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './app-page';

const LONG_RUN = '?index=7&iters=5000&seed=1&critic=lite&backend=cpu';

/** Focus on nothing in particular, as after a click on the page's background. */
async function focusPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
  });
}

test('Space, →, a, c and Esc drive a run as the buttons do', async ({ page }) => {
  await openApp(page, LONG_RUN);
  const counter = page.getByTestId('iteration-counter');
  const status = page.getByTestId('status');
  await focusPage(page);
  await page.keyboard.press('ArrowRight');
  await expect(status).toHaveText('paused');
  await expect(counter).toHaveText('1');
  await page.keyboard.press('c');
  await expect(page.getByText('record 2 of 2 (iteration 1, critic only)')).toBeVisible();
  await expect(counter).toHaveText('1');
  await page.keyboard.press('a');
  await expect(page.getByText('record 3 of 3 (iteration 2, attacker only)')).toBeVisible();
  await expect(counter).toHaveText('2');
  // Space resumes the paused run, pauses it, and resumes it again.
  await page.keyboard.press('Space');
  await expect(status).toHaveText('running');
  await expect(counter).not.toHaveText('2');
  await page.keyboard.press('Space');
  await expect(status).toHaveText('paused');
  const held = await counter.textContent();
  await page.keyboard.press('Space');
  await expect(status).toHaveText('running');
  await expect(counter).not.toHaveText(held!);
  await page.keyboard.press('Escape');
  await expect(status).toHaveText('done');
  await expect(page.getByText('(cancelled)')).toBeVisible();
  // From done, Space starts a fresh run (once the engine has freed the last one, as Run waits).
  await expect(page.getByTestId('run-button')).toBeEnabled();
  await page.keyboard.press('Space');
  await expect(status).toHaveText('running');
  await page.keyboard.press('Escape');
  await expect(status).toHaveText('done');
  // The page did not scroll under Space (the default the shortcut replaces).
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

test('a and c do nothing for a one-player method; → still steps it', async ({ page }) => {
  await openApp(page, '?method=pgd&iters=50&seed=1&backend=cpu');
  const status = page.getByTestId('status');
  await focusPage(page);
  await page.keyboard.press('a');
  await page.keyboard.press('c');
  await page.keyboard.press('ArrowRight');
  await expect(status).toHaveText('paused');
  await expect(page.getByTestId('iteration-counter')).toHaveText('1');
  await expect(page.getByText('record 1 of 1')).toBeVisible();
});

test('typing in a number field, or with a modifier, triggers no shortcut', async ({ page }) => {
  await openApp(page, LONG_RUN);
  const counter = page.getByTestId('iteration-counter');
  const status = page.getByTestId('status');
  await focusPage(page);
  await page.keyboard.press('ArrowRight');
  await expect(counter).toHaveText('1');
  const field = page.getByLabel('T (iterations)', { exact: true });
  await field.click();
  await field.press('End');
  // Every shortcut key, typed into the field: the text takes them, the run does not move.
  for (const key of ['ArrowRight', 'Space', 'a', 'c', '?']) await field.press(key);
  await expect(field).toHaveValue('5000 ac?');
  // Esc in a field restores its value; it does not cancel the paused run.
  await field.press('Escape');
  await expect(field).toHaveValue('5000');
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
  await focusPage(page);
  for (const key of ['Control+ArrowRight', 'Alt+a', 'Control+c', 'Meta+ArrowRight'])
    await page.keyboard.press(key);
  // Still one iteration, still paused: then a plain → steps, proving the page was listening.
  await expect(status).toHaveText('paused');
  await expect(counter).toHaveText('1');
  await page.keyboard.press('ArrowRight');
  await expect(counter).toHaveText('2');
  await expect(page.getByText('record 2 of 2')).toBeVisible();
});

test('Esc leaves presentation mode before it cancels, and the link follows', async ({ page }) => {
  await openApp(page, `${LONG_RUN}&present=1`);
  const html = page.locator('html');
  const status = page.getByTestId('status');
  await expect(html).toHaveClass(/present/);
  await focusPage(page);
  await page.keyboard.press('Space');
  await expect(status).toHaveText('running');
  await page.keyboard.press('Escape');
  await expect(html).not.toHaveClass(/present/);
  await expect(page.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(status).toHaveText('running');
  expect(await page.getByTestId('share-link').inputValue()).not.toContain('present=1');
  await page.keyboard.press('Escape');
  await expect(status).toHaveText('done');
});

test('? opens a labelled help dialog that keeps the focus and closes on Esc', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page, LONG_RUN);
  await focusPage(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.locator('kbd')).toHaveText(['Space', '→', 'a', 'c', 's', 'Esc', '?']);
  const close = help.getByRole('button', { name: 'Close' });
  await expect(close).toBeFocused();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    await expect(close).toBeFocused();
  }
  await page.keyboard.press('Shift+Tab');
  await expect(close).toBeFocused();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('shortcut-help.png') });
  // Keys inside the dialog do not reach the page: → does not step behind it.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('iteration-counter')).toHaveText('0');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(page.getByTestId('status')).toHaveText('idle');
  // Reopened and closed with its button.
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await close.press('Enter');
  await expect(help).toBeHidden();
});

test('Run is an early Tab stop; the four charts are one labelled stop', async ({ page }) => {
  await openApp(page, '?index=7&iters=5&seed=1&critic=lite&backend=cpu');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  // Tab from the page's top: a click on the title sets where sequential focus starts.
  await page.locator('h1').click();
  const stops: { testId: string | null; inCharts: boolean; role: string | null; name: string | null }[] = [];
  for (let i = 0; i < 250; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (el === null || el === document.body) return null;
      return {
        testId: el.getAttribute('data-testid'),
        inCharts: el.closest('section[aria-labelledby="charts-heading"]') !== null,
        role: el.getAttribute('role'),
        name: el.getAttribute('aria-label'),
      };
    });
    if (at === null) break;
    if (stops.length > 0 && stops[0]!.testId === at.testId && at.testId !== null) break;
    stops.push(at);
  }
  const run = stops.findIndex((s) => s.testId === 'run-button');
  expect(run).toBeGreaterThanOrEqual(0);
  // Before it: the masthead's toggle and the view tabs only.
  expect(run).toBeLessThan(4);
  const charts = stops.filter((s) => s.inCharts);
  expect(charts).toHaveLength(1);
  expect(charts[0]).toMatchObject({ testId: 'charts-group', role: 'group' });
  expect(charts[0]!.name).toMatch(/^Live charts: /);
});
