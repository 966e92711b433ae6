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

interface Probe {
  benchLongTasks: number[];
  benchFrames: number[];
}

/**
 * Installed in the page before its own scripts: long tasks and the time of every animation frame.
 * A string, not a function: tsx (esbuild, keepNames) wraps named functions in `__name(…)`, a helper
 * that does not exist in the page, so a serialised function threw there, silently, right after the
 * long-task observer was set up and before the rAF loop started (hence the old "0.0 fps").
 */
const PAGE_PROBE = `(() => {
  window.benchLongTasks = [];
  window.benchFrames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.benchLongTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const tick = (t) => {
    window.benchFrames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** Frames per second over the run: the mean, and the min and max over whole 1-s windows. */
function framesPerSecond(frames: readonly number[], start: number, end: number): string {
  const seconds = (end - start) / 1000;
  const windows = Math.floor(seconds);
  const counts = new Array<number>(windows).fill(0);
  for (const t of frames) {
    const w = Math.floor((t - start) / 1000);
    if (w >= 0 && w < windows) counts[w]! += 1;
  }
  const mean = (frames.length / seconds).toFixed(1);
  if (windows === 0) return `${mean} (run shorter than 1 s)`;
  return `${mean} (1-s windows: min ${Math.min(...counts)}, max ${Math.max(...counts)})`;
}

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
      'backend | load→ready ms | it/s | ms/iter | long tasks >50 ms (max ms) | UI fps while streaming: mean (1-s min, max)',
    );
    for (const backend of BACKENDS) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.addInitScript({ content: PAGE_PROBE });
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
        const w = window as unknown as Probe;
        if (w.benchFrames.length === 0) throw new Error('the rAF probe is not running');
        w.benchLongTasks.length = 0;
        w.benchFrames.length = 0;
        return performance.now();
      });
      await page.getByTestId('run-button').click();
      await page
        .getByTestId('status')
        .filter({ hasText: /^(done|error)$/ })
        .waitFor({ timeout: 600_000 });
      const stats = await page.evaluate((start) => {
        const w = window as unknown as Probe;
        const end = performance.now();
        return { longTasks: w.benchLongTasks.slice(), frames: w.benchFrames.slice(), start, end };
      }, mark);
      const seconds = (stats.end - stats.start) / 1000;
      const ms = Number(await page.getByTestId('hud-ms').textContent());
      const longest = stats.longTasks.length === 0 ? 0 : Math.max(...stats.longTasks);
      const fps = framesPerSecond(stats.frames, stats.start, stats.end);
      console.log(
        `${chosen} | ${ready} | ${(ITERS / seconds).toFixed(1)} | ${ms.toFixed(1)} | ${stats.longTasks.length} (${longest.toFixed(0)}) | ${fps}`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid);
  }
}

await main();
