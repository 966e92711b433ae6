/**
 * The penalty-based baseline: Carlini–Wagner's binary search on a FIXED c, with −I in place of the
 * L2 distance. Each search step restarts δ, θ and Adam and runs T iterations of the same
 * MINE-regularised descent as MinMax; δ* is the successful iterate of highest I over all steps.
 */
import { Rng } from '../rng';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { BestKeeper, bookedIterate } from './booking';
import { supervisedTarget } from './target';
import { MineDescent } from './mine-descent';
import type { AttackOptions } from './options';
import { initialSearch, nextSearch } from './schedule';
import {
  emptyResultBase,
  marginSpec,
  measureReturned,
  predictClass,
  sampleTensor,
  type AttackHooks,
  type SupervisedSample,
} from './supervised';
import type { AttackResult, IterationRecord } from './trace';

export async function attackPenalty(
  clf: AttackedClassifier,
  sample: SupervisedSample,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<AttackResult> {
  const x = sampleTensor(clf, sample);
  const spec = marginSpec(opts, sample.label);
  const keeper = new BestKeeper();
  const root = new Rng(opts.seed);
  let search = initialSearch(opts.c0);
  let total = 0;
  let elapsed = 0;
  let cancelled = false;
  let last: MineDescent | null = null;
  try {
    const predictedClean = await predictClass(clf, x);
    outer: for (let s = 0; s < opts.searchSteps; s++) {
      last?.dispose();
      const descent = new MineDescent(supervisedTarget(clf, spec), x, opts, root.fork(`search-${s}`));
      last = descent;
      let succeeded = false;
      for (let t = 1; t <= opts.iters; t++) {
        if (hooks.signal?.aborted) {
          cancelled = true;
          break outer;
        }
        const start = performance.now();
        const m = await descent.step(search.c);
        total += 1;
        const booked = bookedIterate(opts.semantics, m, descent.previousDelta!, descent.delta);
        if (keeper.offer(booked, total, booked.f <= 0)) succeeded = true;
        elapsed += performance.now() - start;
        const rec: IterationRecord = {
          t,
          part: 'both',
          searchStep: s,
          c: search.c,
          f: booked.f,
          fPlus: Math.max(0, booked.f),
          mi: booked.mi,
          success: booked.f <= 0,
          linf: booked.linf,
          l2: booked.l2,
          bestMi: keeper.best?.mi ?? null,
          predicted: booked.readout,
        };
        // So that a viewer can show the images while the search runs, not only at the end.
        if (opts.traceDeltaEvery > 0 && total % opts.traceDeltaEvery === 0)
          rec.delta = await descent.effectiveDelta(booked.delta);
        await hooks.onIteration?.(rec);
      }
      search = nextSearch(search, succeeded);
    }
    const chosen = keeper.chosen() ?? last?.delta;
    if (!last || !chosen) throw new Error('penalty attack ran no iteration');
    const adv = last.adversarial(chosen);
    try {
      return {
        ...emptyResultBase('penalty', opts, sample.label, predictedClean),
        ...(await measureReturned(clf, x, adv, spec)),
        success: keeper.best !== null,
        firstSuccessIter: keeper.firstSuccessIter,
        miBest: keeper.best?.mi ?? null,
        itersRun: total,
        msPerIter: total > 0 ? elapsed / total : 0,
        cancelled,
      };
    } finally {
      adv.dispose();
    }
  } finally {
    last?.dispose();
    keeper.dispose();
    x.dispose();
  }
}
