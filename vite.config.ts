import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { securityHeaders } from './src/site/headers.ts';
import { sitePlugin } from './src/site/vite-plugins.ts';

export default defineConfig({
  plugins: [react(), sitePlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  // The dev server's dependency scan starts from index.html and does not follow `new Worker(new URL(…))`,
  // so it found tfjs (imported only by the engine worker) after the first page had loaded, bundled it
  // again and reloaded that page ("optimized dependencies changed"). Scanning the worker too finds every
  // dependency before the first response.
  optimizeDeps: { entries: ['index.html', 'src/worker/engine.worker.ts'] },
  // The headers live in src/site/headers.ts; the build writes the same ones into index.html and _headers.
  server: { headers: securityHeaders('dev') },
  preview: { headers: securityHeaders('build') },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Many unit tests wait on a CLI child process: two files at once keep both cores busy.
    maxWorkers: 2,
  },
});
