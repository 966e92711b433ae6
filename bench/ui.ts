/**
 * npm run bench:ui — drives the production build in Chromium and prints what the UI costs while a run
 * streams: main-thread long tasks (> 50 ms), frames per second, time from load to ready, and
 * iterations per second on each backend. A measurement, not a test.
 */
import { spawn, execSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { baseArgs, chromiumPath } from '../e2e/chromium';

const PORT = 4319;
const ITERS = Number(process.env.BENCH_UI_ITERS ?? 100);
const BACKENDS = (process.env.BENCH_UI_BACKENDS ?? 'wasm,cpu').split(',');

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function main(): Promise<void> {
  execSync('npx vite build', { stdio: 'ignore' });
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    { stdio: 'ignore', detached: true },
  );
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...baseArgs] });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`);
    console.log(
      `bench:ui — ${ITERS} MinMax iterations, lite critic, image 0, seed 1, Chromium ${browser.version()}`,
    );
    console.log(
      'backend | load→ready ms | it/s | ms/iter | long tasks >50 ms (max ms) | UI fps while streaming',
    );
    for (const backend of BACKENDS) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.addInitScript(() => {
        const w = window as unknown as { longTasks: number[]; frames: number[] };
        w.longTasks = [];
        w.frames = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: true });
        const tick = (t: number) => {
          w.frames.push(t);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const t0 = Date.now();
      await page.goto(
        `http://127.0.0.1:${PORT}/?backend=${backend}&critic=lite&iters=${ITERS}&index=0&seed=1`,
      );
      await page.getByTestId('run-button').waitFor();
      await page.waitForFunction(
        () => {
          const b = document.querySelector<HTMLButtonElement>('[data-testid="run-button"]');
          return b !== null && !b.disabled;
        },
        undefined,
        { timeout: 120_000 },
      );
      const ready = Date.now() - t0;
      const chosen = await page.getByTestId('backend-indicator').textContent();
      const mark = await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[]; frames: number[] };
        w.longTasks.length = 0;
        w.frames.length = 0;
        return performance.now();
      });
      await page.getByTestId('run-button').click();
      await page
        .getByTestId('status')
        .filter({ hasText: /^(done|error)$/ })
        .waitFor({ timeout: 600_000 });
      const stats = await page.evaluate((start) => {
        const w = window as unknown as { longTasks: number[]; frames: number[] };
        const end = performance.now();
        return { longTasks: w.longTasks.slice(), frames: w.frames.length, seconds: (end - start) / 1000 };
      }, mark);
      const ms = Number(await page.getByTestId('hud-ms').textContent());
      const longest = stats.longTasks.length === 0 ? 0 : Math.max(...stats.longTasks);
      console.log(
        `${chosen} | ${ready} | ${(ITERS / stats.seconds).toFixed(1)} | ${ms.toFixed(1)} | ${stats.longTasks.length} (${longest.toFixed(0)}) | ${(stats.frames / stats.seconds).toFixed(1)}`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid);
  }
}

await main();
