/**
 * Save, open, replay (#12 §5): a deterministic run is exported, opened in a fresh page without
 * running anything, and every view replays it; a bad file is refused with its first problem and
 * leaves the page as it was; the replayed run's exports work (record, SVG).
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { download, openApp } from './app-page';

const RUN = '?index=7&method=minmax&eps=0.3&iters=12&seed=1&critic=lite&backend=cpu';
const SCRUB = [4, 9] as const;

interface TraceRecord {
  readonly t: number;
  readonly mi: number;
  readonly c: number;
}

/** x′'s canvas, as grey values (its red channel). */
async function advPixels(page: Page): Promise<number[]> {
  return page.getByTestId('image-adversarial').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return Array.from(data.filter((_, i) => i % 4 === 0));
  });
}

/** Moves the timeline to record `index` from the keyboard. */
async function scrubTo(page: Page, index: number): Promise<void> {
  const timeline = page.getByTestId('timeline');
  await timeline.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByText(`record ${index + 1} of 12`)).toBeVisible();
}

/** Points on the f chart's line (recharts draws it linear: M, then one L per point). */
async function fPoints(page: Page): Promise<number> {
  const d = await page.getByTestId('f-chart').locator('.recharts-line-curve').first().getAttribute('d');
  return (d ?? '').match(/[ML]/g)?.length ?? 0;
}

const num = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toPrecision(4) : v.toExponential(2));

test('an exported run opens in a fresh page and replays in every view; a bad file keeps the page', async ({
  page,
  context,
}, testInfo) => {
  // Two runs, two pages, five downloads and an axe pass: longer than one run's test.
  test.setTimeout(300_000);
  // The live run, and x′ at two iterates under the timeline.
  await openApp(page, RUN);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('status')).toHaveText('done');
  const live: number[][] = [];
  for (const i of SCRUB) {
    await scrubTo(page, i);
    live.push(await advPixels(page));
  }
  const livePoints = await fPoints(page);
  expect(livePoints).toBe(12);
  const saved = await download(page, 'Run record (JSON)');
  const record = JSON.parse(readFileSync(saved.path, 'utf8')) as {
    version: number;
    trace: TraceRecord[];
    iterates: { items: { index: number; scale: number }[] };
  };
  expect(record.version).toBe(2);
  expect(record.iterates.items.map((i) => i.index)).toEqual([...Array(12).keys()]);

  // A fresh page, nothing run: open the file.
  const fresh = await context.newPage();
  await openApp(fresh, '?backend=cpu');
  const text = readFileSync(saved.path, 'utf8');
  await fresh
    .getByTestId('open-run-file')
    .setInputFiles({ name: saved.name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const banner = fresh.getByTestId('replay-banner');
  await expect(banner).toContainText(`Replay of ${saved.name}, recorded `);
  await expect(banner).toContainText(' UTC on cpu');
  await expect(fresh.getByTestId('status')).toHaveText('done');
  expect(await fPoints(fresh)).toBe(livePoints);
  // The settings are loaded into the controls.
  await expect(fresh.getByLabel(/iterations/i).first()).toHaveValue('12');

  // Scrubbing moves x′, and each iterate is the live run's within the quantisation (s/254 of δ:
  // under one grey level at ε = 0.3, so ±1 after rounding).
  const replayed: number[][] = [];
  for (const [k, i] of SCRUB.entries()) {
    await scrubTo(fresh, i);
    const pixels = await advPixels(fresh);
    replayed.push(pixels);
    expect(pixels).toHaveLength(live[k]!.length);
    const worst = Math.max(...pixels.map((v, j) => Math.abs(v - live[k]![j]!)));
    expect(worst, `x′ at record ${i + 1}`).toBeLessThanOrEqual(1);
    // The pseudo-code panel shows this iterate's values, from the record.
    const r = record.trace[i]!;
    const code = fresh.getByTestId('pseudo-code');
    await expect(code.locator('[aria-current="step"]')).toHaveAttribute('data-line', '10');
    await expect(code.locator('ol[aria-label^="Algorithm 1"] li[data-line="3"]')).toContainText(`t = ${r.t}`);
    await expect(code.locator('ol[aria-label^="Algorithm 1"] li[data-line="7"]')).toContainText(
      `I = ${num(r.mi)}`,
    );
    await expect(code.locator('ol[aria-label^="Algorithm 1"] li[data-line="8"]')).toContainText(
      `c = ${num(r.c)}`,
    );
  }
  expect(replayed[0]).not.toEqual(replayed[1]);
  await fresh.screenshot({ path: testInfo.outputPath('replay.png'), fullPage: true });
  expect((await new AxeBuilder({ page: fresh }).analyze()).violations).toEqual([]);

  // Its exports: the record again (equal apart from the page's url and what it shows), the figure as SVG.
  const again = await download(fresh, 'Run record (JSON)');
  const strip = (json: string) => {
    const r = JSON.parse(json) as Record<string, unknown>;
    delete r.url;
    delete r.shown;
    return r;
  };
  expect(strip(readFileSync(again.path, 'utf8'))).toEqual(strip(text));
  const svg = readFileSync((await download(fresh, /^Figure as SVG/)).path, 'utf8');
  const parsed = await fresh.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      rects: doc.querySelectorAll('g[shape-rendering="crispEdges"] rect').length,
    };
  }, svg);
  expect(parsed).toEqual({ error: null, root: 'svg', rects: 3 * 784 });
  const chart = readFileSync((await download(fresh, 'MI chart as SVG')).path, 'utf8');
  expect(
    await fresh.evaluate(
      (t) => new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('parsererror'),
      chart,
    ),
  ).toBeNull();

  // A bad file: its first problem is said, and the replay on the page stays as it was.
  const before = await advPixels(fresh);
  await fresh.getByTestId('open-run-file').setInputFiles({
    name: 'cut.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text.slice(0, 5000)),
  });
  await expect(fresh.getByTestId('open-run-error')).toContainText('cut.json: The file is not valid JSON');
  await fresh.getByTestId('open-run-file').setInputFiles({
    name: 'package.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"name":"x","version":"1.0.0"}'),
  });
  await expect(fresh.getByTestId('open-run-error')).toContainText('another tool’s JSON');
  await expect(banner).toContainText(`Replay of ${saved.name}`);
  expect(await advPixels(fresh)).toEqual(before);
  expect(await fPoints(fresh)).toBe(livePoints);
  await fresh.screenshot({ path: testInfo.outputPath('replay-bad-file.png'), fullPage: true });

  // Run leaves the replay: a fresh run of the loaded settings.
  await fresh.getByTestId('run-button').click();
  await expect(banner).toHaveCount(0);
  await expect(fresh.getByTestId('status')).toHaveText('done');

  // A record dropped on the page opens it too.
  await fresh.evaluate(
    ([json, name]) => {
      const data = new DataTransfer();
      data.items.add(new File([json], name, { type: 'application/json' }));
      document.body.dispatchEvent(
        new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
      );
    },
    [text, saved.name] as const,
  );
  await expect(banner).toContainText(`Replay of ${saved.name}`);
});
