import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { canvasHasContent, openApp } from './app-page';
import { DeployServer } from './deploy-server';

// The service worker saves the whole build (~33 MB) in the background: under load that takes a while.
const SAVED = { timeout: 240_000 };

test.use({ serviceWorkers: 'allow' });

function offlineStatus(page: Page) {
  return page.getByTestId('offline-status');
}

function cacheNames(page: Page): Promise<string[]> {
  return page.evaluate(() => caches.keys());
}

async function buildVersion(page: Page): Promise<string> {
  return (await page.locator('meta[name="minmax-build"]').getAttribute('content'))!;
}

/** A fetch the service worker does not answer (not a file of the build): it needs the network. */
function networkReachable(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    fetch(`/not-in-the-build-${Date.now()}`).then(
      () => true,
      () => false,
    ),
  );
}

test('once saved, the app works with the network cut: the unsupervised task, a reload, a default run', async ({
  page,
  context,
}) => {
  test.setTimeout(480_000);
  // Each test has a fresh context: nothing saved by another test (or spec) is here.
  expect(context.serviceWorkers()).toEqual([]);
  const { pageErrors } = await openApp(page, '?backend=wasm');
  await expect(offlineStatus(page)).toContainText('Available offline', SAVED);
  expect(await cacheNames(page)).toEqual([`minmax-lab-${await buildVersion(page)}`]);
  // Everything the app can ask for is in it: all five models and both data files.
  const saved = await page.evaluate(
    async (name) => {
      const keys = await (await caches.open(name)).keys();
      return keys.map((r) => new URL(r.url).pathname);
    },
    (await cacheNames(page))[0]!,
  );
  for (const model of ['mnist-classifier', 'sparse-ae', 'dense-ae', 'conv-ae', 'adversarial-ae'])
    for (const file of ['model.json', 'weights.bin', 'info.json'])
      expect(saved).toContain(`/models/${model}/${file}`);
  for (const file of ['mnist-test.bin', 'mnist-train.bin']) expect(saved).toContain(`/data/${file}`);
  expect(saved).toContain('/index.html');
  expect(saved.filter((p) => p.endsWith('.wasm'))).toHaveLength(3);
  expect(saved.filter((p) => /^\/assets\/engine\.worker-[\w-]+\.js$/.test(p))).toHaveLength(1);
  await offlineStatus(page).getByText('Available offline').click();
  await expect(offlineStatus(page)).toContainText(`${saved.length} files`);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await context.setOffline(true);
  expect(await networkReachable(page)).toBe(false);
  // The autoencoder has not been loaded by this page yet: it comes from the saved copy.
  await page.getByTestId('task-select').selectOption('unsupervised');
  await expect(page.getByTestId('ae-select')).toHaveValue('dense');
  await expect(page.getByTestId('method-select')).toHaveValue('mine-uae');
  await page.getByLabel('T (iterations)', { exact: true }).fill('3');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('3');
  expect(await canvasHasContent(page, 'image-adv-reconstruction')).toBe(true);
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(offlineStatus(page)).toContainText('Available offline');
  await page.goto('/?iters=20&backend=wasm');
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByTestId('backend-indicator')).toHaveText('wasm');
  expect(await networkReachable(page)).toBe(false);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  await expect(page.getByTestId('iteration-counter')).toHaveText('20');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('a save that cannot finish says so; a second try completes it', async ({ page, context }) => {
  test.setTimeout(480_000);
  await context.route('**/models/adversarial-ae/weights.bin', (route) => route.fulfill({ status: 503 }));
  // The engine is not needed here: the page only has to load.
  await page.goto('/?backend=wasm');
  await expect(offlineStatus(page)).toContainText(
    'Not saved for offline use: models/adversarial-ae/weights.bin: HTTP 503',
    SAVED,
  );
  expect((await new AxeBuilder({ page }).include('.masthead').analyze()).violations).toEqual([]);
  await context.unrouteAll();
  await offlineStatus(page).getByRole('button', { name: 'Try again' }).click();
  await expect(offlineStatus(page)).toContainText('Available offline', SAVED);
});

/** Makes the "next build": the same files, another version in index.html and in sw.js (whose manifest lists the new index.html's hash), as a deploy would. */
function nextBuild(index: string, sw: string, current: string, next: string): { index: string; sw: string } {
  const nextIndex = index.replace(current, next);
  const sha = createHash('sha256').update(nextIndex).digest('hex');
  const nextSw = sw
    .replace(`"version":"${current}"`, `"version":"${next}"`)
    .replace(
      /\{"path":"index.html","size":\d+,"sha256":"[0-9a-f]+"\}/,
      `{"path":"index.html","size":${Buffer.byteLength(nextIndex)},"sha256":"${sha}"}`,
    );
  expect(nextSw).toContain(`"version":"${next}"`);
  expect(nextSw).toContain(sha);
  return { index: nextIndex, sw: nextSw };
}

test('a new build is saved beside the old one, replaces it on request, and the old cache goes', async ({
  page,
}) => {
  test.setTimeout(480_000);
  const host = new DeployServer();
  const origin = await host.start();
  try {
    await page.goto(`${origin}/?backend=wasm`);
    await expect(offlineStatus(page)).toContainText('Available offline', SAVED);
    const first = await buildVersion(page);
    const next = 'e2e0next0build00';
    const files = nextBuild(
      readFileSync('dist/index.html', 'utf8'),
      readFileSync('dist/sw.js', 'utf8'),
      first,
      next,
    );
    host.overrides.set('index.html', files.index);
    host.overrides.set('sw.js', files.sw);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });
    await expect(offlineStatus(page)).toContainText('A new version is saved for offline use', SAVED);
    // Until the switch, this page keeps its own build: both copies are there, nothing mixed.
    expect((await cacheNames(page)).sort()).toEqual([`minmax-lab-${first}`, `minmax-lab-${next}`].sort());
    await offlineStatus(page).getByRole('button', { name: 'Reload to update' }).click();
    await expect.poll(() => buildVersion(page), SAVED).toBe(next);
    await expect(page.getByTestId('status')).toHaveText('idle');
    await expect(offlineStatus(page)).toContainText('Available offline');
    expect(await cacheNames(page)).toEqual([`minmax-lab-${next}`]);

    // And the copy can be removed from the page: the cache and the worker go.
    await offlineStatus(page).getByText('Available offline').click();
    await offlineStatus(page).getByRole('button', { name: 'Remove offline copy' }).click();
    await expect(offlineStatus(page)).toContainText('the offline copy was removed');
    expect(await cacheNames(page)).toEqual([]);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(
      0,
    );
  } finally {
    await host.stop();
  }
});
