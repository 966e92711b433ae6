import { describe, expect, it } from 'vitest';
import type { BatchSample, CompareRow } from '../worker/protocol-evidence';
import { batchCsv, compareCsv, histogram } from './evidence-export';

const row: CompareRow = {
  method: 'penalty',
  success: false,
  failureReason: 'f stayed > 0 for all 20 iterations, "smallest f" 0.2',
  firstSuccessIter: null,
  miBest: null,
  miFair: { mean: 0.25, std: 0.05, steps: 20, restarts: 2 },
  miFairProblem: null,
  linf: 0.5,
  l2: NaN,
  seconds: 1.5,
  fairSeconds: 0.5,
  itersRun: 180,
  predictedAdv: 4,
  delta: new Float32Array(0),
  adversarial: new Float32Array(0),
};

describe('evidence export', () => {
  it('writes a compare row, missing values empty and a reason with commas and quotes quoted', () => {
    const [head, line] = compareCsv([row]).trim().split('\n');
    expect(head).toBe(
      'method,success,firstSuccessIter,miFairMean,miFairStd,fairMiSteps,fairMiRestarts,miBest,linf,l2,itersRun,predictedAdv,seconds,fairSeconds,failureReason,miFairProblem',
    );
    expect(line).toBe(
      'penalty,0,,0.25,0.05,20,2,,0.5,,180,4,1.5,0.5,"f stayed > 0 for all 20 iterations, ""smallest f"" 0.2",',
    );
  });

  it('writes a batch sample per line', () => {
    const s: BatchSample = {
      index: 12,
      label: 9,
      predictedClean: 9,
      predictedAdv: 4,
      success: true,
      failureReason: null,
      miBest: 0.7,
      miFair: null,
      miFairProblem: 'the critic diverged',
      firstSuccessIter: 3,
      linf: 0.3,
      l2: 2,
      seconds: 4,
    };
    expect(batchCsv([s]).trim().split('\n')[1]).toBe('12,9,9,4,1,3,0.7,,,0.3,2,4,,the critic diverged');
  });

  it('bins values over their range, the largest in the last bin', () => {
    expect(histogram([0, 1, 2, 3, 4], 4)).toEqual({ lo: 0, hi: 4, counts: [1, 1, 1, 2] });
    expect(histogram([2, 2], 3)).toEqual({ lo: 1.5, hi: 2.5, counts: [0, 2, 0] });
    expect(histogram([NaN], 2)).toEqual({ lo: 0, hi: 1, counts: [0, 0] });
  });
});
