import { beforeEach, describe, expect, it } from 'vitest';
import type { ReadyMessage } from '../worker/protocol';
import { PRESENTATION_HIDES, panelShown, useEngineStore, useViewStore } from './store';

const ready: ReadyMessage = {
  type: 'ready',
  backend: 'wasm',
  reason: 'passed the smoke test',
  tried: [{ backend: 'wasm', ok: true, reason: 'chosen', ms: 30 }],
  timings: { initMs: 10, smokeMs: 10, warmupMs: 10 },
  versions: { '@tensorflow/tfjs-core': '4.22.0' },
};

const store = () => useEngineStore.getState();

describe('engine store', () => {
  beforeEach(() => {
    store().reset();
  });

  it('starts in "starting" with no backend', () => {
    expect(store().status).toBe('starting');
    expect(store().backend).toBeNull();
  });

  it('shows progress while starting, and drops it once ready', () => {
    store().applyWorkerMessage({ type: 'log', level: 'info', message: 'smoke-testing wasm' });
    expect(store().progress).toBe('smoke-testing wasm');
    store().applyWorkerMessage(ready);
    expect(store()).toMatchObject({
      status: 'idle',
      backend: 'wasm',
      reason: 'passed the smoke test',
      progress: '',
    });
    store().applyWorkerMessage({ type: 'log', level: 'info', message: 'later' });
    expect(store().progress).toBe('');
  });

  it('keeps working after a non-fatal error and shows it', () => {
    store().applyWorkerMessage({ type: 'error', code: 'requested-backend-failed', message: 'webgpu failed' });
    store().applyWorkerMessage(ready);
    expect(store().status).toBe('idle');
    expect(store().alerts.map((a) => a.message)).toEqual(['webgpu failed']);
  });

  it('goes to "error" on a fatal error, and a late ready does not hide it', () => {
    store().applyWorkerMessage({ type: 'error', code: 'no-backend', message: 'none', detail: 'cpu: broken' });
    expect(store().status).toBe('error');
    expect(store().alerts[0]).toMatchObject({ code: 'no-backend', detail: 'cpu: broken' });
    store().applyWorkerMessage(ready);
    expect(store().status).toBe('error');
  });

  it('adds local alerts, fatal or not, and dismisses them by id', () => {
    store().addAlert({ code: 'invalid-url', message: 'bad ?backend' }, false);
    expect(store().status).toBe('starting');
    store().addAlert({ code: 'worker-crashed', message: 'gone' }, true);
    expect(store().status).toBe('error');
    const [first, second] = store().alerts;
    expect(first!.id).not.toBe(second!.id);
    store().dismissAlert(first!.id);
    expect(store().alerts.map((a) => a.message)).toEqual(['gone']);
  });

  it('keeps only the most recent alerts', () => {
    for (let i = 0; i < 50; i++) store().addAlert({ code: 'internal', message: `m${i}` }, false);
    expect(store().alerts).toHaveLength(20);
    expect(store().alerts.at(-1)!.message).toBe('m49');
  });
});

describe('view store', () => {
  beforeEach(() => {
    useViewStore.getState().setView({ present: false, hide: [] });
  });

  it("shows every panel by default, hides the link's list in any mode", () => {
    const view = { present: false, hide: ['maps', 'share'] as const };
    expect(panelShown({ present: false, hide: [] }, 'experiment')).toBe(true);
    expect(panelShown(view, 'maps')).toBe(false);
    expect(panelShown(view, 'charts')).toBe(true);
    expect(panelShown({ ...view, present: true }, 'maps')).toBe(false);
  });

  it('hides the advanced panels in presentation mode and keeps the run in view', () => {
    const present = { present: true, hide: [] };
    for (const p of PRESENTATION_HIDES) expect(panelShown(present, p)).toBe(false);
    for (const p of ['engine', 'controls', 'hud', 'timeline', 'images', 'charts'] as const)
      expect(panelShown(present, p)).toBe(true);
  });

  it('toggles presentation mode without touching the hidden list', () => {
    useViewStore.getState().setView({ present: false, hide: ['export'] });
    useViewStore.getState().setPresent(true);
    expect(useViewStore.getState()).toMatchObject({ present: true, hide: ['export'] });
  });
});
