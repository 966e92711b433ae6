/**
 * Where a Carlini–Wagner binary search on c stands (penalty, L2-UAE): the outer step, c and its
 * bounds, the iteration in the step and over all steps, and whether the step has succeeded. Each
 * step draws from its own generator, forked from the seed in step order, so a run continued at any
 * step (resume.ts) draws what the uninterrupted run drew.
 */
import { Rng } from '../rng';
import { bookedOutcome, type Ledger } from './booking';
import { marginFailure, type IterateStats } from './failure';
import type { AttackOptions } from './options';
import { validateResume, type ResumeState } from './resume';
import { globalIteration, initialSearch, nextSearch, type SearchState } from './schedule';

export class SearchSteps {
  private readonly root: Rng;
  /** How many steps' generators have been forked from root. */
  private forked = 0;
  step = 0;
  state: SearchState;
  succeeded = false;
  /** Iterations run in the current step. */
  t = 0;
  /** Iterations run over all steps. */
  total = 0;
  /** Iterations run elsewhere before this run took over (0 for a fresh run). */
  readonly resumedFrom: number;

  /** Throws (before anything is allocated) when `resume` does not fit a search of `size` values. */
  constructor(
    private readonly opts: AttackOptions,
    size: number,
    resume?: ResumeState,
  ) {
    this.root = new Rng(opts.seed);
    this.state = initialSearch(opts.c0);
    if (resume !== undefined) {
      validateResume(resume, opts.iters, size, opts.searchSteps);
      const p = resume.search!;
      this.step = p.step;
      this.state = { ...p.state };
      this.succeeded = p.succeeded;
      this.t = resume.t;
      this.total = globalIteration(p.step, opts.iters, resume.t);
    }
    this.resumedFrom = this.total;
  }

  get done(): boolean {
    return this.step >= this.opts.searchSteps - 1 && this.t >= this.opts.iters;
  }

  /** Resumed mid-step: δ continues (at a step's start or end, the step's own δ0 is due instead). */
  get midStep(): boolean {
    return this.t > 0 && this.t < this.opts.iters;
  }

  /**
   * The search's outcome for one image (bookedOutcome with the search's failure reason), with the
   * iterations it ran and this run's time per iteration. `x`, `adversarial`: their pixels.
   */
  outcome(ledger: Ledger, x: Float32Array, adversarial: Float32Array, elapsedMs: number, cancelled: boolean) {
    return {
      ...bookedOutcome(ledger, x, adversarial, this.opts.eps, (s) => this.failure(s, cancelled)),
      itersRun: this.total,
      msPerIter: this.msPer(elapsedMs),
      cancelled,
    };
  }

  /** Why a search with no success failed: f stayed > 0 in every step, with the c it reached. */
  failure(stats: IterateStats, cancelled: boolean): string {
    return marginFailure(stats, {
      iters: this.opts.iters,
      search: { steps: this.step + 1, firstC: this.opts.c0, lastC: this.state.c },
      cancelled,
    });
  }

  /** The current step's generator (call once per step). */
  stepRng(): Rng {
    let rng = this.root.fork(`search-${this.forked++}`);
    while (this.forked <= this.step) rng = this.root.fork(`search-${this.forked++}`);
    return rng;
  }

  /** Before an iteration: moves to the next step when this one has run its T. True when it did. */
  advance(): boolean {
    if (this.done) throw new Error('the binary search has run all its steps');
    if (this.t < this.opts.iters) return false;
    this.state = nextSearch(this.state, this.succeeded);
    this.step += 1;
    this.succeeded = false;
    this.t = 0;
    return true;
  }

  /** After an iteration. */
  count(success: boolean): void {
    this.t += 1;
    this.total += 1;
    if (success) this.succeeded = true;
  }

  /** Milliseconds per iteration of this run's own (not those run before a resume). */
  msPer(elapsedMs: number): number {
    const ran = this.total - this.resumedFrom;
    return ran > 0 ? elapsedMs / ran : 0;
  }
}
