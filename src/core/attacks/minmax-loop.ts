/**
 * The MinMax loop, written once (Hsu et al., Algorithm 1; docs/ALGORITHM.md §2 and §5): one
 * iteration per `step()` call, each block tagged with the algorithm's line. The supervised attack
 * (MinMaxRun, minmax.ts: one image) and MINE-UAE (UaeBatch, uae-batch.ts: B images at once) both run
 * it; what differs is passed in:
 *   - the players (MinMaxPlayers): the tensors of one image (MineDescent) or of a batch (UaeBatch),
 *     with the criterion f and the MINE samples they were built with;
 *   - the rules (MinMaxRules): the sign of the MI term, the success test, which I* is better.
 * The semantics switch of §8 (which iterate is booked, which f drives c) is decided here only; the
 * players keep δ where each semantics keeps it (box.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { IterateBook } from './booking';
import { checkIteration } from './checks';
import type { StepPart } from '../vocabulary';
import type { AttackOptions } from './options';
import type { ResumeState } from './resume';
import type { LoopPhase, LoopPhaseName, PhaseListener } from './phases';
import { nextC } from './schedule';
import type { StepMeasure } from './step-measure';
import type { IterationRecord } from './trace';

export interface MinMaxRules {
  /** +1: the attack raises I (supervised: x′ keeps x's information); −1: it lowers I (MINE-UAE). */
  miSign: 1 | -1;
  /** Line 10's test on the booked iterate. */
  succeeded: (f: number, mi: number) => boolean;
  /** Line 10's comparison: is I = candidate better than the held I*? */
  better: (candidate: number, held: number) => boolean;
  /** Which record field shows the target's readout (the predicted class, the reconstruction error). */
  readout: 'predicted' | 'reconAdv';
}

/** min_δ max_c c·f⁺ − I: success is f ≤ 0, δ* has the highest I (§2). */
export const SUPERVISED_RULES: MinMaxRules = {
  miSign: 1,
  succeeded: (f) => f <= 0,
  better: (a, b) => a > b,
  readout: 'predicted',
};

/** min_δ max_c c·f⁺ + I: success is f ≤ 0 with I > 0, δ* has the smallest I (§5). */
export const UNSUPERVISED_RULES: MinMaxRules = {
  miSign: -1,
  succeeded: (f, mi) => f <= 0 && mi > 0,
  better: (a, b) => a < b,
  readout: 'reconAdv',
};

/** The tensors of one image or of a batch, and the two players' moves on them. */
export interface MinMaxPlayers {
  /** δ as stored, and δ before the latest step (kept until the next one). Borrowed. */
  readonly delta: tf.Tensor4D;
  readonly previousDelta: tf.Tensor4D | null;
  /** δ ← Π(δ − α·∇_δ[c·f⁺(x + δ) − miSign·I_θ(x, x + δ)]) with θ frozen, c per image. */
  moveDelta(c: Float64Array, miSign: 1 | -1): void;
  /** A critic-only step: δ stays, and stands in for the δ before the step. */
  holdDelta(): void;
  /** `train`: mineSteps Adam steps on θ at the current x′, I_θ of the last; else I_θ with θ frozen. */
  criticStep(train: boolean): tf.Tensor;
  /** One readback (step-measure.ts); disposes `mi`. */
  measure(mi: tf.Tensor, withBefore: boolean, withDelta: boolean): Promise<StepMeasure>;
}

/** A run driven by a MinMaxLoop: where it stands is the loop's. */
export abstract class MinMaxLoopRun {
  protected abstract readonly loop: MinMaxLoop;

  get done(): boolean {
    return this.loop.done;
  }

  /** Iterations run (counting a resumed run's first part). */
  get t(): number {
    return this.loop.t;
  }

  /** Iterations run elsewhere before this run took over (0 for a fresh run). */
  get resumedFrom(): number {
    return this.loop.resumedFrom;
  }

  /** Hears each phase of Algorithm 1 as a step reaches it (phases.ts). */
  set onPhase(listener: PhaseListener | null) {
    this.loop.onPhase = listener;
  }
}

export class MinMaxLoop {
  /** Iterations run (counting a resumed run's first part). */
  t: number;
  /** MINE-only steps taken with step('critic'), outside the iteration count. */
  criticSteps = 0;
  /** The dual variable per image: the weight of f⁺ in the δ objective. */
  readonly c: Float64Array;
  /** Iterations run elsewhere before this run took over (0 for a fresh run). */
  readonly resumedFrom: number;
  /** δ* and the closest iterate per image, with what the failure reason reads. */
  readonly book: IterateBook;
  /** Hears each phase of a step as the loop reaches it (phases.ts); null: nobody listens. */
  onPhase: PhaseListener | null = null;
  private elapsedMs = 0;

  /**
   * `shape`: [B, H, W, C] of δ. `resume` (a batch of one): t, c and the booking of another run.
   * `names`: image ids, for a divergence to name its image.
   */
  constructor(
    private readonly players: MinMaxPlayers,
    private readonly opts: AttackOptions,
    private readonly rules: MinMaxRules,
    shape: [number, number, number, number],
    resume?: ResumeState,
    private readonly names?: readonly number[],
  ) {
    // Alg. 1 lines 1–2: c₀ and no δ* yet (δ₀ is the players', projected in paper semantics).
    this.c = new Float64Array(shape[0]).fill(resume?.c ?? opts.c0);
    this.t = resume?.t ?? 0;
    this.resumedFrom = this.t;
    this.book = new IterateBook(shape, rules.better, resume?.booking);
  }

