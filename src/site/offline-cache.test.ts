import { describe, expect, it } from 'vitest';
import { cacheNameFor, entryFor, staleCaches, toHex, type OfflineManifest } from './offline-cache';

const MANIFEST: OfflineManifest = {
  version: 'v2',
  entries: [
    { path: 'index.html', size: 1, sha256: 'a' },
    { path: 'assets/index-abc.js', size: 1, sha256: 'b' },
    { path: 'models/dense-ae/model.json', size: 1, sha256: 'c' },
  ],
};

function path(url: string, navigation = false, scope = 'http://127.0.0.1:4173/'): string | null {
  return entryFor(url, scope, navigation, MANIFEST)?.path ?? null;
}

describe('which requests the saved copy answers', () => {
  it('answers navigations to the app, whatever settings its query holds, with index.html', () => {
    expect(path('http://127.0.0.1:4173/', true)).toBe('index.html');
    expect(path('http://127.0.0.1:4173/?task=unsupervised&ae=dense', true)).toBe('index.html');
    expect(path('http://127.0.0.1:4173/index.html?present=1', true)).toBe('index.html');
    expect(path('http://127.0.0.1:4173/other', true)).toBeNull();
  });

  it('answers the build files by exact path only', () => {
    expect(path('http://127.0.0.1:4173/models/dense-ae/model.json')).toBe('models/dense-ae/model.json');
    expect(path('http://127.0.0.1:4173/assets/index-abc.js')).toBe('assets/index-abc.js');
    expect(path('http://127.0.0.1:4173/models/dense-ae/model.json?v=2')).toBeNull();
    expect(path('http://127.0.0.1:4173/models/sparse-ae/model.json')).toBeNull();
    expect(path('http://127.0.0.1:4173/sw.js')).toBeNull();
  });

  it('leaves other origins and paths outside its scope to the network', () => {
    expect(path('http://127.0.0.2:4173/assets/index-abc.js')).toBeNull();
    expect(path('https://127.0.0.1:4173/assets/index-abc.js')).toBeNull();
    const scope = 'http://host/lab/';
    expect(path('http://host/lab/assets/index-abc.js', false, scope)).toBe('assets/index-abc.js');
    expect(path('http://host/assets/index-abc.js', false, scope)).toBeNull();
    expect(path('http://host/lab/?index=3', true, scope)).toBe('index.html');
    expect(path('http://host/?index=3', true, scope)).toBeNull();
  });
});

describe('the caches', () => {
  it('are named by version, and only our other versions are stale', () => {
    expect(cacheNameFor('v2')).toBe('minmax-lab-v2');
    expect(staleCaches(['minmax-lab-v1', 'minmax-lab-v2', 'someone-else', 'minmax-lab-old'], 'v2')).toEqual([
      'minmax-lab-v1',
      'minmax-lab-old',
    ]);
  });

  it('writes digests as lower-case hex', () => {
    expect(toHex(new Uint8Array([0, 15, 16, 255]).buffer)).toBe('000f10ff');
  });
});
