/**
 * The start-up a lecturer meets, the two ways side by side in one sitting (part of bench:ui): the
 * dev server (`npm run dev`, its dependency cache cleared first, as after a fresh install, unless
 * BENCH_UI_DEV_COLD=0) and the lecture path (`npm run lecture`: the static build with the app's
 * headers; its first visit, then a reload with the network cut, served by the service worker). For
 * each visit: load → ready (the Run button enabled, the engine idle) and how many times the page
 * navigated (a self-reload shows as 2). A measurement, not a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';

const READY_TIMEOUT_MS = 180_000;
/** After ready, how long the page is watched for a late self-reload. */
const WATCH_MS = 5_000;

export interface StartupOptions {
  /** The preview server (the lecture path), already serving the build. */
  readonly lectureUrl: string;
  /** A free port for the dev server. */
  readonly devPort: number;
  readonly rounds: number;
  readonly query: string;
}

async function readyAfter(page: Page, url: string): Promise<{ ms: number; navigations: number }> {
  let navigations = 0;
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations++;
  });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(
    () => {
      const b = document.querySelector<HTMLButtonElement>('[data-testid="run-button"]');
      return (
        b !== null && !b.disabled && document.querySelector('[data-testid="status"]')?.textContent === 'idle'
      );
    },
    undefined,
    { timeout: READY_TIMEOUT_MS },
  );
  const ms = Date.now() - t0;
  await page.waitForTimeout(WATCH_MS);
  return { ms, navigations };
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function devVisit(browser: Browser, o: StartupOptions): Promise<string> {
  if (process.env.BENCH_UI_DEV_COLD !== '0') rmSync('node_modules/.vite', { recursive: true, force: true });
  const server: ChildProcess = spawn(
    'npx',
    ['vite', '--host', '127.0.0.1', '--port', String(o.devPort), '--strictPort'],
    { stdio: 'ignore', detached: true },
  );
  try {
    const url = `http://127.0.0.1:${o.devPort}/`;
    await waitForServer(url);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const first = await readyAfter(await context.newPage(), `${url}${o.query}`);
    const again = await readyAfter(await context.newPage(), `${url}${o.query}`);
    await context.close();
    return `dev server (npm run dev${process.env.BENCH_UI_DEV_COLD === '0' ? '' : ', cache cleared'}) | ${first.ms} | ${first.navigations} | ${again.ms} | ${again.navigations}`;
  } finally {
    if (server.pid !== undefined) process.kill(-server.pid);
  }
}

async function lectureVisit(browser: Browser, o: StartupOptions): Promise<string> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    serviceWorkers: 'allow',
  });
  const page = await context.newPage();
  const first = await readyAfter(page, `${o.lectureUrl}${o.query}`);
  // The service worker saves the build in the background; the reload is offline once it has.
  await page.getByText('Available offline').waitFor({ timeout: READY_TIMEOUT_MS });
  await context.setOffline(true);
  const again = await readyAfter(await context.newPage(), `${o.lectureUrl}${o.query}`);
  await context.close();
  return `lecture path (npm run lecture) | ${first.ms} | ${first.navigations} | ${again.ms} (network off) | ${again.navigations}`;
}

export async function benchStartup(browser: Browser, o: StartupOptions): Promise<void> {
  console.log(
    `\nstart-up, ${o.rounds} round(s), each a fresh browser profile at 1280×720 (${o.query}); ready = Run enabled, engine idle`,
  );
  console.log('path | first visit: load→ready ms | navigations | second visit: load→ready ms | navigations');
  for (let round = 0; round < o.rounds; round++) {
    console.log(await devVisit(browser, o));
    console.log(await lectureVisit(browser, o));
  }
}
