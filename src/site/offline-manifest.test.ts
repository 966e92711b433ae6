import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildVersion, isCacheable, makeManifest } from './offline-manifest';

const SHELL = '<!doctype html><title>t</title>';

function build(overrides: Record<string, string> = {}): Map<string, Uint8Array | string> {
  return new Map<string, Uint8Array | string>(
    Object.entries({
      'assets/index-abc.js': 'console.log(1)',
      'assets/engine.worker-def.js': 'self.onmessage = null',
      'models/dense-ae/weights.bin': 'weights v1',
      'data/mnist-test.bin': 'pixels',
      'sw.js': 'the worker itself',
      _headers: '/*',
      ...overrides,
    }),
  );
}

describe('the build version', () => {
  it('is the same for the same files in any order', () => {
    const files = build();
    const reversed = new Map([...files.entries()].reverse());
    expect(buildVersion(reversed, SHELL)).toBe(buildVersion(files, SHELL));
    expect(buildVersion(files, SHELL)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with an unhashed public file, a bundle or the page, but not with sw.js or _headers', () => {
    const v = buildVersion(build(), SHELL);
    expect(buildVersion(build({ 'models/dense-ae/weights.bin': 'weights v2' }), SHELL)).not.toBe(v);
    expect(buildVersion(build({ 'assets/index-abc.js': 'console.log(2)' }), SHELL)).not.toBe(v);
    expect(buildVersion(build(), `${SHELL}<p>`)).not.toBe(v);
    // sw.js receives the version (it cannot be part of it); _headers is not served to the app.
    expect(buildVersion(build({ 'sw.js': 'other', _headers: 'other' }), SHELL)).toBe(v);
  });
});

describe('the manifest', () => {
  it('lists index.html first and every cacheable file with its size and SHA-256', () => {
    const bytes = new Uint8Array([0, 1, 2, 250]);
    const files = build({ 'data/raw.bin': bytes as unknown as string, '.hidden/x': 'no' });
    const m = makeManifest(files, SHELL, 'v1');
    expect(m.version).toBe('v1');
    expect(m.entries.map((e) => e.path)).toEqual([
      'index.html',
      'assets/engine.worker-def.js',
      'assets/index-abc.js',
      'data/mnist-test.bin',
      'data/raw.bin',
      'models/dense-ae/weights.bin',
    ]);
    const raw = m.entries.find((e) => e.path === 'data/raw.bin')!;
    expect(raw.size).toBe(4);
    expect(raw.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const index = m.entries[0]!;
    expect(index.size).toBe(Buffer.byteLength(SHELL));
    expect(index.sha256).toBe(createHash('sha256').update(SHELL).digest('hex'));
  });

  it('never caches the service worker, the headers file or dotfiles', () => {
    expect(['sw.js', '_headers', '.vite/manifest.json', 'a/.DS_Store'].filter(isCacheable)).toEqual([]);
    expect(isCacheable('models/conv-ae/model.json')).toBe(true);
  });
});
