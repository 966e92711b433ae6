import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { contentSecurityPolicy } from '../src/site/headers';
import { openApp } from './app-page';
import { watchCsp } from './csp-watch';
import { pageGpu } from './shell-page';

const POLICY = contentSecurityPolicy('build');

/** Another origin that would answer any page (CORS *), counting the requests that reach it. */
let server: Server;
let otherOrigin = '';
let hits = 0;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
    res.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** fetch() in the page: the body's text, or the error's name and message. */
function tryFetch(page: Page, url: string): Promise<string> {
  return page.evaluate(async (u) => {
    try {
      return await (await fetch(u)).text();
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  }, url);
}

test('the preview server and the built page carry the one policy, as do the worker and the headers file', async ({
  page,
  request,
}) => {
  const index = await request.get('/');
  expect(index.headers()['content-security-policy']).toBe(POLICY);
  expect(await index.text()).toContain(`<meta http-equiv="Content-Security-Policy" content="${POLICY}" />`);
  await openApp(page, '?backend=cpu');
  const workers = page.workers().map((w) => w.url());
  expect(workers.some((u) => /\/assets\/engine\.worker-[\w-]+\.js$/.test(u))).toBe(true);
  for (const url of [...workers, '/sw.js', '/models/dense-ae/model.json'])
    expect((await request.get(url)).headers()['content-security-policy'], url).toBe(POLICY);
  const headersFile = await (await request.get('/_headers')).text();
  expect(headersFile).toContain(`/*\n  Content-Security-Policy: ${POLICY}\n`);
});

test('a cross-origin fetch is blocked by the policy, in the page and in the engine worker; same-origin works', async ({
  page,
  browser,
}) => {
  const violations = await watchCsp(page);
  await openApp(page, '?backend=cpu');
  hits = 0;
  expect(await tryFetch(page, `${otherOrigin}/from-page`)).toMatch(/^TypeError/);
  // One report per policy the page enforces: the header's and the <meta>'s (the same text).
  const reported = await violations();
  expect(reported.filter((v) => v.startsWith('event:'))).toEqual(
    Array<string>(2).fill(`event: connect-src blocked ${otherOrigin}/from-page (:3)`),
  );

  const worker = page.workers().find((w) => w.url().includes('engine.worker'))!;
  const inWorker = await worker.evaluate(async (u) => {
    const seen: string[] = [];
    self.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    let outcome: string;
    try {
      outcome = await (await fetch(u)).text();
    } catch (e) {
      outcome = (e as Error).name;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { outcome, seen };
  }, `${otherOrigin}/from-worker`);
  expect(inWorker.outcome).toBe('TypeError');
  expect(inWorker.seen).toEqual([`connect-src ${otherOrigin}/from-worker`]);
  expect(hits).toBe(0);

  expect(await tryFetch(page, '/models/mnist-classifier/info.json')).toContain('"name"');

  // The control: the same fetch from the same page with the policy switched off reaches the server,
  // so it was the policy (not the address) that stopped it above.
  const open = await browser.newContext({ bypassCSP: true });
  const control = await open.newPage();
  await control.goto('/?backend=cpu');
  expect(await tryFetch(control, `${otherOrigin}/from-control`)).toBe('reached');
  expect(hits).toBe(1);
  await open.close();
});

for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu'] as const) {
  test(`the ${backend} backend initialises under the policy`, async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto(`/?backend=${backend}`);
    const gpu = await pageGpu(page);
    // Debian's Chromium here has both (software); a browser without one has nothing to check.
    // CI runs both tests.
    test.skip(backend === 'webgl' && gpu.webgl === null, 'this browser has no WebGL2');
    test.skip(backend === 'webgpu' && gpu.webgpu === null, 'this browser has no WebGPU adapter');
    await expect(page.getByTestId('status')).toHaveText('idle');
    await expect(page.getByTestId('backend-indicator')).toHaveText(backend);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(await violations()).toEqual([]);
  });
}

test('a default run, the unsupervised task and a tiny experiment report no violation', async ({ page }) => {
  test.setTimeout(300_000);
  const violations = await watchCsp(page);
  // The default attack on the default backend, shortened to keep the test quick.
  const { pageErrors } = await openApp(page, '?iters=30');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 110_000 });

  await page.getByTestId('task-select').selectOption('unsupervised');
  await page.getByTestId('ae-select').selectOption('conv');
  await page.getByLabel('T (iterations)', { exact: true }).fill('3');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');

  await page.getByLabel('Training images N', { exact: true }).fill('20');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByLabel('Test images', { exact: true }).fill('50');
  for (const method of ['mine-uae', 'l2-uae', 'ga:0.001'])
    await page.getByTestId(`experiment-method-${method}`).uncheck();
  await page.getByTestId('experiment-start').click();
  await expect(page.getByTestId('experiment-status')).toHaveText('done', { timeout: 110_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
  expect(await violations()).toEqual([]);
});
