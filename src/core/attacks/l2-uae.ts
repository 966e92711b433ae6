/**
 * The L2-UAE baseline (docs/ALGORITHM.md §6): the UAE criterion with ‖δ‖²₂ in place of the MI term,
 * minimise ‖δ‖²₂ + c·f⁺, Carlini–Wagner style: a binary search on a fixed c, each step restarting
 * from the authors' δ0 ~ U(−ε, ε); the successful iterate (f ≤ 0) of smallest ‖δ‖₂ is kept.
 * Stepped one iteration at a time, like the MinMax runs, so that a viewer can pause or continue it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DeltaBox } from './box';
import '../gradients';
import { autoencoderTarget, type AttackedAutoencoder } from './autoencoder-target';
import { BestKeeper } from './booking';
import { checkRecord } from './checks';
import { attackToEnd } from './run-to-end';
import type { AttackOptions } from './options';
import type { ResumeState } from './resume';
import { SearchSteps } from './search-steps';
import { readIterate } from './target';
import type { IterationRecord } from './trace';
import { measureUae, type UaeResult } from './uae';

/**
 * L2-UAE driven one iteration at a time (so that a viewer can pause it), or continued from another
 * run's state (resume.ts): search step, c and its bounds, δ and the booking carry over.
 */
export class L2UaeRun {
  private readonly x: tf.Tensor4D;
  private readonly target: ReturnType<typeof autoencoderTarget>;
  private readonly box: DeltaBox;
  // BestKeeper books by its `mi` slot: here ‖δ‖₂, smallest first.
  private readonly keeper = new BestKeeper((a, b) => a < b);
  private delta: tf.Tensor4D | null = null;
  private grad: ((d: tf.Tensor) => tf.Tensor) | null = null;
  private readonly search: SearchSteps;
  elapsedMs = 0;
  /** L2-UAE trains no critic. */
  readonly estimator = null;

  constructor(
    private readonly ae: AttackedAutoencoder,
    xValues: Float32Array,
    private readonly opts: AttackOptions,
    resume?: ResumeState,
  ) {
    const [h, w, ch] = ae.inputShape;
    if (xValues.length !== h * w * ch)
      throw new Error(`input has ${xValues.length} values, the autoencoder expects ${h}×${w}×${ch}`);
    this.search = new SearchSteps(opts, xValues.length, resume);
    const x = tf.tensor4d(xValues, [1, h, w, ch]);
    this.x = x;
    this.target = autoencoderTarget(ae, x);
    this.box = new DeltaBox(x, opts.eps);
    if (resume !== undefined) {
      this.keeper.restore(resume.booking, x.shape);
      if (this.search.midStep) {
        this.startStep();
        const seeded = tf.tidy(() => this.project(tf.tensor4d(resume.delta, x.shape)));
        this.delta!.dispose();
        this.delta = seeded;
      }
    }
  }

  get done(): boolean {
    return this.search.done;
  }

  get resumedFrom(): number {
    return this.search.resumedFrom;
  }

  private project(d: tf.Tensor): tf.Tensor4D {
    return this.box.project(d);
  }

  /** δ0 ~ U(−ε, ε) of the current search step, from its own generator, and the step's gradient at its c. */
  private startStep(): void {
    const init = this.search
      .stepRng()
      .fillUniform(new Float32Array(this.x.size), -this.opts.eps, this.opts.eps);
    this.delta?.dispose();
    this.delta = tf.tidy(() => this.project(tf.tensor4d(init, this.x.shape)));
    const c = this.search.state.c;
    this.grad = tf.grad((d: tf.Tensor) =>
      tf.add(
        tf.sum(tf.square(d)),
        tf.mul(c, tf.sum(tf.relu(this.target.criterion(tf.add(this.x, d) as tf.Tensor4D)))),
      ),
    );
  }

  /** One iteration; L2-UAE has one player, so any step moves δ. */
  async step(): Promise<IterationRecord> {
    const start = performance.now();
    const search = this.search;
    if (search.advance() || this.delta === null) this.startStep();
    const grad = this.grad!;
    const before = this.delta!;
    const next = tf.tidy(() => this.project(tf.sub(before, tf.mul(grad(before), this.opts.alpha))));
    before.dispose();
    this.delta = next;
    // δ stays in the box, so the stored δ is the effective one.
    const every = this.opts.traceDeltaEvery;
    const read = await readIterate(this.target, this.x, next, every > 0 && (search.total + 1) % every === 0);
    const { f, readout: recon, linf, l2 } = read;
    const rec: IterationRecord = {
      t: search.t + 1,
      part: 'both',
      searchStep: search.step,
      c: search.state.c,
      f,
      fPlus: Math.max(0, f),
      mi: NaN,
      success: false,
      linf,
      l2,
      bestMi: null,
      predicted: NaN,
      reconAdv: recon,
    };
    checkRecord(rec, false, this.opts.iters);
    rec.success = this.keeper.offer(
      { f, readout: recon, linf, l2, mi: l2, delta: next },
      search.total + 1,
      f <= 0,
      NaN,
    );
    search.count(rec.success);
    this.elapsedMs += performance.now() - start;
    if (read.delta !== undefined) rec.delta = read.delta;
    return rec;
  }

  async result(cancelled = false): Promise<UaeResult> {
    if (this.delta === null) this.startStep();
    const chosen = this.keeper.chosen() ?? this.delta!;
    const adv = tf.tidy(() => tf.add(this.x, chosen) as tf.Tensor4D);
    try {
      const measured = await measureUae(this.ae, this.x, adv);
      const x = (await this.x.data()) as Float32Array;
      return {
        ...measured,
        ...this.search.outcome(this.keeper.ledger, x, measured.adversarial, this.elapsedMs, cancelled),
        // Its booked score is ‖δ‖₂, not an I.
        miBest: null,
      };
    } finally {
      adv.dispose();
    }
  }

  dispose(): void {
    this.box.dispose();
    tf.dispose([this.x]);
    this.delta?.dispose();
    this.delta = null;
    this.keeper.dispose();
    this.target.dispose();
  }
}

export const attackL2Uae = attackToEnd(
  (ae: AttackedAutoencoder, x: Float32Array, opts) => new L2UaeRun(ae, x, opts),
);
