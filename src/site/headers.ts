/**
 * The response headers the app is served with, in one place: vite.config.ts sends them from the dev
 * and preview servers, the build writes them into index.html (the policy, as a <meta>) and into a
 * `_headers` file for static hosts. A later header (COOP/COEP for threaded wasm) belongs here too.
 *
 * Pure data and string building: no Node or DOM imports, so the e2e specs and unit tests read the
 * same policy the servers send.
 */

/** Where a policy is delivered: the built app (meta and headers) or Vite's dev server. */
export type PolicyVariant = 'build' | 'dev';

type Directives = Readonly<Record<string, readonly string[]>>;

/**
 * The promise: the app talks to its own origin only. Each source beyond 'self' is there because
 * something in the app needs it:
 * - 'wasm-unsafe-eval': tfjs-backend-wasm compiles its .wasm (WebAssembly.instantiate); it allows
 *   no JavaScript eval.
 * - img-src data: the favicon is `data:,` (it keeps the browser from asking for /favicon.ico).
 * - worker-src 'self': the engine worker and the service worker are files of the build; tfjs's
 *   blob: pthread workers are not used (the wasm backend runs single-threaded).
 * Styles: React sets style props through the CSSOM, which style-src does not govern, and the build
 * links its CSS as a file, so no 'unsafe-inline' is needed for styles either.
 */
const BUILD_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'style-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * Vite's dev server injects an inline React Refresh preamble and adds CSS as <style> elements, so
 * scripts and styles need 'unsafe-inline' there; its HMR websocket is same-origin ('self' covers
 * ws: on the same host and port). The relaxed policy never leaves the dev server.
 */
function devDirectives(): Directives {
  return {
    ...BUILD_DIRECTIVES,
    'script-src': [...BUILD_DIRECTIVES['script-src']!, "'unsafe-inline'"],
    'style-src': [...BUILD_DIRECTIVES['style-src']!, "'unsafe-inline'"],
  };
}

/** The Content-Security-Policy value, directives in a fixed order. */
export function contentSecurityPolicy(variant: PolicyVariant = 'build'): string {
  const directives = variant === 'build' ? BUILD_DIRECTIVES : devDirectives();
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Every header the app is served with. */
export function securityHeaders(variant: PolicyVariant = 'build'): Record<string, string> {
  return { 'Content-Security-Policy': contentSecurityPolicy(variant) };
}

/** The `_headers` file (Netlify, Cloudflare Pages and others read this format) for the built app. */
export function headersFile(): string {
  const lines = Object.entries(securityHeaders('build')).map(([name, value]) => `  ${name}: ${value}`);
  return [
    '# Written by the build from src/site/headers.ts: edit that file, not this one.',
    '/*',
    ...lines,
    '',
  ].join('\n');
}

/** The <meta http-equiv> form of the policy, for hosts that send no headers at all. */
export function policyMetaTag(): string {
  return `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy('build')}" />`;
}
