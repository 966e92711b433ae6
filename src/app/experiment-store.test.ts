/** The experiment panel names where its MINE-UAE departs from the one set of UAE defaults. */
import { describe, expect, it } from 'vitest';
import { UAE_DEFAULTS } from '../core/attacks/uae-defaults';
import { DEFAULT_EXPERIMENT, PANEL_DEFAULT_MEASURED, experimentDepartures } from './experiment-store';
import { PANEL_UAE_MINE_STEPS, UNSUPERVISED_URL_DEFAULTS } from './url-state';

describe('experiment departures', () => {
  it("the default run names its MINE steps against the authors' (the CLI's) and nothing else", () => {
    expect(DEFAULT_EXPERIMENT.mineSteps).toBe(PANEL_UAE_MINE_STEPS);
    expect(DEFAULT_EXPERIMENT.iters).toBe(UAE_DEFAULTS.iters);
    const d = experimentDepartures(DEFAULT_EXPERIMENT);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(
      new RegExp(`^MINE-UAE runs ${PANEL_UAE_MINE_STEPS} MINE steps per iteration, not the authors' 20`),
    );
    // With what that setting was measured to give.
    expect(d[0]).toContain(`measured at ${Math.round(PANEL_DEFAULT_MEASURED.asr! * 100)} % ASR`);
  });

  it("at the authors' settings, or without MINE-UAE, there is nothing to name", () => {
    const authors = { ...DEFAULT_EXPERIMENT, mineSteps: UAE_DEFAULTS.mineSteps, iters: UAE_DEFAULTS.iters };
    expect(experimentDepartures(authors)).toEqual([]);
    const noMine = {
      ...DEFAULT_EXPERIMENT,
      methods: DEFAULT_EXPERIMENT.methods.filter((m) => m !== 'mine-uae'),
    };
    expect(experimentDepartures(noMine)).toEqual([]);
  });

  it('names any other step count and a changed T, without the default measurement', () => {
    const d = experimentDepartures({ ...DEFAULT_EXPERIMENT, mineSteps: 1, iters: 12 });
    expect(d).toEqual([
      "MINE-UAE runs 1 MINE step per iteration, not the authors' 20 (the CLI's default): fewer steps leave the critic's estimate I lower, and success needs I > 0.",
      "MINE-UAE runs 12 iterations, not the authors' 40.",
    ]);
  });

  it("the app's unsupervised task takes the UAE defaults themselves", () => {
    expect(UNSUPERVISED_URL_DEFAULTS).toMatchObject({
      alpha: UAE_DEFAULTS.alpha,
      iters: UAE_DEFAULTS.iters,
      eps: UAE_DEFAULTS.eps,
      mineSteps: UAE_DEFAULTS.mineSteps,
    });
  });
});
