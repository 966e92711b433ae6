/**
 * MINE-UAE, the unsupervised MinMax attack (docs/ALGORITHM.md §5): Algorithm 1 with the sign of the MI
 * term flipped, min_δ max_c c·f⁺(x + δ) + I_θ(x, x + δ), on B images at once; success is f ≤ 0 with
 * I > 0, and the successful iterate of SMALLEST I is kept (else, flagged as a failure, the iterate of
 * smallest f). f(x′) = ‖x − AE(x′)‖² − ‖x − AE(x)‖².
 *
 * The loop is MinMaxLoop.step (minmax-loop.ts), the supervised attack's, run with UNSUPERVISED_RULES;
 * UaeBatch is its batched players: B δs, B critics (BatchedCritic) and their samples (UaeSamples).
 * The images share nothing: each has its own δ, c, critic and generator (seed, image id), so image b
 * of a batch runs exactly what a batch of one runs. The single-image attack of the CLI and the app
 * (UaeRun in uae.ts) is that batch of one; `augment` attacks its training images 50 at a time
 * (attackUaeBatch in uae.ts). Stepped one iteration at a time, or one player at a time (the app's
 * viewer); the two semantics of §8 are options, as in MinMaxRun.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adversarialIn, DeltaBox } from './box';
import '../gradients';
import { glorotLimit } from '../rng';
import { criticLayout } from '../mine/critic';
import { BatchedCritic } from '../mine/batched-critic';
import { autoencoderTarget, type AttackedAutoencoder } from './autoencoder-target';
import { bookedOutcome } from './booking';
import { uaeFailure } from './failure';
import type { StepPart } from '../vocabulary';
import { MinMaxLoop, MinMaxLoopRun, UNSUPERVISED_RULES, type MinMaxPlayers } from './minmax-loop';
import { mineBound, type AttackOptions } from './options';
import { validateResume, type ResumeState } from './resume';
import { measureStep, type StepMeasure } from './step-measure';
import type { IterationRecord } from './trace';
import { checkBatch, imageRng } from './batch-images';
import { uaeSampleShape, UaeSamples } from './uae-samples';

export interface UaeBatchItem {
  success: boolean;
  /** Null on success; else why (uaeFailure, or a returned x′ that failed its check). */
  failureReason: string | null;
  firstSuccessIter: number | null;
  /** Smallest positive I among successes, or null. */
  miBest: number | null;
  /** The returned x′ (δ* on success, else the iterate of smallest f) and x′ − x. */
  adversarial: Float32Array;
  delta: Float32Array;
  f: number;
  reconClean: number;
  reconAdv: number;
  linf: number;
  l2: number;
}

export interface UaeBatchResult {
  items: UaeBatchItem[];
  msPerIter: number;
  itersRun: number;
  cancelled: boolean;
}

export class UaeBatch extends MinMaxLoopRun implements MinMaxPlayers {
  readonly n: number;
  private readonly size: number;
  readonly x: tf.Tensor4D;
  private readonly target: ReturnType<typeof autoencoderTarget>;
  private readonly critic: BatchedCritic;
  private readonly samples: UaeSamples;
  private readonly box: DeltaBox;
  /** δ as stored (reference semantics lets it leave the [0, 1] box; x′ clips it). */
  delta: tf.Tensor4D;
  /** δ before the latest step, kept until the next one (reference semantics books it). */
  previousDelta: tf.Tensor4D | null = null;
  protected readonly loop: MinMaxLoop;

