import { defineConfig, devices } from '@playwright/test';
import { baseArgs, chromiumPath, webgpuArg } from './e2e/chromium';

// An uncommon port (E2E_PORT overrides it, so that two checkouts can test side by side): the suite
// serves a production build so bundling problems (worker chunks, relocated .wasm files) fail here
// rather than only in deployment.
const PORT = Number(process.env.E2E_PORT ?? 4317);
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

export default defineConfig({
  testDir: 'e2e',
  // Each test starts a tfjs worker; on two cores more than two at once only makes them all slower.
  workers: ci ? 1 : 2,
  forbidOnly: ci,
  retries: 0,
  reporter: ci ? [['list']] : [['list'], ['html', { open: 'never' }]],
  // Backend negotiation runs real smoke tests; under load a forced software GPU can take a while.
  timeout: 120_000,
  expect: { timeout: 60_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    // The production build's service worker saves the whole app (~33 MB) in the background of every
    // page it meets; only the specs about it (e2e/offline.spec.ts) let it run. Contexts are fresh per
    // test either way, so nothing it saves outlives its test.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: chromiumPath,
      // The WebGPU flag lets negotiation meet (and must skip) the software WebGPU adapter.
      args: [...baseArgs, webgpuArg],
    },
  },
  webServer: {
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !ci,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
