import type { Page } from '@playwright/test';

/**
 * Collects Content-Security-Policy violations: the page's securitypolicyviolation events (installed
 * before any of its scripts run) and the console reports Chromium writes for the page and its
 * workers ("Refused to …", "… violates the following Content Security Policy directive …").
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/i.test(text)) fromConsole.push(`console: ${text}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`event: ${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return async () => {
    const events = await page.evaluate(
      () =>
        (window as unknown as { cspViolations?: string[] }).cspViolations ?? ['(no watcher in this page)'],
    );
    return [...events, ...fromConsole];
  };
}
