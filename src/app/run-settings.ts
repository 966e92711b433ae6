/** The Run view's settings before anything is chosen, and after a switch of task. */
import type { RunSettings, Task } from '../worker/protocol';
import { settingsFromUrl } from './url-settings';
import { DEFAULT_URL_STATE, UNSUPERVISED_URL_DEFAULTS } from './url-state';

/** The link defaults' settings; the critic until App's auto choice (backend-dependent) replaces it. */
export const DEFAULT_SETTINGS: RunSettings = settingsFromUrl(DEFAULT_URL_STATE, 'lite');

/**
 * The settings after a switch of task: the authors' UAE driver for unsupervised (MINE-UAE, T = 40,
 * ε = 1, 20 MINE steps, lite critic), the supervised demo's MinMax (T = 300, 1 MINE step) back.
 */
export function settingsForTask(s: RunSettings, task: Task): RunSettings {
  if (task === s.task) return s;
  // The same defaults a link with task=unsupervised gets (the critic follows App's auto choice).
  const u = UNSUPERVISED_URL_DEFAULTS;
  return task === 'unsupervised'
    ? {
        ...s,
        task,
        method: 'mine-uae',
        iters: u.iters ?? s.iters,
        eps: u.eps ?? s.eps,
        alpha: u.alpha ?? s.alpha,
        mineSteps: u.mineSteps ?? s.mineSteps,
        critic: 'lite',
        target: null,
      }
    : {
        ...s,
        task,
        method: 'minmax',
        iters: DEFAULT_SETTINGS.iters,
        alpha: DEFAULT_SETTINGS.alpha,
        mineSteps: DEFAULT_SETTINGS.mineSteps,
      };
}