  /**
   * `images`: B flat images in [0, 1]; `ids`: their ids, which pick their generators (imageRng).
   * `resume` (a batch of one): continue another run's t, δ, c and booking (resume.ts); the critic
   * starts fresh. `nameImages`: a divergence names the image's id (off for a single attack).
   */
  constructor(
    ae: AttackedAutoencoder,
    private readonly images: Float32Array,
    private readonly ids: readonly number[],
    private readonly opts: AttackOptions,
    resume?: ResumeState,
    nameImages = true,
  ) {
    super();
    const [h, w, ch] = ae.inputShape;
    const n = ids.length;
    this.n = n;
    this.size = checkBatch(ae, images, n);
    // Checked before anything is allocated, so that a refused state leaves nothing behind.
    if (resume !== undefined) {
      if (n !== 1) throw new Error(`a resumed MINE-UAE is a batch of one image, not ${n}`);
      validateResume(resume, opts.iters, this.size);
    }
    // Forked in MineDescent's order (critic, samples, δ0), so a batch of one draws as a single run did.
    const rngs = ids.map((id) => imageRng(opts.seed, id));
    const mineRngs = rngs.map((r) => r.fork('mine'));
    const sampleRngs = rngs.map((r) => r.fork('samples'));
    const delta0 = new Float32Array(n * this.size);
    const lim =
      opts.deltaInit === 'uniform' ? opts.eps : opts.deltaInit === 'glorot' ? glorotLimit([1, h, w, ch]) : 0;
    rngs.forEach((r, b) => {
      const d = r.fork('delta');
      if (lim > 0) d.fillUniform(delta0.subarray(b * this.size, (b + 1) * this.size), -lim, lim);
    });

    const x = tf.tensor4d(images, [n, h, w, ch]);
    this.x = x;
    this.target = autoencoderTarget(ae, x);
    this.critic = new BatchedCritic(
      criticLayout(opts.critic, uaeSampleShape(ae)),
      mineRngs,
      opts.mineLr,
      mineBound(opts),
    );
    this.samples = new UaeSamples(ae, x, this.critic, mineRngs, sampleRngs, opts.seed);
    this.box = new DeltaBox(x, opts.eps);
    // The authors' code leaves its Glorot δ0 unprojected; the paper starts inside the box.
    const start = resume?.delta ?? delta0;
    this.delta = tf.tidy(() => {
      const d = tf.tensor4d(start, x.shape);
      return resume !== undefined || opts.semantics === 'paper' ? this.project(d) : d;
    });
    this.loop = new MinMaxLoop(this, opts, UNSUPERVISED_RULES, x.shape, resume, nameImages ? ids : undefined);
  }

  private project(d: tf.Tensor4D): tf.Tensor4D {
    return this.box.projectIn(this.opts.semantics, d);
  }

  /** The first image's latest marginal shuffle π (uae-samples.ts), or null before any evaluation. */
  get permutation(): Int32Array | null {
    return this.samples.lastShuffle;
  }

  /** x′ for a stored δ (see adversarialIn). */
  adversarial(d: tf.Tensor4D): tf.Tensor4D {
    return adversarialIn(this.opts.semantics, this.x, d);
  }

  /** δ ← Π(δ − α·∇_δ[c·f⁺ − sign·I_θ]) at the current θ, c per image; keeps the δ before the step. */
  moveDelta(c: Float64Array, miSign: 1 | -1): void {
    const cT = tf.tensor1d(Float32Array.from(c));
    const grad = tf.tidy(() =>
      tf.grad((d: tf.Tensor) => {
        const xa = this.adversarial(d as tf.Tensor4D);
        const f = this.target.criterion(xa);
        const s = this.samples.draw(xa);
        const mi = tf.sum(this.critic.bounds(s.zx, s.zy, this.samples.k, s.perm, 'objective'));
        return tf.sub(tf.sum(tf.mul(cT, tf.relu(f))), tf.mul(mi, miSign));
      })(this.delta),
    );
    cT.dispose();
    const before = this.delta;
    this.delta = tf.tidy(() => this.project(tf.sub(before, tf.mul(grad, this.opts.alpha))));
    grad.dispose();
    this.previousDelta?.dispose();
    this.previousDelta = before;
  }

  /** A critic-only step leaves δ where it is; the copy stands in for the δ before the step. */
  holdDelta(): void {
    this.previousDelta?.dispose();
    this.previousDelta = tf.clone(this.delta);
  }

