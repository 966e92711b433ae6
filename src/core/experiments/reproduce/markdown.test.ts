import { describe, expect, it } from 'vitest';
import { asrMiTable } from './asr-mi';
import type { ReproduceRecord } from './types';

describe('the reproduce tables', () => {
  it("leave a method's ASR blank while none of its samples has finished (a cancelled run)", () => {
    const record = {
      settings: {
        n: 4,
        iters: 100,
        searchSteps: 5,
        eps: 1,
        critic: 'lite',
        fairMi: { steps: 300, restarts: 2, lr: 3e-4 },
      },
      rows: [
        { method: 'penalty', n: 1, asr: 1, asrCorrectOnly: 1, nMiFair: 1 },
        { method: 'minmax', n: 0, asr: 0, asrCorrectOnly: null, nMiFair: 0 },
      ],
      paper: [{ method: 'minmax', asr: 1, mi: 51.29 }],
    } as unknown as ReproduceRecord;
    const lines = asrMiTable(record).filter((l) => l.startsWith('| '));
    expect(lines[1]).toMatch(/^\| penalty-based \| 1 \| 100\.0 % \|/);
    expect(lines[2]).toMatch(/^\| MinMax \| 0 \| – \| – \|/);
    expect(lines[2]).toMatch(/\| 100 % \| 51\.29 \|$/);
  });
});
