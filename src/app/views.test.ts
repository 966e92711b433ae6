import { describe, expect, it } from 'vitest';
import { BATCH_MAX_IMAGES } from '../worker/protocol-evidence';
import { evidenceFromUrl, urlFromSettings } from './url-settings';
import { DEFAULT_URL_STATE, parseUrlState } from './url-state';
import { serializeUrlState } from './url-serialize';
import { settingsFromUrl } from './url-settings';

describe('the view switch and the evidence views in a link', () => {
  it('opens the single-run view by default and reads compare and batch', () => {
    expect(parseUrlState('').state.view).toBe('run');
    expect(parseUrlState('?view=compare').state.view).toBe('compare');
    expect(parseUrlState('?view=BATCH').state.view).toBe('batch');
    expect(parseUrlState('?view=paper').state.view).toBe('paper');
    expect(parseUrlState('?view=mine-lab').state.view).toBe('mine-lab');
    // A shared link keeps the lab.
    const lab = { ...DEFAULT_URL_STATE, view: 'mine-lab' as const };
    expect(parseUrlState(serializeUrlState(lab)).state.view).toBe('mine-lab');
  });

  it('refuses an unknown view with a clear correction and falls back to the run view', () => {
    const { state, problems } = parseUrlState('?view=paperz');
    expect(state.view).toBe('run');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(
      'view=paperz is not one of run, compare, batch, paper, mine-lab; using run.',
    );
  });

  it("reads the fair MI's former names (fairSteps, fairRestarts), quoting them as written", () => {
    const { state, problems } = parseUrlState('?fairSteps=20&fairRestarts=-1');
    expect(state.fairMiSteps).toBe(20);
    expect(state.fairMiRestarts).toBe(0);
    expect(problems.map((p) => p.message)).toEqual(['fairRestarts=-1 is outside [0, 100]; using 0.']);
    // The new name wins where a link has both.
    expect(parseUrlState('?fairSteps=20&fairMiSteps=30').state.fairMiSteps).toBe(30);
  });

  it('clamps the batch size to the measured limit and refuses a non-integer label', () => {
    const { state, problems } = parseUrlState(
      `?batchN=5000&batchLabel=2.5&fairMiRestarts=-1&fairMiSteps=0x10`,
    );
    expect(state.batchN).toBe(BATCH_MAX_IMAGES);
    expect(state.batchLabel).toBe(3);
    expect(state.fairMiRestarts).toBe(0);
    expect(state.fairMiSteps).toBe(DEFAULT_URL_STATE.fairMiSteps);
    expect(problems.map((p) => p.message)).toEqual([
      `fairMiSteps=0x10 is not a decimal number (e.g. 0.3 or 1e-3); using ${DEFAULT_URL_STATE.fairMiSteps} (the default).`,
      'fairMiRestarts=-1 is outside [0, 100]; using 0.',
      `batchN=5000 is outside [1, ${BATCH_MAX_IMAGES}]; using ${BATCH_MAX_IMAGES}.`,
      'batchLabel=2.5 is not a whole number; using 3.',
    ]);
  });

  it('keeps only known compare methods, naming the unknown', () => {
    const { state, problems } = parseUrlState('?cmpMethods=pgd,fgsm,minmax');
    expect(state.cmpMethods).toEqual(['minmax', 'pgd']);
    expect(problems[0]!.message).toContain('cmpMethods: fgsm is not among');
  });

  it('carries the view and the evidence settings through a share link', () => {
    const start = parseUrlState(
      '?view=batch&batchN=7&batchLabel=4&fairMiSteps=20&fairMiRestarts=2&cmpMethods=pgd&paperExp=mi-distribution&paperScale=standard',
    );
    const u = start.state;
    const link = serializeUrlState(
      urlFromSettings(
        settingsFromUrl(u, 'lite'),
        null,
        'lite',
        'wasm',
        { present: false, hide: [] },
        {
          ...{
            ae: 'dense',
            methods: ['mine-uae'],
            train: 1,
            epochs: 1,
            testCount: 1,
            seed: 1,
            iters: 1,
            mineSteps: 1,
          },
        },
        evidenceFromUrl(u),
        u.view,
      ),
    );
    const back = parseUrlState(link);
    expect(back.problems).toEqual([]);
    expect(back.state.view).toBe('batch');
    expect(evidenceFromUrl(back.state)).toEqual({
      cmpMethods: ['pgd'],
      fairMiSteps: 20,
      fairMiRestarts: 2,
      batchN: 7,
      batchLabel: 4,
      paperExp: 'mi-distribution',
      paperScale: 'standard',
    });
  });
});
