/**
 * One attack run inside the worker: resolves the settings, steps the attack through the pause/step
 * gate, streams every iteration (run-stream.ts), and ends with `done` or an error. Attacking a
 * classifier and attacking an autoencoder differ only in the views and the run they make (`Attack`).
 */
import { MinMaxRun } from '../core/attacks/minmax';
import { PenaltyRun } from '../core/attacks/penalty';
import { PgdRun } from '../core/attacks/pgd';
import { resolveOptions, type AttackOptions } from '../core/attacks/options';
import type { ResumeState, ResumeTracker } from '../core/attacks/resume';
import type { AttackResult, IterationRecord } from '../core/attacks/trace';
import type { PhaseListener } from '../core/attacks/phases';
import { assertFiniteAutoencoder, type AttackedAutoencoder } from '../core/attacks/autoencoder-target';
import { L2UaeRun } from '../core/attacks/l2-uae';
import { UaeRun, UAE_DEFAULTS, type UaeResult } from '../core/attacks/uae';
import { assertFiniteClassifier, type AttackedClassifier } from '../core/models/attacked-classifier';
import { globalIteration } from '../core/attacks/schedule';
import { reconstructionView } from './autoencoder';
import { addDelta, imageView } from './image-view';
import type { BackendName, ImageView, Method, RunMessage, RunSummary, StepPart } from './protocol';
import { SUPERVISED_METHODS, UNSUPERVISED_METHODS, METHOD_TRAITS } from '../core/vocabulary';
import type { RunControl } from './run-control';
import { buffersOf, runStream, type Post, type RunStream } from './run-stream';

/** Every attack the app runs, stepped alike. */
export interface SteppedRun<R> {
  readonly done: boolean;
  /** The MINE critic of the moment (its shuffle is shown); PGD and the UAEs show none. */
  readonly estimator: { readonly permutation: Int32Array | null } | null;
  step(part: StepPart): Promise<IterationRecord>;
  result(cancelled: boolean): Promise<R>;
  dispose(): void;
}

/** Wraps a stepped run before it is driven, keeping its interface. */
export type RunWrapper = <R>(run: SteppedRun<R>) => SteppedRun<R>;

/** One attempt at a run, on one backend: a backend fallback makes another (run-dispatch.ts). */
export interface RunAttempt {
  readonly backend: BackendName;
  /** Continue from this state (the failed backend's last good iteration) instead of afresh. */
  readonly from: ResumeState | null;
  /** Folds every record the run accepted, so that a failure can continue from the last. */
  readonly tracker: ResumeTracker | null;
  /** Applied to the stepped run before it is driven; none by default. */
  readonly wrap?: RunWrapper;
}

/** The model a run attacks: the classifier (supervised task) or an autoencoder (unsupervised). */
export type AttackedModel =
  { readonly classifier: AttackedClassifier } | { readonly autoencoder: AttackedAutoencoder };

/** Posts what the stream still holds after a failure; the failure itself is what matters. */
function flushAfterFailure(flush: () => void): void {
  try {
    flush();
  } catch {
    // A lost backend may not even report its memory; the records are then lost with it.
  }
}

/** Iterations a state stands after, counted over all search steps (the trace's own order). */
export function iterationsDone(s: ResumeState, opts: AttackOptions): number {
  return globalIteration(s.search?.step ?? 0, opts.iters, s.t);
}

/**
 * Steps a run through the pause/step gate to its end or a cancel, streaming every record and folding
 * it into the tracker, and disposes it. `twoPlayers`: a step may move one player only.
 */
async function drive<R>(
  run: SteppedRun<R>,
  twoPlayers: boolean,
  control: RunControl,
  tracker: ResumeTracker | null,
  { flush, onRecord, gate }: RunStream,
): Promise<R> {
  try {
    while (!run.done) {
      const part = await gate();
      if (part === null) break;
      // Methods with one player: any step is a whole iteration.
      const rec = await run.step(twoPlayers ? part : 'both');
      await onRecord(rec, control.state === 'paused');
      tracker?.record(rec);
    }
    flush();
    return await run.result(control.isCancelled);
  } catch (e) {
    // The UI gets every iteration accepted before the failure, so a continued trace has no gap.
    flushAfterFailure(flush);
    throw e;
  } finally {
    run.dispose();
  }
}

export function settingsToOptions(msg: RunMessage): AttackOptions {
  const { task, ...withAe } = msg.settings;
  // method and ae pick the attack and the model; they are no attack options.
  const rest: Omit<typeof withAe, 'ae' | 'method'> & { ae?: unknown; method?: unknown } = { ...withAe };
  delete rest.ae;
  delete rest.method;
  if (task === 'unsupervised') {
    // The UAE's δ0 (UAE_DEFAULTS: the authors' Glorot start); δ of every iteration feeds the
    // timeline (and a continuation after a backend failure).
    return resolveOptions({ ...rest, target: null, deltaInit: UAE_DEFAULTS.deltaInit, traceDeltaEvery: 1 });
  }
  // δ of every iteration feeds the timeline and the throttled image frames, for every method.
  return resolveOptions({ ...rest, traceDeltaEvery: 1 });
}

/** What an attack on a classifier returns, or one on an autoencoder. */
type RunResult = AttackResult | UaeResult;

