/** The Run view's settings before anything is chosen, and after a switch of task. */
import type { RunSettings, Task } from '../worker/protocol';
import { UNSUPERVISED_URL_DEFAULTS } from './url-state';

export const DEFAULT_SETTINGS: RunSettings = {
  task: 'supervised',
  ae: 'dense',
  method: 'minmax',
  eps: 1,
  alpha: 0.01,
  beta: 0.1,
  c0: 1e-3,
  iters: 300,
  kappa: 0,
  target: null,
  seed: 1,
  critic: 'lite',
  mineLr: 1.5e-5,
  mineSteps: 1,
  semantics: 'paper',
};

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
