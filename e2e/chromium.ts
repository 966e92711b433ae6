// The system Chromium and the flags it runs under, shared by the config and the tests that need a
// browser launched differently.

/** Playwright cannot download its own browser here: drive Debian's. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, offline-friendly flags; they do not change what the page can compute. */
export const baseArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Headless Chromium offers no WebGPU adapter at all without this one. */
export const webgpuArg = '--enable-unsafe-webgpu';
