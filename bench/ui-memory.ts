/**
 * The memory part of bench:ui: one long run, and the page's JS heap (after a forced GC) and the
 * renderer's resident memory at chosen iteration counts, to see whether memory grows with the run's
 * length or stays flat past a ceiling.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';

export interface MemoryBenchOptions {
  readonly url: string;
  /** Ascending iteration counts to measure at; the run ends at (or just past) the last. */
  readonly checkpoints: readonly number[];
}

const MB = 1024 * 1024;

/** Records in the trace (every iteration, over all search steps): the timeline's range. */
const RECORDS_PROBE = `(() => {
  const t = document.querySelector('[data-testid="timeline"]');
  return t === null || t.disabled ? 0 : Number(t.max) + 1;
})()`;

/** Resident memory of a process (Linux), from /proc; null where it cannot be read. */
function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb === null ? null : Number(kb[1]) * 1024;
  } catch {
    return null;
  }
}

function mb(bytes: number | null): string {
  return bytes === null ? '–' : (bytes / MB).toFixed(1);
}

/**
 * Runs `url` (whose run lasts about the last checkpoint's iterations) and prints, at each checkpoint,
 * the page's JS heap after a full GC and its ArrayBuffers (main thread; the engine worker has its own
 * heap, inside the renderer's RSS) and the resident memory of the renderer processes.
 */
export async function benchMemory(browser: Browser, opts: MemoryBenchOptions): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const cdp = await page.context().newCDPSession(page);
  const browserCdp = await browser.newBrowserCDPSession();
  const renderersRss = async (): Promise<number | null> => {
    const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const sizes = processInfo.filter((p) => p.type === 'renderer').map((p) => rssOf(p.id));
    return sizes.some((s) => s === null) ? null : sizes.reduce<number>((a, b) => a + b!, 0);
  };
  const measure = async (): Promise<{ heap: number; buffers: number | null; rss: number | null }> => {
    await cdp.send('HeapProfiler.collectGarbage');
    // The JS heap proper holds no typed arrays' contents: δs and frames live in ArrayBuffer backing
    // stores, which newer Chromes report apart (backingStorageSize).
    const usage = (await cdp.send('Runtime.getHeapUsage')) as {
      usedSize: number;
      backingStorageSize?: number;
    };
    return { heap: usage.usedSize, buffers: usage.backingStorageSize ?? null, rss: await renderersRss() };
  };
  try {
    await page.goto(opts.url);
    await page.waitForFunction(
      `document.querySelector('[data-testid="run-button"]')?.disabled === false`,
      undefined,
      { timeout: 120_000 },
    );
    const before = await measure();
    console.log(`memory — ${opts.url.replace(/^.*\?/, '?')}`);
    console.log(
      'iterations | page JS heap after GC, MB | its ArrayBuffers, MB | renderer RSS, MB | iterations/s so far',
    );
    console.log(`0 (ready) | ${mb(before.heap)} | ${mb(before.buffers)} | ${mb(before.rss)} | –`);
    const t0 = Date.now();
    await page.getByTestId('run-button').click();
    const last = opts.checkpoints.at(-1)!;
    for (const at of opts.checkpoints) {
      // A string, as bench/ui.ts's probe: tsx's __name wrappers do not exist in the page.
      await page.waitForFunction(
        `${RECORDS_PROBE} >= ${at} || /^(done|error)$/.test(document.querySelector('[data-testid="status"]').textContent)`,
        undefined,
        { timeout: 3_600_000, polling: 250 },
      );
      if (at === last)
        await page
          .getByTestId('status')
          .filter({ hasText: /^(done|error)$/ })
          .waitFor({ timeout: 3_600_000 });
      const reached = (await page.evaluate(RECORDS_PROBE)) as number;
      const rate = reached / ((Date.now() - t0) / 1000);
      const m = await measure();
      console.log(`${reached} | ${mb(m.heap)} | ${mb(m.buffers)} | ${mb(m.rss)} | ${rate.toFixed(1)}`);
    }
    const status = await page.getByTestId('status').textContent();
    if (status !== 'done') console.log(`the run ended in status ${status}`);
  } finally {
    await page.close();
  }
}
