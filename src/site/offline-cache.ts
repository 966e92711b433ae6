/**
 * The offline cache's rules, shared by the service worker (which bundles this file) and its unit
 * tests; the page imports only the types. No DOM, worker or Node imports.
 */

export interface ManifestEntry {
  /** Relative to the app's base URL, no leading slash ('index.html', 'models/dense-ae/model.json'). */
  readonly path: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

export interface OfflineManifest {
  /** Derived from every file of the build: a new build, or a changed model file, is a new version. */
  readonly version: string;
  readonly entries: readonly ManifestEntry[];
}

/** Every cache this app makes starts so; anything else on the origin is not ours to delete. */
export const CACHE_PREFIX = 'minmax-lab-';

export function cacheNameFor(version: string): string {
  return `${CACHE_PREFIX}${version}`;
}

/** Our caches from other builds: deleted once this build's worker takes over. */
export function staleCaches(names: readonly string[], version: string): string[] {
  return names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== cacheNameFor(version));
}

/**
 * The manifest entry a GET request is answered from, or null to leave it to the network: files of
 * the build by exact path (a query string makes it another resource), and page navigations within
 * the app's scope (`/`, `/index.html`, with any query: the URL carries the app's settings) to the
 * cached index.html.
 */
export function entryFor(
  requestUrl: string,
  scope: string,
  navigation: boolean,
  manifest: OfflineManifest,
): ManifestEntry | null {
  const url = new URL(requestUrl);
  const base = new URL(scope);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  const path = decodeURIComponent(url.pathname.slice(base.pathname.length));
  if (navigation) {
    if (path !== '' && path !== 'index.html') return null;
    return manifest.entries.find((e) => e.path === 'index.html') ?? null;
  }
  if (url.search !== '') return null;
  return manifest.entries.find((e) => e.path === path) ?? null;
}

export function toHex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the service worker reports about its copy; `cachedBytes === totalBytes` means complete. */
export interface OfflineStatus {
  readonly version: string;
  readonly cacheName: string;
  readonly files: number;
  readonly totalBytes: number;
  readonly cachedBytes: number;
}

/** Page → service worker. 'status' and 'fill' are answered on the message's port. */
export type ToServiceWorker = { type: 'status' } | { type: 'fill' } | { type: 'skip-waiting' };

/** Service worker → pages, while it saves the build and when it has finished or given up. */
export type FromServiceWorker =
  | { type: 'progress'; version: string; doneBytes: number; totalBytes: number }
  | { type: 'saved'; status: OfflineStatus }
  | { type: 'failed'; version: string; message: string };
