/**
 * What the production build adds for the Content-Security-Policy and the offline copy:
 * - the policy as a <meta> in index.html (hosts that send no headers still enforce it) and as a
 *   `_headers` file (static hosts that read it send it for every file, the workers included);
 * - /sw.js, the service worker, with this build's manifest (every file, its size and SHA-256) and
 *   version written in, and the version stamped into index.html for the page's build check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ResolvedConfig } from 'vite';
import { headersFile, policyMetaTag } from './headers.ts';
import { buildVersion, makeManifest } from './offline-manifest.ts';

const SW_SOURCE = fileURLToPath(new URL('./service-worker.ts', import.meta.url));
const MANIFEST_PLACEHOLDER = '__OFFLINE_MANIFEST__';
/** The page reads its build's version from this meta (src/app/offline.ts). */
export const BUILD_META = 'minmax-build';

function publicFiles(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (d: string): void => {
    for (const item of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.isFile()) files.set(relative(dir, full).split(sep).join('/'), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

export function sitePlugin(): Plugin {
  let config: ResolvedConfig | null = null;
  return {
    name: 'minmax-site',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: SW_SOURCE, fileName: 'sw.js' });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        // Right after the charset (which must come first), before anything the policy governs.
        const anchor = /<meta charset="[^"]*"\s*\/?>/i.exec(html) ?? /<head>/i.exec(html);
        if (anchor === null) throw new Error('minmax-site: index.html has no <head>');
        const at = anchor.index + anchor[0].length;
        return `${html.slice(0, at)}\n    ${policyMetaTag()}${html.slice(at)}`;
      },
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const index = bundle['index.html'];
        const sw = bundle['sw.js'];
        if (index?.type !== 'asset' || typeof index.source !== 'string' || sw?.type !== 'chunk')
          throw new Error('minmax-site: the build has no index.html or sw.js to complete');
        const files = new Map<string, Uint8Array | string>();
        if (config !== null && config.publicDir !== '' && config.build.copyPublicDir)
          for (const [path, bytes] of publicFiles(config.publicDir)) files.set(path, bytes);
        for (const [name, item] of Object.entries(bundle))
          files.set(name, item.type === 'chunk' ? item.code : item.source);
        files.delete('index.html');

        const version = buildVersion(files, index.source);
        index.source = index.source.replace(
          /<\/title>/i,
          (end) => `${end}\n    <meta name="${BUILD_META}" content="${version}" />`,
        );
        const manifest = makeManifest(files, index.source, version);
        const parts = sw.code.split(MANIFEST_PLACEHOLDER);
        if (parts.length !== 2)
          throw new Error(
            `minmax-site: sw.js should name ${MANIFEST_PLACEHOLDER} once, not ${parts.length - 1} times`,
          );
        sw.code = parts.join(JSON.stringify(manifest));
        this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
      },
    },
  };
}
