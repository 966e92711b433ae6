/**
 * MINE-UAE, the unsupervised MinMax attack (docs/ALGORITHM.md §5): the paper's Algorithm 1 with the
 * sign of the MI term flipped, on B images at once. Per image b:
 *
 *   δ ← δ0; c ← c0
 *   for t = 1..T:
 *     δ ← Π(δ − α·∇_δ[c·f⁺(x + δ) + I_θ(x, x + δ)])   the UAE lowers I (the supervised attack raises it)
 *     θ ← mineSteps Adam ascent steps on I_θ(x, x + δ)
 *     c ← (1 − β/t^¼)·c + β·f⁺                         paper: f of the new iterate; authors: of the one before
 *     success: f ≤ 0 and I > 0; keep the successful iterate of SMALLEST I
 *   return δ*, or flagged as a failure the iterate of smallest f
 *
 * with f(x′) = ‖x − AE(x′)‖² − ‖x − AE(x)‖². The images share nothing: each has its own δ, c, critic
 * and generator (seed, image id), so image b of a batch runs exactly what a batch of one runs. The
 * single-image attack of the CLI and the app (UaeRun in uae.ts) is that batch of one; `augment`
 * attacks its training images 50 at a time (attackUaeBatch in uae.ts). Stepped one iteration at a time, or one player at a time
 * (the app's viewer); the two semantics of §8 are options, as in MineDescent.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adversarialIn, DeltaBox } from './box';
import '../gradients';
import { glorotLimit } from '../rng';
import { criticLayout } from '../mine/critic';
import { BatchedCritic } from '../mine/batched-critic';
import { autoencoderTarget, type AttackedAutoencoder } from './autoencoder-target';
import { checkIteration, resultProblem, verdict } from './checks';
import { copyStats, emptyStats, foldIterate, uaeFailure, type IterateStats } from './failure';
import type { StepPart } from './mine-descent';
import type { AttackOptions } from './options';
import { validateResume, type ResumeState } from './resume';
import { nextC } from './schedule';
import type { IterationRecord } from './trace';
import { checkBatch, imageRng, keepWhere, selectPerImage } from './batch-images';
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

/** What one step measured per image, read back in one transfer. */
interface Measured {
  f: Float32Array;
  readout: Float32Array;
  linf: Float32Array;
  l2: Float32Array;
}

