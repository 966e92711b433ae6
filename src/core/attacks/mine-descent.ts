/**
 * One image's players of a MINE-regularised iteration, which the supervised MinMax loop
 * (minmax-loop.ts, where the loop reads in Algorithm 1's order) and the penalty baseline share:
 *   moveDelta     δ ← Π_box(δ − α·∇_δ[c·f⁺(x+δ) − sign·I_θ(x, x+δ)])
 *   criticStep    MINE Adam step(s) on θ at the new x′, or I_θ evaluated only
 *   measure       f, ‖·‖ and I of the iterate(s) in one readback (step-measure.ts)
 * Who sets c (dual ascent or a fixed binary-search value) is the caller's business. Owns every
 * tensor it makes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adversarialIn, DeltaBox } from './box';
import '../gradients';
import { glorotLimit, type Rng } from '../rng';
import { criticLayout } from '../mine/critic';
import { MineEstimator } from '../mine/estimator';
import type { MinMaxPlayers } from './minmax-loop';
import { mineBound, type AttackOptions } from './options';
import { measureStep, type StepMeasure } from './step-measure';
import { measureIterate, type AttackTarget } from './target';

export class MineDescent implements MinMaxPlayers {
  readonly x: tf.Tensor4D;
  private readonly target: AttackTarget;
  private readonly opts: AttackOptions;
  private readonly box: DeltaBox;
  /** Draws of the MINE samples (random projections redraw per evaluation; conv maps draw nothing). */
  private readonly sampleRng: Rng;
  readonly estimator: MineEstimator;
  /** Current δ, as stored (in reference semantics it may leave the [0,1] box; x' clips it). */
  delta: tf.Tensor4D;
  /** δ before the latest step, kept until the caller has booked it. */
  previousDelta: tf.Tensor4D | null = null;

  constructor(target: AttackTarget, x: tf.Tensor4D, opts: AttackOptions, rng: Rng) {
    this.target = target;
    this.opts = opts;
    this.x = tf.keep(tf.clone(x));
    const eps = opts.eps;
    this.box = new DeltaBox(x, eps);
    this.estimator = new MineEstimator(criticLayout(opts.critic, target.sampleShape), rng.fork('mine'), {
      lr: opts.mineLr,
      ...mineBound(opts),
    });
    this.sampleRng = rng.fork('samples');
    this.delta = tf.keep(this.initialDelta(rng.fork('delta')));
  }

  private initialDelta(rng: Rng): tf.Tensor4D {
    const shape = this.x.shape;
    const size = this.x.size;
    const values = new Float32Array(size);
    if (this.opts.deltaInit === 'uniform') rng.fillUniform(values, -this.opts.eps, this.opts.eps);
    if (this.opts.deltaInit === 'glorot') {
      const lim = glorotLimit(shape);
      rng.fillUniform(values, -lim, lim);
    }
    return tf.tidy(() => {
      const d = tf.tensor4d(values, shape);
      // The authors' code leaves its Glorot δ0 unprojected; the paper starts inside the box.
      return this.opts.semantics === 'paper' ? this.project(d) : d;
    });
  }

  /**
   * Continues from a given δ (a resumed run, see resume.ts), projected as every iterate is; the
   * critic is left as it is (fresh, for a resumed run).
   */
  seedDelta(values: Float32Array): void {
    const next = tf.keep(tf.tidy(() => this.project(tf.tensor4d(values, this.x.shape))));
    this.delta.dispose();
    this.previousDelta?.dispose();
    this.previousDelta = null;
    this.delta = next;
  }

  private project(d: tf.Tensor4D): tf.Tensor4D {
    return this.box.projectIn(this.opts.semantics, d);
  }

  /** x′ for a stored δ (see adversarialIn). */
  adversarial(d: tf.Tensor4D): tf.Tensor4D {
    return adversarialIn(this.opts.semantics, this.x, d);
  }

  /** A critic-only step leaves δ where it is; the copy stands in for the δ before the step. */
  holdDelta(): void {
    this.previousDelta?.dispose();
    this.previousDelta = tf.keep(tf.clone(this.delta));
  }

  /**
   * The critic's move at the current x′: `train` takes mineSteps Adam steps on θ and returns the DV
   * estimate of the last; otherwise (the attacker alone) I_θ is only evaluated, θ unchanged.
   */
  criticStep(train: boolean): tf.Scalar {
    const xAdv = this.adversarial(this.delta);
    const trainOnce = () => {
      const s = this.target.samples(this.x, xAdv, this.sampleRng);
      try {
        return this.estimator.trainStep(s.x, s.y);
      } finally {
        tf.dispose([s.x, s.y]);
      }
    };
    let mi: tf.Scalar;
    if (!train) {
      mi = tf.tidy(() => {
        const s = this.target.samples(this.x, xAdv, this.sampleRng);
        return this.estimator.mi(s.x, s.y);
      });
    } else {
      mi = trainOnce();
      for (let s = 1; s < this.opts.mineSteps; s++) {
        mi.dispose();
        mi = trainOnce();
      }
    }
    xAdv.dispose();
    return mi;
  }

  /**
   * δ ← Π_box(δ − α·∇_δ[c·f⁺(x+δ) − sign·I_θ(x, x+δ)]) with θ frozen, keeping the previous δ for
   * booking. `c` holds this image's c.
   */
  moveDelta(cs: Float64Array, miSign: 1 | -1): void {
    const c = cs[0]!;
    // Freeze θ outside the gradient scope, so the collapsed weights outlive it.
    this.estimator.collapsed();
    const grad = tf.tidy(() =>
      tf.grad((d: tf.Tensor) => {
        const xa = this.adversarial(d as tf.Tensor4D);
        const f = this.target.criterion(xa);
        const s = this.target.samples(this.x, xa, this.sampleRng);
        const mi = this.estimator.mi(s.x, s.y, 'objective');
        return tf.sub(tf.mul(c, tf.sum(tf.relu(f))), tf.mul(mi, miSign));
      })(this.delta),
    );
    const next = tf.keep(tf.tidy(() => this.project(tf.sub(this.delta, tf.mul(grad, this.opts.alpha)))));
    grad.dispose();
    this.previousDelta?.dispose();
    this.previousDelta = this.delta;
    this.delta = next;
  }

  /** One readback of the step (step-measure.ts); disposes `mi`. */
  measure(mi: tf.Tensor, withBefore: boolean, withDelta: boolean): Promise<StepMeasure> {
    return measureStep(this, 1, mi, withBefore, withDelta);
  }

  /** [f, readout, ‖x'−x‖∞, ‖x'−x‖₂] for a stored δ. */
  rows(d: tf.Tensor4D): tf.Tensor1D {
    return measureIterate(this.target, this.x, this.adversarial(d));
  }

  /** x' − x for a stored δ, read back. */
  async effectiveDelta(d: tf.Tensor4D): Promise<Float32Array> {
    const diff = tf.tidy(() => tf.sub(this.adversarial(d), this.x));
    const v = (await diff.data()) as Float32Array;
    diff.dispose();
    return v;
  }

  dispose(): void {
    this.estimator.dispose();
    this.box.dispose();
    tf.dispose([this.x, this.delta]);
    this.previousDelta?.dispose();
    this.previousDelta = null;
  }
}
