/**
 * The evidence views' jobs in the worker: Compare (every method on one image, same seed, same T, same
 * critic) and Batch evaluation (one method on N images, the core's `evaluate`). Each returned example
 * gets the one fair MI (core/mine/fair-mi.ts) with the same settings and seed, so rows compare.
 */
import type { AttackedAutoencoder } from '../core/attacks/autoencoder-target';
import { runAttack } from '../core/attacks/attack';
import {
  evaluate,
  fairMiOrProblem,
  failureKind,
  summarize,
  type SampleOutcome,
} from '../core/attacks/evaluate';
import { autoencoderFairMi, classifierFairMi } from '../core/attacks/fair-mi-of';
import { gaussianAugment } from '../core/attacks/gaussian';
import { attackL2Uae } from '../core/attacks/l2-uae';
import type { AttackOptions } from '../core/attacks/options';
import type { AttackResult, IterationRecord } from '../core/attacks/trace';
import { attackUae } from '../core/attacks/uae';
import { FAIR_MI_DEFAULTS, type FairMi, type FairMiSettings } from '../core/mine/fair-mi';
import type { AttackedClassifier } from '../core/models/attacked-classifier';
import { Rng } from '../core/rng';
import { imageView } from './image-view';
import type { BackendName, RunImage, RunSettings } from './protocol';
import { IMAGE_PIXELS } from './protocol';
import { traitsOf } from '../core/vocabulary';
import { methodName } from '../core/vocabulary';
import type {
  BatchStartMessage,
  CompareMethod,
  CompareRow,
  CompareStartMessage,
  EvidenceToUi,
  FairMiRequest,
  FairMiValue,
} from './protocol-evidence';
import { settingsToOptions } from './run';
import { yieldToEvents } from './yield';
import { globalIteration } from '../core/attacks/schedule';

export type EvidencePost = (message: EvidenceToUi, transfer?: Transferable[]) => void;

/** Progress lines go out at most this often (a new attack always announces itself). */
const PROGRESS_MS = 150;

/** The run's options without per-iteration δs (a job keeps only what each attack returns). */
export function jobOptions(settings: RunSettings, image: RunImage): AttackOptions {
  const opts = settingsToOptions({ type: 'run', runId: 0, settings, image, paused: false });
  return { ...opts, traceDeltaEvery: 0 };
}

function fairSettings(req: FairMiRequest): FairMiSettings {
  return { ...FAIR_MI_DEFAULTS, steps: req.steps, restarts: req.restarts };
}

function fairValue(f: FairMi): FairMiValue {
  return { mean: f.mean, std: f.std, steps: f.steps, restarts: f.restarts };
}

/** Read through a call: the checker would narrow `signal.aborted` across the awaits that change it. */
const aborted = (signal: AbortSignal): boolean => signal.aborted;

/** A job's end: whether it was cancelled, and its wall time since `started` (performance.now()). */
function jobDone(jobId: number, signal: AbortSignal, started: number, backend: BackendName): EvidenceToUi {
  return {
    type: 'job-done',
    jobId,
    cancelled: signal.aborted,
    seconds: (performance.now() - started) / 1000,
    backend,
  };
}

/** Throttled progress, and a yield per iteration so that a cancel is heard between iterations. */
function progressReporter(jobId: number, post: EvidencePost) {
  let last = -Infinity;
  return async (done: number, total: number, message: string, force = false): Promise<void> => {
    const now = performance.now();
    if (force || now - last >= PROGRESS_MS) {
      post({ type: 'job-progress', jobId, done, total, message });
      last = now;
    }
    await yieldToEvents();
  };
}

function iterationsOf(method: CompareMethod, opts: AttackOptions): number {
  if (method.startsWith('ga:')) return 0;
  return traitsOf(method)?.searches === true ? opts.searchSteps * opts.iters : opts.iters;
}

interface Attacked {
  readonly success: boolean;
  readonly failureReason: string | null;
  readonly firstSuccessIter: number | null;
  readonly miBest: number | null;
  readonly adversarial: Float32Array;
  readonly delta: Float32Array;
  readonly linf: number;
  readonly l2: number;
  readonly itersRun: number;
  readonly cancelled: boolean;
}

