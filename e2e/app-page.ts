import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** A short seeded run on the cpu backend: deterministic and a few seconds long. */
export const SHORT_RUN = '?dataset=mnist&index=7&method=minmax&eps=1&iters=60&seed=1&critic=lite&backend=cpu';

/** Opens the app and waits until the engine is ready and the image is loaded. */
export async function openApp(page: Page, query: string): Promise<{ pageErrors: Error[] }> {
  const pageErrors: Error[] = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.goto(`/${query}`);
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByTestId('run-button')).toBeEnabled();
  return { pageErrors };
}

/** True when a canvas has at least two different pixel values (it was drawn on). */
export async function canvasHasContent(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const first = data[0];
    for (let i = 0; i < data.length; i += 4) if (data[i] !== first) return true;
    return false;
  });
}

/** Clicks the button named `name` and waits for the file it downloads. */
export async function download(page: Page, name: string | RegExp): Promise<{ name: string; path: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name }).click(),
  ]);
  return { name: file.suggestedFilename(), path: (await file.path())! };
}
