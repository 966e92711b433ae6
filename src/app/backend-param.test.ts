import { describe, expect, it } from 'vitest';
import { invalidFaultMessage, parseBackendParam, parseFaultParam } from './backend-param';

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

  it('takes the last of repeated values, as the other link fields do', () => {
    expect(parseBackendParam('?backend=cpu&backend=wasm')).toEqual({ kind: 'requested', backend: 'wasm' });
    expect(parseBackendParam('?backend=wasm&backend=bogus')).toEqual({ kind: 'invalid', raw: 'bogus' });
    expect(parseFaultParam('?fault=nan@2&fault=kernel@3')).toEqual({
      kind: 'fault',
      fault: { kind: 'kernel', at: 3 },
    });
  });
});

describe('parseFaultParam', () => {
  it('is off when absent or empty', () => {
    expect(parseFaultParam('?backend=wasm')).toEqual({ kind: 'none' });
    expect(parseFaultParam('?fault=')).toEqual({ kind: 'none' });
  });

  it('reads kind@iteration', () => {
    expect(parseFaultParam('?backend=wasm&fault=nan@5')).toEqual({
      kind: 'fault',
      fault: { kind: 'nan', at: 5 },
    });
    expect(parseFaultParam('?fault=%20KERNEL@12')).toEqual({
      kind: 'fault',
      fault: { kind: 'kernel', at: 12 },
    });
  });

  it('keeps the raw text of anything else', () => {
    for (const raw of ['nan', 'nan@0', 'nan@-3', 'nan@2.5', 'oom@5', '@5', 'nan@5x', 'nan@1000001'])
      expect(parseFaultParam(`?fault=${encodeURIComponent(raw)}`)).toEqual({ kind: 'invalid', raw });
  });

  it('says what it expected', () => {
    expect(invalidFaultMessage('oom@5')).toBe(
      'Ignored ?fault=oom@5: expected nan or kernel@iteration, e.g. nan@5.',
    );
  });
});