  /** The critics' move at the current x′ (see mineEstimate). */
  criticStep(train: boolean): tf.Tensor1D {
    const xAdv = this.adversarial(this.delta);
    const mi = this.mineEstimate(xAdv, train);
    xAdv.dispose();
    return mi;
  }

  /** I_θ(x, x′) per image: the last of the MINE steps' estimates, or (θ frozen) one evaluation. */
  private mineEstimate(xAdv: tf.Tensor4D, train: boolean): tf.Tensor1D {
    const k = this.samples.k;
    if (!train) {
      return tf.tidy(() => {
        const s = this.samples.draw(xAdv);
        return this.critic.bounds(s.zx, s.zy, k, s.perm);
      });
    }
    let mi: tf.Tensor1D | null = null;
    const steps = this.samples.forSteps(xAdv);
    for (let s = 0; s < this.opts.mineSteps; s++) {
      const smp = steps.next();
      mi?.dispose();
      mi = this.critic.trainStep(smp.zx, smp.zy, k, smp.perm);
      tf.dispose(smp.owned);
    }
    steps.dispose();
    return mi!;
  }

  /** One iteration of Algorithm 1 (MinMaxLoop.step), one record per image; `part` moves one player only. */
  step(part: StepPart = 'both'): Promise<IterationRecord[]> {
    return this.loop.step(part);
  }

  /** The readback of one iteration (step-measure.ts); disposes `mi`. */
  measure(mi: tf.Tensor, withBefore: boolean, withDelta: boolean): Promise<StepMeasure> {
    return measureStep(this, this.n, mi, withBefore, withDelta);
  }

  /** [f (B), readout (B), ‖x′ − x‖∞ (B), ‖x′ − x‖₂ (B)] for a stored δ. */
  rows(d: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => {
      const xa = this.adversarial(d);
      const diff = tf.reshape(tf.sub(xa, this.x), [this.n, -1]);
      return tf.concat([
        this.target.criterion(xa),
        this.target.readout(xa),
        tf.max(tf.abs(diff), 1),
        tf.sqrt(tf.sum(tf.square(diff), 1)),
      ]) as tf.Tensor1D;
    });
  }

  /** Per image: δ* on success, else the closest iterate (the current δ before any iteration). */
  async result(cancelled = false): Promise<UaeBatchResult> {
    const { n, size, opts } = this;
    const packed = tf.tidy(() => {
      const adv = this.adversarial(this.loop.book.chosen(this.delta));
      const diff = tf.reshape(tf.sub(adv, this.x), [n, -1]);
      return tf.concat([
        this.target.readout(this.x),
        this.target.readout(adv),
        tf.max(tf.abs(diff), 1),
        tf.sqrt(tf.sum(tf.square(diff), 1)),
        tf.reshape(diff, [-1]),
        tf.reshape(adv, [-1]),
      ]);
    });
    const out = (await packed.data()) as Float32Array;
    packed.dispose();
    const block = (i: number, b: number) =>
      out.slice(4 * n + i * n * size + b * size, 4 * n + i * n * size + (b + 1) * size);
    const items = this.ids.map((_, b): UaeBatchItem => {
      const adversarial = block(1, b);
      const x = this.images.subarray(b * size, (b + 1) * size);
      const shape = { iters: opts.iters, cancelled };
      return {
        ...bookedOutcome(this.loop.book.ledgers[b]!, x, adversarial, opts.eps, (s) => uaeFailure(s, shape)),
        adversarial,
        delta: block(0, b),
        reconClean: out[b]!,
        reconAdv: out[n + b]!,
        f: out[n + b]! - out[b]!,
        linf: out[2 * n + b]!,
        l2: out[3 * n + b]!,
      };
    });
    return { items, msPerIter: this.loop.msPerIter, itersRun: this.t, cancelled };
  }

  dispose(): void {
    this.samples.dispose();
    this.critic.dispose();
    this.target.dispose();
    this.box.dispose();
    this.loop.dispose();
    tf.dispose([this.x, this.delta]);
    this.previousDelta?.dispose();
    this.previousDelta = null;
  }
}
