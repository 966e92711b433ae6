/**
 * What the service worker keeps for offline use: every file of one build (the app shell, the worker
 * chunk, the .wasm files, public/data and public/models), each with its size and SHA-256, and a
 * version derived from all of them. The version names the cache, so a new build fills a new cache
 * and a changed model file (public/ names carry no hash) still makes a new version.
 *
 * Pure: the build plugin hands in the bytes; no Node imports beyond hashing.
 */
import { createHash } from 'node:crypto';
import type { ManifestEntry, OfflineManifest } from './offline-cache';

export type { ManifestEntry, OfflineManifest };

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Files that are never cached: the service worker itself, and the static hosts' headers file. */
export function isCacheable(path: string): boolean {
  return path !== 'sw.js' && path !== '_headers' && !path.split('/').some((part) => part.startsWith('.'));
}

/**
 * The version of a set of files: a hash over their paths and hashes, plus `shell`, the page before
 * the build stamps its version into it (index.html cannot hash itself).
 */
export function buildVersion(files: ReadonlyMap<string, Uint8Array | string>, shell: string): string {
  const h = createHash('sha256');
  for (const path of [...files.keys()].sort())
    if (isCacheable(path) && path !== 'index.html') h.update(`${path}\0${sha256Hex(files.get(path)!)}\n`);
  h.update(`index.html\0${sha256Hex(shell)}\n`);
  return h.digest('hex').slice(0, 16);
}

/** The manifest of a build: its files (index.html as served, version stamped) and its version. */
export function makeManifest(
  files: ReadonlyMap<string, Uint8Array | string>,
  index: string,
  version: string,
): OfflineManifest {
  const entries: ManifestEntry[] = [
    { path: 'index.html', size: Buffer.byteLength(index), sha256: sha256Hex(index) },
  ];
  for (const path of [...files.keys()].sort()) {
    if (!isCacheable(path) || path === 'index.html') continue;
    const body = files.get(path)!;
    entries.push({
      path,
      size: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
      sha256: sha256Hex(body),
    });
  }
  return { version, entries };
}
