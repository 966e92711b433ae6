/**
 * The offline copy (production builds only; built to /sw.js by src/site/vite-plugins.ts, which
 * writes this build's manifest in place of __OFFLINE_MANIFEST__).
 *
 * On install it saves every file of the build (shell, worker chunk, .wasm, data, models) into a cache
 * named by the build's version, checking each file's SHA-256, so the cache holds exactly one build.
 * Requests for those files, and page navigations, are then answered cache-first. Cache-first
 * rather than network-first for index.html: the page, its bundle and the unversioned model files
 * then always come from the same build, and a flaky network costs no time-out before each load. The
 * build-hash check takes the place of network-first freshness: every navigation makes the browser
 * compare /sw.js with the server's; a new build means new bytes there, so the new worker saves the
 * new build into a new cache beside the old one, the page offers to switch (skip-waiting), and the
 * old cache is deleted once the new worker is active.
 */
import {
  cacheNameFor,
  entryFor,
  staleCaches,
  toHex,
  type FromServiceWorker,
  type ManifestEntry,
  type OfflineManifest,
  type OfflineStatus,
  type ToServiceWorker,
} from './offline-cache';

declare const self: ServiceWorkerGlobalScope;
declare const __OFFLINE_MANIFEST__: OfflineManifest;

const MANIFEST: OfflineManifest = __OFFLINE_MANIFEST__;
const CACHE = cacheNameFor(MANIFEST.version);
const TOTAL_BYTES = MANIFEST.entries.reduce((sum, e) => sum + e.size, 0);
/** A flaky network gets a few tries per file before the save is given up (and retried next load). */
const ATTEMPTS = 3;
const LANES = 3;

function urlOf(entry: ManifestEntry): string {
  return new URL(entry.path, self.registration.scope).href;
}

async function broadcast(message: FromServiceWorker): Promise<void> {
  // The first visit's page is not controlled yet, and it is the one that wants the progress.
  for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: 'window' }))
    client.postMessage(message);
}

/** One file from the network, checked against the manifest; the server's headers (the CSP) kept. */
async function download(entry: ManifestEntry): Promise<Response> {
  let last: unknown = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    try {
      // no-cache: the HTTP cache may hold a file of an older build under the same (unhashed) name.
      const response = await fetch(urlOf(entry), { cache: 'no-cache', credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${entry.path}: HTTP ${response.status}`);
      const body = await response.arrayBuffer();
      const digest = toHex(await crypto.subtle.digest('SHA-256', body));
      if (digest !== entry.sha256)
        throw new Error(
          `${entry.path} on the server is not this build's (a newer version is being deployed?)`,
        );
      const headers = new Headers(response.headers);
      // The body is stored decoded and whole: the transfer's own framing no longer describes it.
      for (const name of ['content-encoding', 'content-length', 'transfer-encoding']) headers.delete(name);
      return new Response(body, { status: 200, statusText: 'OK', headers });
    } catch (e) {
      last = e;
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

async function status(): Promise<OfflineStatus> {
  const cache = await caches.open(CACHE);
  let cachedBytes = 0;
  for (const entry of MANIFEST.entries)
    if ((await cache.match(urlOf(entry))) !== undefined) cachedBytes += entry.size;
  return {
    version: MANIFEST.version,
    cacheName: CACHE,
    files: MANIFEST.entries.length,
    totalBytes: TOTAL_BYTES,
    cachedBytes,
  };
}

let filling: Promise<OfflineStatus> | null = null;

/** Saves what the cache lacks (all of it on install; what was evicted or cleared later). */
function fill(): Promise<OfflineStatus> {
  filling ??= (async () => {
    try {
      const cache = await caches.open(CACHE);
      let done = 0;
      let next = 0;
      let failed = false;
      // Read through a call: another lane sets it while this one awaits.
      const stopped = (): boolean => failed;
      // A few files at a time: a slow network is latency-bound, and the big files should not queue
      // behind each other. The first failure stops the other lanes (no progress after "failed").
      const lane = async (): Promise<void> => {
        while (!stopped() && next < MANIFEST.entries.length) {
          const entry = MANIFEST.entries[next++]!;
          try {
            // A stored entry was checked when it was stored: an interrupted save resumes here.
            if ((await cache.match(urlOf(entry))) === undefined)
              await cache.put(urlOf(entry), await download(entry));
          } catch (e) {
            failed = true;
            throw e;
          }
          done += entry.size;
          if (!stopped())
            await broadcast({
              type: 'progress',
              version: MANIFEST.version,
              doneBytes: done,
              totalBytes: TOTAL_BYTES,
            });
        }
      };
      await Promise.all(Array.from({ length: LANES }, lane));
      const saved = await status();
      await broadcast({ type: 'saved', status: saved });
      return saved;
    } catch (e) {
      await broadcast({
        type: 'failed',
        version: MANIFEST.version,
        message: e instanceof Error ? e.message : String(e),
      });
      throw e;
    } finally {
      filling = null;
    }
  })();
  return filling;
}

self.addEventListener('install', (event) => {
  event.waitUntil(fill());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of staleCaches(await caches.keys(), MANIFEST.version)) await caches.delete(name);
      // The first visit's page (and its engine worker) loaded from the network before this worker
      // existed; claiming them lets them work offline without a reload.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  const entry = entryFor(
    event.request.url,
    self.registration.scope,
    event.request.mode === 'navigate',
    MANIFEST,
  );
  if (entry === null) return;
  event.respondWith(
    (async () => {
      const hit = await caches.match(urlOf(entry), { cacheName: CACHE });
      // Not saved yet (the save is still running, or the cache was cleared): the network.
      return hit ?? fetch(event.request);
    })(),
  );
});

self.addEventListener('message', (event) => {
  const message = event.data as ToServiceWorker;
  const port = event.ports[0];
  if (message.type === 'skip-waiting') {
    event.waitUntil(self.skipWaiting());
  } else if (message.type === 'status') {
    event.waitUntil(status().then((s) => port?.postMessage(s)));
  } else {
    // The reply is the status either way; a failure was broadcast by fill() itself.
    event.waitUntil(
      fill().then(
        (s) => port?.postMessage(s),
        () => status().then((s) => port?.postMessage(s)),
      ),
    );
  }
});