/** Gaussian augmentation as a row: one seeded noisy copy; "success" is the UAE criterion f ≤ 0. */
async function gaussianRow(
  ae: AttackedAutoencoder,
  x: Float32Array,
  sigma: number,
  seed: number,
): Promise<Attacked> {
  const g = await gaussianAugment(ae, x, sigma, new Rng(seed));
  const delta = new Float32Array(x.length);
  let linf = 0;
  let sq = 0;
  for (let i = 0; i < x.length; i++) {
    const d = g.adversarial[i]! - x[i]!;
    delta[i] = d;
    linf = Math.max(linf, Math.abs(d));
    sq += d * d;
  }
  return {
    success: g.success,
    failureReason: g.success
      ? null
      : `the noisy copy reconstructs worse than the clean image (f = ${g.f.toPrecision(3)} > 0)`,
    firstSuccessIter: null,
    miBest: null,
    adversarial: g.adversarial,
    delta,
    linf,
    l2: Math.sqrt(sq),
    itersRun: 0,
    cancelled: false,
  };
}

/** The class a classifier gives x′, for a supervised row. */
async function classOf(clf: AttackedClassifier, pixels: Float32Array): Promise<number> {
  const view = await imageView(clf, pixels);
  return view.probs.indexOf(Math.max(...view.probs));
}

export interface CompareModels {
  readonly classifier: AttackedClassifier | null;
  readonly autoencoder: () => Promise<AttackedAutoencoder>;
}

/** Every method on one image with one seed; a row per method as it finishes. */
export async function executeCompare(
  msg: CompareStartMessage,
  models: CompareModels,
  backend: BackendName,
  signal: AbortSignal,
  post: EvidencePost,
): Promise<void> {
  const started = performance.now();
  const { jobId, settings, image, methods } = msg;
  const opts = jobOptions(settings, image);
  const fair = fairSettings(msg.fairMi);
  const report = progressReporter(jobId, post);
  const x = image.pixels;
  const supervised = settings.task === 'supervised';
  const ae = supervised ? null : await models.autoencoder();
  const clf = models.classifier;
  if (supervised && clf === null) throw new Error('the classifier is not loaded');

  for (let m = 0; m < methods.length && !signal.aborted; m++) {
    const method = methods[m]!;
    const label = methodName(method);
    const total = iterationsOf(method, opts);
    await report(m, methods.length, `${label}: starting`, true);
    const onIteration = (rec: IterationRecord) =>
      report(
        m,
        methods.length,
        `${label}: iteration ${globalIteration(rec.searchStep, opts.iters, rec.t)} of ${total}`,
      );
    const t0 = performance.now();
    let r: Attacked;
    if (ae === null) {
      const sample = { x, label: image.label };
      r = await runAttack(method as 'minmax' | 'penalty' | 'pgd', clf!, sample, opts, {
        signal,
        onIteration,
      });
    } else if (method === 'mine-uae') r = await attackUae(ae, x, opts, { signal, onIteration });
    else if (method === 'l2-uae') r = await attackL2Uae(ae, x, opts, { signal, onIteration });
    else r = await gaussianRow(ae, x, method === 'ga:0.01' ? 0.01 : 0.001, opts.seed);
    const seconds = (performance.now() - t0) / 1000;
    // A cancelled attack's half-made example is no row of the comparison.
    if (r.cancelled) break;

    let miFair: FairMiValue | null = null;
    let miFairProblem: string | null = null;
    const f0 = performance.now();
    if (fair.restarts > 0) {
      await report(m, methods.length, `${label}: fair MI (${fair.restarts} × ${fair.steps} steps)`, true);
      const measured = await fairMiOrProblem(() =>
        ae === null
          ? classifierFairMi(clf!, { x, label: image.label }, r.adversarial, opts, fair, signal)
          : autoencoderFairMi(ae, x, r.adversarial, opts.critic, fair, opts.seed, signal),
      );
      if (measured.problem === null) miFair = fairValue(measured.value);
      else if (aborted(signal)) break;
      else miFairProblem = measured.problem;
    }
    const row: CompareRow = {
      method,
      success: r.success,
      failureReason: r.failureReason,
      firstSuccessIter: r.firstSuccessIter,
      miBest: r.miBest,
      miFair,
      miFairProblem,
      linf: r.linf,
      l2: r.l2,
      seconds,
      fairSeconds: (performance.now() - f0) / 1000,
      itersRun: r.itersRun,
      predictedAdv: ae === null ? await classOf(clf!, r.adversarial) : -1,
      delta: Float32Array.from(r.delta),
      adversarial: Float32Array.from(r.adversarial),
    };
    post({ type: 'compare-row', jobId, row }, [row.delta.buffer, row.adversarial.buffer]);
  }
  post(jobDone(jobId, signal, started, backend));
}

