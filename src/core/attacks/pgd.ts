/**
 * The PGD L∞ baseline on the same margin criterion: sign steps, projection onto
 * [−ε, ε] ∩ [−x, 1−x], optional uniform random start. For comparison with MinMax, I(x, x') of the
 * returned example is then measured by a freshly trained MINE with the attack's MINE settings
 * (iters × mineSteps Adam steps; the best estimate is reported, as MinMax reports its best).
 * Stepped one iteration at a time, like MinMax, so that a viewer can pause it or continue it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DeltaBox } from './box';
import '../gradients';
import { KindedError } from '../errors';
import { Rng } from '../rng';
import { criticLayout } from '../mine/critic';
import { MineEstimator } from '../mine/estimator';
import type { AttackedClassifier } from '../models/attacked-classifier';
import { convSamples } from '../models/first-conv';
import { bookedOutcome, BestKeeper } from './booking';
import { checkRecord } from './checks';
import { marginFailure } from './failure';
import type { MarginSpec } from './criteria';
import { attackToEnd } from './run-to-end';
import { mineBound, type AttackOptions } from './options';
import { validateResume, type ResumeState } from './resume';
import { readIterate, supervisedTarget, type AttackTarget } from './target';
import {
  emptyResultBase,
  marginSpec,
  measureReturned,
  withSample,
  type SupervisedSample,
} from './supervised';
import type { AttackResult, IterationRecord } from './trace';

/** PGD driven one iteration at a time (so that a viewer can pause it), or continued (resume.ts). */
export class PgdRun {
  private readonly x: tf.Tensor4D;
  private readonly spec: MarginSpec;
  private readonly box: DeltaBox;
  private readonly gradF: (d: tf.Tensor) => tf.Tensor;
  private readonly target: AttackTarget;
  private readonly rng: Rng;
  // PGD has no I: success is booked on f alone, and the last success is the one returned.
  private readonly keeper = new BestKeeper(() => true);
  private delta: tf.Tensor4D;
  t = 0;
  elapsedMs = 0;
  /** Iterations run elsewhere before this run took over (0 for a fresh run). */
  readonly resumedFrom: number;

  private constructor(
    private readonly clf: AttackedClassifier,
    private readonly opts: AttackOptions,
    private readonly label: number,
    readonly predictedClean: number,
    x: tf.Tensor4D,
    resume: ResumeState | undefined,
  ) {
    if (resume !== undefined) validateResume(resume, opts.iters, x.size);
    this.x = x;
    this.spec = marginSpec(opts, label);
    this.rng = new Rng(opts.seed);
    this.target = supervisedTarget(clf, this.spec);
    this.box = new DeltaBox(x, opts.eps);
    const init = new Float32Array(x.size);
    // Drawn on resume too, so that the MI measurement's generator (forked next) is the same.
    if (opts.pgdRandomStart) this.rng.fork('delta').fillUniform(init, -opts.eps, opts.eps);
    this.delta = tf.tidy(() => this.project(tf.tensor4d(resume?.delta ?? init, x.shape)));
    this.gradF = tf.grad((d: tf.Tensor) => tf.sum(this.target.criterion(tf.add(x, d) as tf.Tensor4D)));
    this.resumedFrom = resume?.t ?? 0;
    if (resume !== undefined) {
      this.t = resume.t;
      this.keeper.restore(resume.booking, x.shape);
    }
  }

  static async create(
    clf: AttackedClassifier,
    sample: SupervisedSample,
    opts: AttackOptions,
    resume?: ResumeState,
  ): Promise<PgdRun> {
    return withSample(
      clf,
      sample,
      (x, predicted) => new PgdRun(clf, opts, sample.label, predicted, x, resume),
    );
  }

  get done(): boolean {
    return this.t >= this.opts.iters;
  }

  /** PGD trains no critic. */
  readonly estimator = null;

  private project(d: tf.Tensor): tf.Tensor4D {
    return this.box.project(d);
  }

