/**
 * npm run bench:ui — drives the production build in Chromium and prints what the UI costs while a run
 * streams: main-thread long tasks (> 50 ms) while it streams and in the second after it ends, frames
 * per second, time from load to ready, and iterations per second on each backend; then the page's
 * memory over one long run (ui-memory.ts), and first the start-up of the dev server beside the
 * lecture path's (ui-startup.ts). A measurement, not a test.
 */
import { spawn, execSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { baseArgs, chromiumPath } from '../e2e/chromium';
import { benchMemory } from './ui-memory';
import { benchStartup } from './ui-startup';

const PORT = Number(process.env.BENCH_UI_PORT ?? 4319);
const ITERS = Number(process.env.BENCH_UI_ITERS ?? 100);
const BACKENDS = (process.env.BENCH_UI_BACKENDS ?? 'wasm,cpu').split(',').filter((b) => b !== '');
/** BENCH_UI_CRITIC=paper measures the authors' critic (≈10 M parameters) instead of the lite one. */
const CRITIC = process.env.BENCH_UI_CRITIC ?? 'lite';
if (CRITIC !== 'lite' && CRITIC !== 'paper')
  throw new Error(`BENCH_UI_CRITIC must be lite or paper, got ${CRITIC}`);
/**
 * BENCH_UI_MEMORY: iteration counts at which one long run's memory is measured (default 1000,10000;
 * 0 skips it). The app caps T at 5,000, so the run is a penalty search (lite critic, wasm) of 9 steps
 * × ⌈last / 9⌉ iterations, about as costly per iteration as MinMax.
 */
const MEMORY_AT = (process.env.BENCH_UI_MEMORY ?? '1000,10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
if (MEMORY_AT.some((n, i) => !Number.isInteger(n) || (i > 0 && n <= MEMORY_AT[i - 1]!)))
  throw new Error(`BENCH_UI_MEMORY must list ascending iteration counts, got ${process.env.BENCH_UI_MEMORY}`);
const MEMORY_BACKEND = process.env.BENCH_UI_MEMORY_BACKEND ?? 'wasm';
/** Rounds of the start-up comparison (ui-startup.ts: dev server vs the lecture path); 0 skips it. */
const STARTUP_ROUNDS = Number(process.env.BENCH_UI_STARTUP ?? 2);
/** The dev server's port for that comparison. */
const DEV_PORT = Number(process.env.BENCH_UI_DEV_PORT ?? PORT + 1);
/** A folder for a picture of the charts mid-run (one per backend), to look at the streaming chart. */
const SHOT_DIR = process.env.BENCH_UI_SHOTS;
/** How long after the run's end long tasks are still collected (the charts' swap back to recharts). */
const SETTLE_MS = 1000;
/** BENCH_UI_VERBOSE=1: when each long task began, to tell the run's start and end from the streaming. */
const VERBOSE = process.env.BENCH_UI_VERBOSE === '1';
/**
 * BENCH_UI_CPU_THROTTLE=k (e.g. 2): the page's main thread runs k× slower (Chrome's CPU throttling;
 * the worker is not slowed), a machine slower or busier than this one, to see how much margin the
 * UI's tasks have below 50 ms.
 */
const THROTTLE = Number(process.env.BENCH_UI_CPU_THROTTLE ?? 1);
if (!(THROTTLE >= 1))
  throw new Error(`BENCH_UI_CPU_THROTTLE must be ≥ 1, got ${process.env.BENCH_UI_CPU_THROTTLE}`);

interface Probe {
  /** Main-thread long tasks: when each began (performance.now()) and how long it took (ms). */
  benchLongTasks: { start: number; duration: number }[];
  /** When the status turned done or error (performance.now()), or null while the run streams. */
  benchEndedAt: number | null;
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
    for (const e of list.getEntries()) window.benchLongTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const tick = (t) => {
    window.benchFrames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/**
 * The longest gap between two animation frames in [start, end) (ms): a main-thread task shorter than
 * the 50 ms a long task needs still shows here (a 30 ms task makes a gap of about 33–50 ms).
 */
function longestGap(frames: readonly number[], start: number, end: number): number {
  let gap = 0;
  let prev: number | null = null;
  for (const t of frames) {
    if (t < start || t >= end) continue;
    if (prev !== null) gap = Math.max(gap, t - prev);
    prev = t;
  }
  return gap;
}

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
      `bench:ui — ${ITERS} MinMax iterations, ${CRITIC} critic, image 0, seed 1, Chromium ${browser.version()}` +
        (THROTTLE > 1 ? `, main thread throttled ${THROTTLE}×` : ''),
    );
    console.log(
      `backend | load→ready ms | it/s | ms/iter | long tasks >50 ms while streaming (max ms) | in the ${SETTLE_MS} ms after the end (max ms) | longest frame gap ms while streaming / after the end | UI fps while streaming: mean (1-s min, max)`,
    );
    if (STARTUP_ROUNDS > 0)
      await benchStartup(browser, {
        lectureUrl: `http://127.0.0.1:${PORT}/`,
        devPort: DEV_PORT,
        rounds: STARTUP_ROUNDS,
        query: `?backend=wasm&critic=${CRITIC}&index=0&seed=1`,
      });
    for (const backend of BACKENDS) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.addInitScript({ content: PAGE_PROBE });
      if (THROTTLE > 1) {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      }
      const t0 = Date.now();
      await page.goto(
        `http://127.0.0.1:${PORT}/?backend=${backend}&critic=${CRITIC}&iters=${ITERS}&index=0&seed=1`,
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
        w.benchEndedAt = null;
        // The end of the streaming, to the frame: what comes after (recharts taking over the charts)
        // is counted apart.
        const status = document.querySelector('[data-testid="status"]');
        if (status === null) throw new Error('no status element');
        const observer = new MutationObserver(() => {
          if (/^(done|error)$/.test(status.textContent)) {
            w.benchEndedAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(status, { childList: true, subtree: true, characterData: true });
        return performance.now();
      });
      await page.getByTestId('run-button').click();
      // While the run streams the charts are canvases (recharts costs 30–60 ms a redraw); say so if not.
      await page
        .getByTestId('status')
        .filter({ hasText: /^running$/ })
        .waitFor();
      const streamed = await page
        .locator('[data-renderer="canvas"]')
        .first()
        .waitFor({ timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      if (!streamed)
        console.log(`${backend}: the charts did not switch to the canvas renderer while streaming`);
      if (SHOT_DIR !== undefined && streamed) {
        await page.waitForFunction(
          () => Number(document.querySelector('[data-testid="iteration-counter"]')?.textContent) > 40,
        );
        await page.locator('.charts').screenshot({ path: `${SHOT_DIR}/charts-${backend}.png` });
      }
      await page
        .getByTestId('status')
        .filter({ hasText: /^(done|error)$/ })
        .waitFor({ timeout: 600_000 });
      await page.waitForTimeout(SETTLE_MS);
      const stats = await page.evaluate((start) => {
        const w = window as unknown as Probe;
        const end = w.benchEndedAt ?? performance.now();
        return {
          longTasks: w.benchLongTasks.slice(),
          frames: w.benchFrames.slice(),
          start,
          end,
        };
      }, mark);
      const seconds = (stats.end - stats.start) / 1000;
      const ms = Number(await page.getByTestId('hud-ms').textContent());
      const during = stats.longTasks.filter((task) => task.start < stats.end);
      const after = stats.longTasks.filter((task) => task.start >= stats.end);
      const count = (tasks: readonly { duration: number }[]) =>
        `${tasks.length} (${Math.max(0, ...tasks.map((task) => task.duration)).toFixed(0)})`;
      const fps = framesPerSecond(
        stats.frames.filter((t) => t <= stats.end),
        stats.start,
        stats.end,
      );
      const gaps = `${longestGap(stats.frames, stats.start, stats.end).toFixed(0)} / ${longestGap(stats.frames, stats.end, stats.end + SETTLE_MS).toFixed(0)}`;
      console.log(
        `${chosen} | ${ready} | ${(ITERS / seconds).toFixed(1)} | ${ms.toFixed(1)} | ${count(during)} | ${count(after)} | ${gaps} | ${fps}`,
      );
      if (VERBOSE && stats.longTasks.length > 0) {
        const at = stats.longTasks.map(
          (task) => `${task.duration.toFixed(0)} ms at +${((task.start - stats.start) / 1000).toFixed(2)} s`,
        );
        console.log(`  long tasks (run lasted ${seconds.toFixed(2)} s): ${at.join(', ')}`);
      }
      await page.close();
    }
    if (MEMORY_AT.length > 0) {
      const perStep = Math.ceil(MEMORY_AT.at(-1)! / 9);
      await benchMemory(browser, {
        url: `http://127.0.0.1:${PORT}/?backend=${MEMORY_BACKEND}&critic=lite&method=penalty&iters=${perStep}&index=0&seed=1`,
        checkpoints: MEMORY_AT,
      });
    }
  } finally {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid);
  }
}

await main();