/** What differs between attacking a classifier and an autoencoder. */
interface Attack {
  /** What the model makes of the clean image. */
  readonly clean: ImageView;
  /** The classifier's class for the clean image; −1 for an autoencoder. */
  readonly predictedClean: number;
  /** The run's settings as the UI shows and exports them. */
  readonly options: Record<string, string | number | boolean | null>;
  /** What the model makes of an image: probabilities and maps, or AE(x′) and its error. */
  readonly view: (pixels: Float32Array) => Promise<ImageView>;
  readonly create: (from: ResumeState | null) => Promise<SteppedRun<RunResult>>;
  /** Each iteration reports a MINE estimate I. */
  readonly needsMi: boolean;
}

/** The run's method, if it is one of `methods` (those that attack the given model). */
function methodAmong<M extends Method>(msg: RunMessage, methods: readonly M[], model: string): M {
  const { method } = msg.settings;
  if (!(methods as readonly Method[]).includes(method)) throw new Error(`${method} does not attack ${model}`);
  return method as M;
}

async function classifierAttack(
  msg: RunMessage,
  opts: AttackOptions,
  clf: AttackedClassifier,
): Promise<Attack> {
  const { pixels: x, label } = msg.image;
  const method = methodAmong(msg, SUPERVISED_METHODS, 'a classifier');
  // Outputs that are not finite on the attacked image come from the model, not the backend (refused
  // without a fallback, see run-dispatch.ts).
  await assertFiniteClassifier(clf, x, 'the classifier');
  const clean = await imageView(clf, x);
  const sample = { x, label };
  const Run = { minmax: MinMaxRun, penalty: PenaltyRun, pgd: PgdRun }[method];
  return {
    clean,
    predictedClean: clean.probs.indexOf(Math.max(...clean.probs)),
    options: { method, ...opts },
    view: (pixels) => imageView(clf, pixels),
    create: (from) => Run.create(clf, sample, opts, from ?? undefined),
    needsMi: method !== 'pgd',
  };
}

/** MINE-UAE is stepped like MinMax (both players, or one), L2-UAE one whole iteration at a time. */
async function autoencoderAttack(
  msg: RunMessage,
  opts: AttackOptions,
  ae: AttackedAutoencoder,
): Promise<Attack> {
  const method = methodAmong(msg, UNSUPERVISED_METHODS, 'an autoencoder');
  const x = msg.image.pixels;
  await assertFiniteAutoencoder(ae, x, `the ${msg.settings.ae} autoencoder`);
  return {
    clean: await reconstructionView(ae, x, x),
    predictedClean: -1,
    options: { method, task: 'unsupervised', ae: msg.settings.ae, ...opts },
    view: (pixels) => reconstructionView(ae, x, pixels),
    create: (from) =>
      Promise.resolve(
        method === 'mine-uae'
          ? new UaeRun(ae, x, opts, from ?? undefined)
          : new L2UaeRun(ae, x, opts, from ?? undefined),
      ),
    needsMi: method === 'mine-uae',
  };
}

/** The result as the UI reads it; an autoencoder run has no classes but two reconstruction errors. */
function summaryOf(r: RunResult): RunSummary {
  const supervised = 'predictedAdv' in r;
  return {
    success: r.success,
    failureReason: r.failureReason,
    cancelled: r.cancelled,
    firstSuccessIter: r.firstSuccessIter,
    miBest: r.miBest,
    predictedClean: supervised ? r.predictedClean : NaN,
    predictedAdv: supervised ? r.predictedAdv : NaN,
    linf: r.linf,
    l2: r.l2,
    f: r.f,
    itersRun: r.itersRun,
    msPerIter: r.msPerIter,
    ...(supervised ? {} : { reconClean: r.reconClean, reconAdv: r.reconAdv }),
  };
}

/** Runs the attack `msg` asks for on `model` to its end, a cancel or a failure (thrown). */
export async function executeRun(
  msg: RunMessage,
  opts: AttackOptions,
  control: RunControl,
  model: AttackedModel,
  attempt: RunAttempt,
  post: Post,
): Promise<void> {
  const attack =
    'classifier' in model
      ? await classifierAttack(msg, opts, model.classifier)
      : await autoencoderAttack(msg, opts, model.autoencoder);
  const { runId } = msg;
  const { backend, from } = attempt;
  const { clean, predictedClean, options } = attack;
  const { method } = msg.settings;
  const schedule = {
    method,
    iters: opts.iters,
    searchSteps: METHOD_TRAITS[method].searches ? opts.searchSteps : 1,
  };
  const resumed = from === null ? {} : { resumedFrom: iterationsDone(from, opts) };
  post(
    { type: 'run-started', runId, backend, predictedClean, clean, schedule, options, ...resumed },
    buffersOf(clean),
  );
  post({ type: 'run-state', runId, state: control.state });

  let run: SteppedRun<RunResult> | null = null;
  const stream = runStream(
    runId,
    control,
    post,
    async (_t, delta) => ({
      view: await attack.view(addDelta(msg.image.pixels, delta)),
      permutation: Int32Array.from(run?.estimator?.permutation ?? []),
    }),
    attack.needsMi,
    opts.iters,
  );
  const created = await attack.create(from);
  // MinMax and MINE-UAE run Algorithm 1's loop and say where they stand in it.
  if ('onPhase' in created) (created as { onPhase: PhaseListener }).onPhase = stream.onPhase;
  run = attempt.wrap === undefined ? created : attempt.wrap(created);
  const result = await drive(
    run,
    METHOD_TRAITS[msg.settings.method].twoPlayers,
    control,
    attempt.tracker,
    stream,
  );

  const adversarial = await attack.view(result.adversarial);
  const delta = Float32Array.from(result.delta);
  post({ type: 'done', runId, summary: summaryOf(result), delta, adversarial, backend }, [
    delta.buffer,
    ...buffersOf(adversarial),
  ]);
}
