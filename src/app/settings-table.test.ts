/**
 * The link and the worker's run message take every setting's range from the one table
 * (core/settings.ts): a value at the edge passes both, a value past it is clamped by the link and
 * refused by the worker, and a link without the field means the table's default.
 */
import { describe, expect, it } from 'vitest';
import { SETTINGS, settingsIn, type Setting } from '../core/settings';
import { methodsOf, traitsOf, type Task } from '../core/vocabulary';
import { parseUiToWorker } from '../worker/protocol';
import { DEFAULT_URL_STATE, parseUrlState, URL_FIELDS } from './url-state';
import { settingsFromUrl } from './url-settings';

const image = { source: 'test', index: 0, label: 7, pixels: new Float32Array(784) };
const runWith = (patch: Record<string, unknown>) =>
  parseUiToWorker({
    type: 'run',
    runId: 1,
    settings: { ...settingsFromUrl(DEFAULT_URL_STATE, 'lite'), ...patch },
    image,
    paused: false,
  });

describe('the settings table is the one source of ranges and defaults', () => {
  it('gives the link its fields, defaults and ranges', () => {
    for (const k of settingsIn('url')) {
      const s: Setting = SETTINGS[k];
      const field = URL_FIELDS[k];
      if (s.kind === 'choice') {
        expect(field, k).toEqual({
          kind: 'enum',
          values: s.default === null ? ['auto', ...s.values] : s.values,
        });
        expect(DEFAULT_URL_STATE[k], k).toBe(s.default ?? 'auto');
        continue;
      }
      const max = s.appMax ?? s.max;
      expect(field, k).toMatchObject({ kind: s.integer ? 'int' : 'float', max });
      const over = parseUrlState(`?${k}=${max * 2 + 1}`);
      expect(over.state[k], k).toBe(max);
      expect(
        over.problems.map((p) => p.key),
        k,
      ).toEqual([k]);
      expect(DEFAULT_URL_STATE[k], k).toBe(s.unset === undefined ? s.default : s.min - 1);
    }
  });

  it("gives the worker's run message its ranges: the edge passes, past it is refused", () => {
    for (const k of settingsIn('protocol')) {
      const s: Setting = SETTINGS[k];
      if (s.kind === 'choice') {
        // A method goes with its own task, a task with its first method.
        const pair = (v: string) =>
          k === 'method'
            ? { task: traitsOf(v)!.task }
            : k === 'task'
              ? { method: methodsOf(v as Task)[0] }
              : {};
        for (const v of s.values) expect(runWith({ [k]: v, ...pair(v) }).ok, `${k} = ${v}`).toBe(true);
        expect(runWith({ [k]: 'nonsense' }).ok, k).toBe(false);
        continue;
      }
      expect(runWith({ [k]: s.max }).ok, `${k} = max`).toBe(true);
      expect(runWith({ [k]: s.min }).ok, `${k} = min`).toBe(true);
      const past = runWith({ [k]: s.max + Math.max(1, s.max) });
      expect(past.ok, `${k} past max`).toBe(false);
      if (!past.ok) expect(past.error, k).toContain(`settings.${k}`);
      expect(runWith({ [k]: null }).ok, `${k} unset`).toBe(s.unset !== undefined);
    }
  });

  it('maps an unset target to −1 in the link and back to null', () => {
    const parsed = parseUrlState('?target=-1').state;
    expect(settingsFromUrl(parsed, 'lite').target).toBeNull();
    expect(settingsFromUrl(parseUrlState('?target=3').state, 'lite').target).toBe(3);
  });
});
