import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsForTask, useRunStore } from './run-store';

describe('settingsForTask', () => {
  it("switches to the authors' UAE driver and back", () => {
    const u = settingsForTask({ ...DEFAULT_SETTINGS, target: 3, ae: 'conv' }, 'unsupervised');
    expect(u).toMatchObject({
      task: 'unsupervised',
      ae: 'conv',
      method: 'mine-uae',
      iters: 40,
      eps: 1,
      mineSteps: 20,
      critic: 'lite',
      target: null,
    });
    const s = settingsForTask(u, 'supervised');
    expect(s).toMatchObject({ task: 'supervised', method: 'minmax', iters: 300, mineSteps: 1, ae: 'conv' });
    expect(settingsForTask(s, 'supervised')).toBe(s);
  });

  it('setTask clears the shown run and keeps the image', () => {
    const store = useRunStore.getState();
    store.setSettings(DEFAULT_SETTINGS);
    store.setTask('unsupervised');
    expect(useRunStore.getState().settings.method).toBe('mine-uae');
    expect(useRunStore.getState().status).toBe('idle');
    useRunStore.getState().setTask('supervised');
    expect(useRunStore.getState().settings.method).toBe('minmax');
  });
});
