import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp } from './app-page';

test('a number field keeps what is typed, says what is wrong, and applies only a valid value', async ({
  page,
}) => {
  await openApp(page, '?index=7&iters=300&critic=lite&backend=cpu');
  const field = page.getByLabel('T (iterations)', { exact: true });
  const slider = page.getByLabel('T (iterations) slider');
  const link = page.getByTestId('share-link');

  // Typed key by key: the text stays as typed, and neither the slider nor the link moves meanwhile.
  await field.fill('');
  const sliderWhileTyping: string[] = [];
  for (const key of '10000') {
    await field.press(key);
    sliderWhileTyping.push(await slider.inputValue());
  }
  expect(sliderWhileTyping).toEqual(['300', '300', '300', '300', '300']);
  await expect(field).toHaveValue('10000');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // The reason is beside the field and tied to it, for a screen reader too.
  await expect(field).toHaveAccessibleDescription(
    /T must be a whole number from 1 to 5000; 10000 is too large/,
  );
  await expect(page.getByText('T must be a whole number from 1 to 5000; 10000 is too large.')).toBeVisible();
  expect(await link.inputValue()).toContain('iters=300');

  // Finished (Enter, or leaving the field): the text stays, and the message says what stays in effect.
  await field.press('Enter');
  await expect(field).toHaveValue('10000');
  await expect(field).toHaveAccessibleDescription(/10000 is too large\. Still using T = 300\./);
  await field.press('Tab');
  await expect(field).toHaveValue('10000');
  await expect(slider).toHaveValue('300');
  expect(await link.inputValue()).toContain('iters=300');

  await field.fill('2.5');
  await expect(
    page.getByText('T must be a whole number from 1 to 5000; 2.5 is not a whole number.'),
  ).toBeVisible();

  // A valid value applies when the user finishes: the slider and the link follow, the message goes.
  await field.fill('250');
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await expect(slider).toHaveValue('300');
  await field.press('Enter');
  await expect(slider).toHaveValue('250');
  expect(await link.inputValue()).toContain('iters=250');
  await expect(field).toHaveAccessibleDescription('');

  // Escape gives the value in effect back; the arrow keys step it.
  await field.fill('abc');
  await field.press('Escape');
  await expect(field).toHaveValue('250');
  await field.press('ArrowUp');
  await expect(field).toHaveValue('251');
  await expect(slider).toHaveValue('251');
});

test('ε out of range or in another syntax is explained, not silently reverted', async ({ page }) => {
  await openApp(page, '?index=7&eps=0.5&critic=lite&backend=cpu');
  const eps = page.getByLabel('ε (L∞ budget)', { exact: true });
  const cases: [string, string][] = [
    ['5', 'ε must be a number from 0 to 1; 5 is too large'],
    ['-3', 'ε must be a number from 0 to 1; -3 is too small'],
    ['0x1', 'ε must be a number from 0 to 1; “0x1” is not a decimal number (e.g. 0.3 or 1e-3)'],
    ['1e-400', 'ε must be a number from 0 to 1; “1e-400” is too small to represent (it would read as 0)'],
  ];
  for (const [typed, reason] of cases) {
    await eps.fill(typed);
    await eps.blur();
    await expect(eps).toHaveValue(typed);
    await expect(page.getByText(`${reason}. Still using ε = 0.5.`)).toBeVisible();
  }
  expect(await page.getByTestId('share-link').inputValue()).toContain('eps=0.5');
  // axe with a field in its invalid state.
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
  await eps.fill('0.25');
  await eps.press('Tab');
  expect(await page.getByTestId('share-link').inputValue()).toContain('eps=0.25');
});