/** What a sample outcome from `evaluate` carries beyond SampleOutcome when it is a full result. */
type Outcome = SampleOutcome & Partial<Pick<AttackResult, 'linf' | 'l2' | 'predictedAdv' | 'cancelled'>>;

/** One method on N images via the core's evaluate (seed + i per image, as the CLI's `evaluate`). */
export async function executeBatch(
  msg: BatchStartMessage,
  clf: AttackedClassifier,
  backend: BackendName,
  signal: AbortSignal,
  post: EvidencePost,
): Promise<void> {
  const started = performance.now();
  const { jobId, settings, images } = msg;
  const n = images.indices.length;
  const samples = images.indices.map((_, i) => ({
    x: images.pixels.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS),
    label: images.labels[i]!,
  }));
  const method = settings.method as 'minmax' | 'penalty' | 'pgd';
  const opts = jobOptions(settings, {
    source: 'test',
    index: null,
    label: samples[0]!.label,
    pixels: samples[0]!.x,
  });
  const report = progressReporter(jobId, post);
  const total = iterationsOf(method, opts);
  const kept: SampleOutcome[] = [];
  let current = 0;
  let sampleStart = performance.now();
  await report(0, n, `image 1 of ${n} (test image ${images.indices[0]})`, true);
  const fair = fairSettings(msg.fairMi);
  await evaluate(method, clf, samples, opts, {
    signal,
    ...(fair.restarts > 0 ? { fairMi: fair } : {}),
    onIteration: (rec) =>
      report(
        current,
        n,
        `image ${current + 1} of ${n} (test image ${images.indices[current]}): iteration ${globalIteration(rec.searchStep, opts.iters, rec.t)} of ${total}`,
      ),
    onSample: (i, r: Outcome) => {
      const seconds = (performance.now() - sampleStart) / 1000;
      current = i + 1;
      sampleStart = performance.now();
      // The sample a cancel cut short is not a result (even where it had already succeeded: its
      // booking was not finished); everything before it stands.
      if (r.cancelled === true || failureKind(r) === 'cancelled') return;
      kept.push(r);
      const s = summarize(method, kept);
      post({
        type: 'batch-sample',
        jobId,
        sample: {
          index: images.indices[i]!,
          label: r.label,
          predictedClean: r.predictedClean,
          predictedAdv: r.predictedAdv ?? NaN,
          success: r.success,
          failureReason: r.failureReason,
          miBest: r.miBest,
          miFair: r.miFair === undefined ? null : fairValue(r.miFair),
          miFairProblem: r.miFairProblem ?? null,
          firstSuccessIter: r.firstSuccessIter,
          linf: r.linf ?? NaN,
          l2: r.l2 ?? NaN,
          seconds,
        },
        summary: {
          n: s.n,
          nCorrect: s.nCorrect,
          asr: s.asr,
          asrCorrectOnly: s.asrCorrectOnly,
          miMean: s.miMean,
          miStd: s.miStd,
          miFairMean: s.miFairMean,
          miFairStd: s.miFairStd,
          nMiFair: s.nMiFair,
          meanFirstSuccessIter: s.meanFirstSuccessIter,
          msPerIter: s.msPerIter,
        },
      });
      if (current < n)
        void report(current, n, `image ${current + 1} of ${n} (test image ${images.indices[current]})`, true);
    },
  });
  post(jobDone(jobId, signal, started, backend));
}
