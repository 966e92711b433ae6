import { describe, expect, it } from 'vitest';
import type { BackendProbe, Inspection } from './negotiate';
import { negotiate } from './negotiate';
import type { BackendName } from './protocol';

interface FakeBackend {
  readonly inspection?: Inspection;
  readonly activates?: boolean | 'throws';
  readonly smoke?: 'passes' | 'throws';
  readonly warmUp?: 'passes' | 'throws';
}

/** A platform described per backend; records what negotiation did to it. */
function fakeProbe(spec: Partial<Record<BackendName, FakeBackend>>) {
  const calls: string[] = [];
  let active: BackendName | undefined;
  let clock = 0;
  const of = (name: BackendName): FakeBackend => spec[name] ?? {};
  const probe: BackendProbe = {
    inspect: (name) => {
      calls.push(`inspect ${name}`);
      return Promise.resolve(of(name).inspection ?? { available: true });
    },
    activate: (name) => {
      calls.push(`activate ${name}`);
      clock += 10;
      const a = of(name).activates ?? true;
      if (a === 'throws') return Promise.reject(new Error(`${name} init exploded`));
      if (a) active = name;
      return Promise.resolve(a);
    },
    smokeTest: () => {
      calls.push(`smoke ${String(active)}`);
      clock += 5;
      return of(active!).smoke === 'throws'
        ? Promise.reject(new Error('conv2d gave NaN'))
        : Promise.resolve();
    },
    warmUp: () => {
      calls.push(`warm ${String(active)}`);
      clock += 20;
      return of(active!).warmUp === 'throws' ? Promise.reject(new Error('out of memory')) : Promise.resolve();
    },
    release: (name) => {
      calls.push(`release ${name}`);
    },
    now: () => clock,
  };
  return { probe, calls };
}

const swiftshader: Inspection = { available: true, software: 'SwiftShader WebGL' };
const gpuSoftware: Inspection = { available: true, software: 'WebGPU adapter google / swiftshader' };

describe('negotiate', () => {
  it('takes the fastest backend when it works', async () => {
    const { probe, calls } = fakeProbe({});
    const r = await negotiate(probe);
    expect(r.ok && r.backend).toBe('webgpu');
    expect(calls).toEqual(['inspect webgpu', 'activate webgpu', 'smoke webgpu', 'warm webgpu']);
    if (!r.ok) throw new Error('expected a backend');
    expect(r.timings).toEqual({ initMs: 10, smokeMs: 5, warmupMs: 20 });
    expect(r.tried).toEqual([{ backend: 'webgpu', ok: true, reason: 'chosen', ms: 35 }]);
    expect(r.reason).toMatch(/fastest/);
  });

  it('skips software GPUs without initialising them and says why', async () => {
    const { probe, calls } = fakeProbe({
      webgpu: { inspection: gpuSoftware },
      webgl: { inspection: swiftshader },
    });
    const r = await negotiate(probe);
    if (!r.ok) throw new Error('expected a backend');
    expect(r.backend).toBe('wasm');
    expect(calls).not.toContain('activate webgpu');
    expect(calls).not.toContain('activate webgl');
    expect(r.tried.map((t) => [t.backend, t.ok])).toEqual([
      ['webgpu', false],
      ['webgl', false],
      ['wasm', true],
    ]);
    expect(r.tried[1]!.reason).toMatch(/software emulation \(SwiftShader WebGL\) is slower than wasm/);
    expect(r.reason).toBe(
      'passed the smoke test; passed over webgpu (software-emulated), webgl (software-emulated)',
    );
    expect(r.requestedFailure).toBeUndefined();
  });

  it('uses a software GPU when it is requested', async () => {
    const { probe } = fakeProbe({ webgl: { inspection: swiftshader } });
    const r = await negotiate(probe, 'webgl');
    if (!r.ok) throw new Error('expected a backend');
    expect(r.backend).toBe('webgl');
    expect(r.reason).toMatch(/requested in the URL; runs on software emulation \(SwiftShader WebGL\)/);
  });

  it('puts a requested backend first even when a faster one works', async () => {
    const { probe, calls } = fakeProbe({});
    const r = await negotiate(probe, 'cpu');
    expect(r.ok && r.backend).toBe('cpu');
    expect(calls[0]).toBe('inspect cpu');
  });

  it('falls back in automatic order when the requested backend fails, and reports it', async () => {
    const { probe, calls } = fakeProbe({ webgpu: { activates: false }, webgl: { inspection: swiftshader } });
    const r = await negotiate(probe, 'webgpu');
    if (!r.ok) throw new Error('expected a backend');
    expect(r.backend).toBe('wasm');
    expect(r.requestedFailure).toEqual({ backend: 'webgpu', reason: 'failed to initialise' });
    expect(r.reason).toMatch(
      /^requested webgpu failed, fell back: .*passed over webgl \(software-emulated\)$/,
    );
    // The failed request is not tried a second time in the automatic pass.
    expect(calls.filter((c) => c === 'activate webgpu')).toHaveLength(1);
    expect(calls).toContain('release webgpu');
  });

  it('releases and moves past a backend whose init, smoke test or warm-up fails', async () => {
    const { probe, calls } = fakeProbe({
      webgpu: { activates: 'throws' },
      webgl: { smoke: 'throws' },
      wasm: { warmUp: 'throws' },
    });
    const r = await negotiate(probe);
    if (!r.ok) throw new Error('expected a backend');
    expect(r.backend).toBe('cpu');
    expect(r.tried.map((t) => t.reason)).toEqual([
      'failed to initialise: webgpu init exploded',
      'failed the smoke test: conv2d gave NaN',
      'failed the warm-up: out of memory',
      'chosen',
    ]);
    expect(calls.filter((c) => c.startsWith('release'))).toEqual([
      'release webgpu',
      'release webgl',
      'release wasm',
    ]);
    expect(r.tried.every((t) => t.ms !== undefined)).toBe(true);
  });

  it('reports unavailable backends with the probe’s reason and no timing', async () => {
    const { probe } = fakeProbe({
      webgpu: { inspection: { available: false, reason: 'unavailable: no WebGPU adapter' } },
    });
    const r = await negotiate(probe);
    if (!r.ok) throw new Error('expected a backend');
    expect(r.backend).toBe('webgl');
    expect(r.tried[0]).toEqual({ backend: 'webgpu', ok: false, reason: 'unavailable: no WebGPU adapter' });
  });

  it('returns every attempt when nothing works', async () => {
    const broken: FakeBackend = { smoke: 'throws' };
    const { probe } = fakeProbe({ webgpu: broken, webgl: broken, wasm: broken, cpu: broken });
    const r = await negotiate(probe, 'cpu');
    expect(r.ok).toBe(false);
    expect(r.tried.map((t) => t.backend)).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
    expect(r.requestedFailure?.backend).toBe('cpu');
  });

  it('reports progress for each step it takes', async () => {
    const { probe } = fakeProbe({ webgpu: { inspection: gpuSoftware } });
    const lines: string[] = [];
    await negotiate(probe, undefined, (m) => lines.push(m));
    expect(lines).toEqual(['initialising webgl', 'smoke-testing webgl', 'warming up webgl']);
  });
});
