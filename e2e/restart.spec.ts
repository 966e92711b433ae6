import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { download, openApp } from './app-page';

/**
 * Short seeded runs on pinned CPU backends: wasm (~2 s for 100 iterations, quiet) and cpu (~2 s).
 * The wasm run must outlast a few animation frames even when frames are slow (a loaded machine), or
 * it could finish before clickMidRun sees it running.
 */
const T_WASM = 100;
const T_CPU = 12;
const WASM_RUN = `?dataset=mnist&index=7&method=minmax&eps=1&iters=${T_WASM}&seed=1&critic=lite&backend=wasm`;
const CPU_RUN = `?dataset=mnist&index=7&method=minmax&eps=1&iters=${T_CPU}&seed=1&critic=lite&backend=cpu`;

/**
 * Waits in the page until the run in progress has streamed at least one iteration, then clicks the
 * given buttons in one task (no await between them, as a hurried user or a double click would), and
 * returns the iteration the interrupted run had reached. Done in the page so the click is sure to
 * land mid-run however fast the backend is.
 */
async function clickMidRun(page: Page, testIds: string[]): Promise<{ reached: number; status: string }> {
  return page.evaluate(async (ids) => {
    const byId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
    for (;;) {
      const n = Number(byId('iteration-counter').textContent);
      const now = byId('status').textContent;
      if (n > 0 && now === 'running') break;
      // Finished before it was seen running: report it (the caller's expectation fails) instead of
      // waiting for the test's timeout.
      if (now === 'done' || now === 'error') return { reached: n, status: now };
      await new Promise((r) => requestAnimationFrame(r));
    }
    const reached = Number(byId('iteration-counter').textContent);
    const status = byId('status').textContent;
    for (const id of ids) byId(id).click();
    return { reached, status };
  }, testIds);
}

/** The finished run's record, as the user downloads it: every record numbered 1..T, nothing else. */
async function expectCompleteRun(page: Page, iters: number): Promise<void> {
  // An error ends the wait at once (the old race ended every restart that way). The cpu backend on
  // a machine shared with other test runs can take minutes over a run.
  await expect(page.getByTestId('status')).toHaveText(/^(done|error)$/, { timeout: 240_000 });
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 1 });
  await expect(page.getByTestId('iteration-counter')).toHaveText(String(iters));
  const file = await download(page, 'Run record (JSON)');
  const record = JSON.parse(await readFile(file.path, 'utf8')) as {
    trace: { t: number; part: string }[];
    result: { itersRun: number; cancelled: boolean } | null;
  };
  expect(record.trace.map((r) => r.t)).toEqual(Array.from({ length: iters }, (_, i) => i + 1));
  expect(record.trace.every((r) => r.part === 'both')).toBe(true);
  expect(record.result).toMatchObject({ itersRun: iters, cancelled: false });
  await expect(page.getByRole('alert')).toHaveCount(0);
}

// Fifteen runs to the end: well under a minute on a quiet machine; room for a machine shared by many.
test.describe.configure({ timeout: 360_000 });

test('Restart during a run (×5, wasm) starts the new run and completes it', async ({ page }) => {
  const { pageErrors } = await openApp(page, WASM_RUN);
  await expect(page.getByTestId('backend-indicator')).toHaveText('wasm');
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('run-button').click();
    const at = await clickMidRun(page, ['run-button']);
    expect(at.status).toBe('running');
    expect(at.reached).toBeLessThan(T_WASM);
    await expectCompleteRun(page, T_WASM);
  }
  expect(pageErrors).toEqual([]);
});

test('cancel then an immediate Run (×10, wasm) runs the new one to the end', async ({ page }) => {
  const { pageErrors } = await openApp(page, WASM_RUN);
  for (let i = 0; i < 10; i++) {
    await page.getByTestId('run-button').click();
    const at = await clickMidRun(page, ['cancel-button', 'run-button']);
    expect(at.reached).toBeLessThan(T_WASM);
    await expectCompleteRun(page, T_WASM);
  }
  expect(pageErrors).toEqual([]);
});

test('two Restarts in a row (cpu): only the last run is shown, complete', async ({ page }) => {
  const { pageErrors } = await openApp(page, CPU_RUN);
  await expect(page.getByTestId('backend-indicator')).toHaveText('cpu');
  await page.getByTestId('run-button').click();
  const at = await clickMidRun(page, ['run-button', 'run-button']);
  expect(at.reached).toBeLessThan(T_CPU);
  await expectCompleteRun(page, T_CPU);
  expect(pageErrors).toEqual([]);
});
