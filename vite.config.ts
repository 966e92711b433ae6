import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { securityHeaders } from './src/site/headers.ts';
import { sitePlugin } from './src/site/vite-plugins.ts';

export default defineConfig({
  plugins: [react(), sitePlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  // The headers live in src/site/headers.ts; the build writes the same ones into index.html and _headers.
  server: { headers: securityHeaders('dev') },
  preview: { headers: securityHeaders('build') },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