export class UaeBatch {
  readonly n: number;
  /** Iterations run (counting those of a resumed run's first part). */
  t = 0;
  /** Iterations run elsewhere before this run took over (0 for a fresh run). */
  readonly resumedFrom: number;
  private readonly size: number;
  private readonly x: tf.Tensor4D;
  private readonly target: ReturnType<typeof autoencoderTarget>;
  private readonly critic: BatchedCritic;
  private readonly samples: UaeSamples;
  private readonly box: DeltaBox;
  /** δ as stored (reference semantics lets it leave the [0, 1] box; x′ clips it). */
  private delta: tf.Tensor4D;
  /** The booking: δ* (smallest positive I among successes) and the closest iterate (smallest f). */
  private best: tf.Tensor4D;
  private closest: tf.Tensor4D;
  private readonly c: Float64Array;
  private readonly bestMi: (number | null)[];
  private readonly closestF: Float64Array;
  private readonly firstSuccess: (number | null)[];
  private readonly stats: IterateStats[];
  private elapsedMs = 0;

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
    private readonly nameImages = true,
  ) {
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
      opts.biasCorrection,
    );
    this.samples = new UaeSamples(ae, x, this.critic, mineRngs, sampleRngs, opts.seed);
    this.box = new DeltaBox(x, opts.eps);
    // The authors' code leaves its Glorot δ0 unprojected; the paper starts inside the box.
    const start = resume?.delta ?? delta0;
    this.delta = tf.tidy(() => {
      const d = tf.tensor4d(start, x.shape);
      return resume !== undefined || opts.semantics === 'paper' ? this.project(d) : d;
    });

    this.c = new Float64Array(n).fill(resume?.c ?? opts.c0);
    this.t = resume?.t ?? 0;
    this.resumedFrom = this.t;
    const booking = resume?.booking;
    const kept = (d: Float32Array | undefined) => (d ? tf.tensor4d(d, x.shape) : tf.zerosLike(x));
    this.best = kept(booking?.best?.delta);
    this.closest = kept(booking?.closest?.delta);
    this.bestMi = [booking?.best?.mi ?? null, ...new Array<null>(n - 1).fill(null)];
    this.closestF = new Float64Array(n).fill(Infinity);
    this.closestF[0] = booking?.closest?.f ?? Infinity;
    this.firstSuccess = [booking?.firstSuccessIter ?? null, ...new Array<null>(n - 1).fill(null)];
    this.stats = ids.map(() => emptyStats());
    if (booking?.stats) this.stats[0] = copyStats(booking.stats);
  }

  get done(): boolean {
    return this.t >= this.opts.iters;
  }

  private project(d: tf.Tensor4D): tf.Tensor4D {
    return this.box.projectIn(this.opts.semantics, d);
  }

  /** x′ for a stored δ (see adversarialIn). */
  private adversarial(d: tf.Tensor4D): tf.Tensor4D {
    return adversarialIn(this.opts.semantics, this.x, d);
  }

  /** δ ← Π(δ − α·∇_δ[c·f⁺ + I_θ]) at the current θ; returns the δ before the step (caller owns). */
  private moveDelta(): tf.Tensor4D {
    const cT = tf.tensor1d(Float32Array.from(this.c));
    const grad = tf.tidy(() =>
      tf.grad((d: tf.Tensor) => {
        const xa = this.adversarial(d as tf.Tensor4D);
        const f = this.target.criterion(xa);
        const s = this.samples.draw(xa);
        return tf.add(
          tf.sum(tf.mul(cT, tf.relu(f))),
          tf.sum(this.critic.bounds(s.zx, s.zy, this.samples.k, s.perm)),
        );
      })(this.delta),
    );
    cT.dispose();
    const before = this.delta;
    this.delta = tf.tidy(() => this.project(tf.sub(before, tf.mul(grad, this.opts.alpha))));
    grad.dispose();
    return before;
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

  /**
   * One iteration; `part` moves one player only: "attacker" (δ and c; I evaluated with θ frozen)
   * counts as an iteration, "critic" (θ only) does not advance t. One record per image.
   */
  async step(part: StepPart = 'both'): Promise<IterationRecord[]> {
    const start = performance.now();
    const { n, opts } = this;
    // Alg. 1 line 3 (t), lines 4–6: δ ← Π(δ − α·∇_δ[c·f⁺ + I_θ]), the MI sign flipped (minmax.ts).
    let before: tf.Tensor4D;
    if (part === 'critic') before = tf.clone(this.delta);
    else {
      this.t += 1;
      before = this.moveDelta();
    }
    const t = this.t;
    // Alg. 1 line 7: the critics' Adam step(s) at the new iterate, and I_θ per image.
    const xAdv = this.adversarial(this.delta);
    const miT = this.mineEstimate(xAdv, part !== 'attacker');
    xAdv.dispose();

    // One readback: the new iterate, I, and in reference semantics the iterate before the step
    // (the one it books); with traceDeltaEvery, x′ − x of the booked iterates.
    const reference = opts.semantics === 'reference';
    const booked = reference ? before : this.delta;
    const withDelta = opts.traceDeltaEvery > 0 && t % opts.traceDeltaEvery === 0;
    const packed = tf.tidy(() => {
      const parts = [this.measure(this.delta), miT];
      if (reference) parts.push(this.measure(before));
      if (withDelta) parts.push(tf.reshape(tf.sub(this.adversarial(booked), this.x), [-1]));
      return tf.concat(parts);
    });
    miT.dispose();
    const v = (await packed.data()) as Float32Array;
    packed.dispose();
    const after = this.unpack(v, 0);
    const mi = v.subarray(4 * n, 5 * n);
    const shown = reference ? this.unpack(v, 5 * n) : after;
    const deltas = withDelta ? v.subarray((reference ? 9 : 5) * n) : null;

    const takeBest = new Float32Array(n);
    const takeClosest = new Float32Array(n);
    const records = this.ids.map((id, b): IterationRecord => {
      const at = { t, ...(this.nameImages ? { image: id } : {}) };
      if (part !== 'critic') {
        // Alg. 1 lines 8–9. Paper: c follows f⁺ of the new iterate; the authors' code: the one before.
        this.c[b] = nextC(this.c[b]!, t, opts.beta, Math.max(0, reference ? shown.f[b]! : after.f[b]!));
      }
      const f = shown.f[b]!;
      const m = mi[b]!;
      checkIteration({ f: after.f[b]!, mi: m, c: this.c[b]!, delta: after.l2[b]! }, at);
      // Reference semantics books the iterate before the step: checked too.
      if (reference) checkIteration({ f, mi: m, c: this.c[b]!, delta: shown.l2[b]! }, at);
      foldIterate(this.stats[b]!, f, m, t);
      // Alg. 1 lines 10–11, the UAE's rule: success is f ≤ 0 with I > 0; δ* has the SMALLEST I.
      const success = f <= 0 && m > 0;
      if (success) {
        this.firstSuccess[b] ??= t;
        const held = this.bestMi[b];
        if (held === null || held === undefined || m < held) {
          this.bestMi[b] = m;
          takeBest[b] = 1;
        }
      }
      if (f < this.closestF[b]!) {
        this.closestF[b] = f;
        takeClosest[b] = 1;
      }
      return {
        t,
        part,
        searchStep: 0,
        c: this.c[b]!,
        f,
        fPlus: Math.max(0, f),
        mi: m,
        success,
        linf: shown.linf[b]!,
        l2: shown.l2[b]!,
        bestMi: this.bestMi[b] ?? null,
        predicted: NaN,
        reconAdv: shown.readout[b]!,
        ...(deltas ? { delta: deltas.slice(b * this.size, (b + 1) * this.size) } : {}),
      };
    });
    this.best = keepWhere(this.best, booked, takeBest);
    this.closest = keepWhere(this.closest, booked, takeClosest);
    before.dispose();
    this.elapsedMs += performance.now() - start;
    return records;
  }

  /** [f (B), readout (B), ‖x′ − x‖∞ (B), ‖x′ − x‖₂ (B)] for a stored δ. */
  private measure(d: tf.Tensor4D): tf.Tensor1D {
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

  private unpack(v: Float32Array, offset: number): Measured {
    const n = this.n;
    const part = (i: number) => v.subarray(offset + i * n, offset + (i + 1) * n);
    return { f: part(0), readout: part(1), linf: part(2), l2: part(3) };
  }

  /** Per image: δ* on success, else the closest iterate (the current δ before any iteration). */
  async result(cancelled = false): Promise<UaeBatchResult> {
    const { n, size, opts } = this;
    const packed = tf.tidy(() => {
      const closest = selectPerImage(this.closestF, (f) => f < Infinity, this.closest, this.delta);
      const chosen = selectPerImage(this.bestMi, (m) => m !== null, this.best, closest);
      const adv = this.adversarial(chosen);
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
      const problem = resultProblem(this.images.subarray(b * size, (b + 1) * size), adversarial, opts.eps);
      const shape = { iters: opts.iters, cancelled };
      const v = verdict(this.bestMi[b] !== null, problem, () => uaeFailure(this.stats[b]!, shape));
      return {
        ...v,
        firstSuccessIter: v.success ? (this.firstSuccess[b] ?? null) : null,
        miBest: v.success ? (this.bestMi[b] ?? null) : null,
        adversarial,
        delta: block(0, b),
        reconClean: out[b]!,
        reconAdv: out[n + b]!,
        f: out[n + b]! - out[b]!,
        linf: out[2 * n + b]!,
        l2: out[3 * n + b]!,
      };
    });
    const ran = this.t - this.resumedFrom;
    return { items, msPerIter: ran > 0 ? this.elapsedMs / ran : 0, itersRun: this.t, cancelled };
  }

  dispose(): void {
    this.samples.dispose();
    this.critic.dispose();
    this.target.dispose();
    this.box.dispose();
    tf.dispose([this.x, this.delta, this.best, this.closest]);
  }
}