  /** One iteration; PGD has one player, so any step moves δ. */
  async step(): Promise<IterationRecord> {
    const start = performance.now();
    this.t += 1;
    const t = this.t;
    const next = tf.tidy(() =>
      this.project(tf.sub(this.delta, tf.mul(tf.sign(this.gradF(this.delta)), this.opts.pgdStep))),
    );
    this.delta.dispose();
    this.delta = next;
    // δ stays in the box here, so the stored δ is the effective one.
    const every = this.opts.traceDeltaEvery;
    const read = await readIterate(this.target, this.x, next, every > 0 && t % every === 0);
    const { f, readout, linf, l2 } = read;
    const rec: IterationRecord = {
      t,
      part: 'both',
      searchStep: 0,
      c: 0,
      f,
      fPlus: Math.max(0, f),
      mi: NaN,
      success: false,
      linf,
      l2,
      bestMi: null,
      predicted: readout,
    };
    checkRecord(rec, false, this.opts.iters);
    rec.success = this.keeper.offer({ f, readout, linf, l2, mi: NaN, delta: next }, t, f <= 0);
    this.elapsedMs += performance.now() - start;
    if (read.delta !== undefined) rec.delta = read.delta;
    return rec;
  }

  async result(cancelled = false): Promise<AttackResult> {
    const adv = tf.tidy(() => tf.add(this.x, this.keeper.chosen() ?? this.delta) as tf.Tensor4D);
    try {
      const measured = await measureReturned(this.clf, this.x, adv, this.spec);
      const x = (await this.x.data()) as Float32Array;
      const outcome = bookedOutcome(this.keeper.ledger, x, measured.adversarial, this.opts.eps, (s) =>
        marginFailure(s, { iters: this.opts.iters, cancelled }),
      );
      // PGD books no I: I* is measured on the returned x′ by a fresh critic.
      const miBest =
        outcome.success && !cancelled
          ? await measureMi(this.clf, this.x, adv, this.opts, this.rng.fork('mine'))
          : null;
      const ran = this.t - this.resumedFrom;
      return {
        ...emptyResultBase('pgd', this.opts, this.label, this.predictedClean),
        ...measured,
        ...outcome,
        miBest,
        itersRun: this.t,
        msPerIter: ran > 0 ? this.elapsedMs / ran : 0,
        cancelled,
      };
    } finally {
      adv.dispose();
    }
  }

  dispose(): void {
    this.box.dispose();
    tf.dispose([this.x, this.delta]);
    this.keeper.dispose();
  }
}

export const attackPgd = attackToEnd((clf: AttackedClassifier, sample: SupervisedSample, opts) =>
  PgdRun.create(clf, sample, opts),
);

/** Best DV estimate of I(x, x') over a fresh MINE training run with the attack's settings. */
export async function measureMi(
  clf: AttackedClassifier,
  x: tf.Tensor4D,
  adv: tf.Tensor4D,
  opts: AttackOptions,
  rng: Rng,
): Promise<number> {
  const sx = convSamples(clf.conv1, x);
  const sy = convSamples(clf.conv1, adv);
  const [, h, w] = sx.shape;
  const est = new MineEstimator(criticLayout(opts.critic, { kind: 'maps', height: h, width: w }), rng, {
    lr: opts.mineLr,
    ...mineBound(opts),
  });
  let best = -Infinity;
  try {
    const steps = opts.iters * opts.mineSteps;
    for (let s = 0; s < steps; s++) {
      const mi = est.trainStep(sx, sy);
      const v = (await mi.data())[0]!;
      mi.dispose();
      if (!Number.isFinite(v))
        throw new KindedError('diverged', `PGD's MI measurement: MINE step ${s + 1} produced I = ${v}`, {
          iteration: s + 1,
        });
      if (v > best) best = v;
    }
    return best;
  } finally {
    est.dispose();
    tf.dispose([sx, sy]);
  }
}
