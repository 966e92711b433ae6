import { describe, expect, it } from 'vitest';
import { invalidBackendMessage, parseBackendParam } from './backend-param';

describe('parseBackendParam', () => {
  it('means automatic choice when absent or empty', () => {
    expect(parseBackendParam('')).toEqual({ kind: 'auto' });
    expect(parseBackendParam('?seed=3')).toEqual({ kind: 'auto' });
    expect(parseBackendParam('?backend=')).toEqual({ kind: 'auto' });
  });

  it('accepts the four backends, forgiving case and spaces', () => {
    for (const b of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
      expect(parseBackendParam(`?backend=${b}`)).toEqual({ kind: 'requested', backend: b });
    }
    expect(parseBackendParam('?backend=%20CPU%20')).toEqual({ kind: 'requested', backend: 'cpu' });
  });

  it('keeps the raw text of anything else', () => {
    expect(parseBackendParam('?backend=bogus')).toEqual({ kind: 'invalid', raw: 'bogus' });
    expect(parseBackendParam('?backend=webgl2')).toEqual({ kind: 'invalid', raw: 'webgl2' });
  });
});

describe('invalidBackendMessage', () => {
  it('quotes the value, lists the valid ones and says what happens instead', () => {
    expect(invalidBackendMessage('bogus')).toBe(
      'Ignored ?backend=bogus: expected one of webgpu, webgl, wasm, cpu. Choosing a backend automatically.',
    );
  });

  it('shortens long values', () => {
    expect(invalidBackendMessage('x'.repeat(500))).toContain(`${'x'.repeat(40)}…:`);
  });
});