  get done(): boolean {
    return this.t >= this.opts.iters;
  }

  /**
   * One iteration of Algorithm 1 (lines 3–11), one record per image. `part` moves one player only
   * (GAN Lab style): "attacker" moves δ and c with I_θ evaluated but θ frozen, and counts as an
   * iteration; "critic" trains θ at the current x′ without moving δ or c, and does not advance t.
   */
  async step(part: StepPart): Promise<IterationRecord[]> {
    const start = performance.now();
    const { players: p, opts, rules } = this;
    const reference = opts.semantics === 'reference';
    // Alg. 1 line 3: for t = 1 … T.
    if (part === 'critic') this.criticSteps += 1;
    else this.t += 1;
    const t = this.t;
    const emit = (phase: LoopPhaseName, values: LoopPhase['values'] = {}) => {
      this.onPhase?.({ phase, t, part, values });
    };
    emit('iteration', { t });

    // Alg. 1 lines 4–6: δ ← Π(δ − α·∇_δ[c·f⁺(x + δ) ∓ I_θ(x, x + δ)]), θ frozen; Π is the ε box
    // (paper: ∩ [−x, 1 − x]; reference: x′ is clipped instead).
    if (part === 'critic') p.holdDelta();
    else {
      emit('delta-step', { alpha: opts.alpha, c: this.c[0]!, eps: opts.eps });
      p.moveDelta(this.c, rules.miSign);
    }

    // Alg. 1 line 7: the critic's Adam step(s) on I_θ(x, x + δ) at the new iterate, and I_θ measured.
    const every = opts.traceDeltaEvery;
    const m = await p.measure(p.criticStep(part !== 'attacker'), reference, every > 0 && t % every === 0);
    // The iterate this iteration books: x′ after the step (paper), or before it (reference, §8).
    const booked = reference ? m.before! : m.after;
    emit('critic-step', {
      trained: part !== 'attacker',
      mi: m.mi[0]!,
      f: m.after.f[0]!,
      linf: m.after.linf[0]!,
      l2: m.after.l2[0]!,
    });

    const n = this.c.length;
    const size = m.deltas === null ? 0 : m.deltas.length / n;
    const takeBest = new Float32Array(n);
    const takeClosest = new Float32Array(n);
    const records = Array.from({ length: n }, (_, b): IterationRecord => {
      const f = booked.f[b]!;
      const mi = m.mi[b]!;
      // Alg. 1 lines 8–9: c ← max(0, (1 − β/t^¼)·c + β·f⁺). Paper: f⁺ of the new iterate; the
      // authors' code: of the iterate before the step (the booked one in both).
      if (part !== 'critic') this.c[b] = nextC(this.c[b]!, t, opts.beta, Math.max(0, f));
      const c = this.c[b]!;
      // A non-finite value stops the run: the new iterate's, and the booked one's.
      const at = { t, ...(this.names === undefined ? {} : { image: this.names[b]! }) };
      checkIteration({ f: m.after.f[b]!, mi, c, delta: m.after.l2[b]! }, at);
      checkIteration({ f, mi, c, delta: booked.l2[b]! }, at);

      // Alg. 1 lines 10–11: if the iterate succeeded and I_θ is better than I*: δ* ← δ, I* ← I_θ.
      const success = rules.succeeded(f, mi);
      const ledger = this.book.ledgers[b]!;
      const took = ledger.offer(f, mi, t, success);
      takeBest[b] = took.best ? 1 : 0;
      takeClosest[b] = took.closest ? 1 : 0;
      const readout = booked.readout[b]!;
      return {
        t,
        part,
        searchStep: 0,
        c,
        f,
        fPlus: Math.max(0, f),
        mi,
        success,
        linf: booked.linf[b]!,
        l2: booked.l2[b]!,
        bestMi: ledger.bestMi,
        predicted: rules.readout === 'predicted' ? readout : NaN,
        ...(rules.readout === 'reconAdv' ? { reconAdv: readout } : {}),
        ...(m.deltas === null ? {} : { delta: m.deltas.slice(b * size, (b + 1) * size) }),
      };
    });
    if (part !== 'critic') emit('dual-ascent', { c: records[0]!.c, fPlus: records[0]!.fPlus });
    emit('booking', { success: records[0]!.success, took: takeBest[0] === 1, bestMi: records[0]!.bestMi });
    this.book.keep(reference ? p.previousDelta! : p.delta, takeBest, takeClosest);
    this.elapsedMs += performance.now() - start;
    return records;
  }

  /** This run's own time per iteration: the iterations run before a resume are not in it. */
  get msPerIter(): number {
    const ran = this.t - this.resumedFrom;
    return ran > 0 ? this.elapsedMs / ran : 0;
  }

  dispose(): void {
    this.book.dispose();
  }
}
