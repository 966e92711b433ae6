/**
 * Everything about runs: the settings being edited, the chosen image, and the streamed trace. Scalars
 * are appended to an array that never shrinks during a run (nothing is dropped); δs and frames are
 * kept in full for the recent past and thinned before it (delta-history.ts), so memory stays flat.
 * React sees a `version` that moves at most once per animation frame.
 */
import { create } from 'zustand';
import type {
  BackendName,
  DoneMessage,
  FrameMessage,
  ImageSource,
  ImageView,
  IterationScalars,
  RunSettings,
  StepPart,
  Task,
  WorkerToUi,
} from '../worker/protocol';
import { IMAGE_PIXELS, assertNever } from '../worker/protocol';
import { thinTimelineImages } from './delta-history';
import { deltaAt, findReturned, imageName } from './display';
import { sameImage, squaredError } from './image-compare';
import { sendToEngine } from './engine-link';
import { addPixels } from './pixels';
import { UNSUPERVISED_URL_DEFAULTS } from './url-state';
import { globalIteration } from '../core/attacks/schedule';

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'error';

export interface ChosenImage {
  readonly source: ImageSource;
  readonly index: number | null;
  readonly label: number;
  readonly pixels: Float32Array;
}

/** The streamed trace of one run; arrays are appended in place. */
export interface Trace {
  readonly records: IterationScalars[];
  /** δ of each record, by record index; a hole where the timeline thinned it (see nearestDelta). */
  readonly deltas: (Float32Array | undefined)[];
  /** Throttled frames in arrival order, each tied to the record it shows (its index in records). */
  readonly frames: { readonly index: number; readonly frame: FrameMessage }[];
}

export interface RunStoreState {
  readonly settings: RunSettings;
  readonly image: ChosenImage | null;
  /** Probabilities and maps of the chosen image before any run. */
  readonly cleanView: ImageView | null;
  /** Unsupervised runs: AE(x) and ‖x − AE(x)‖² of the run's clean image. */
  readonly aeClean: ImageView | null;
  readonly runId: number;
  readonly status: RunStatus;
  readonly runBackend: BackendName | null;
  /**
   * The backends the run has used, each with the first iteration it ran (counted over all search
   * steps): one entry, or more after a backend fallback.
   */
  readonly runBackends: readonly { readonly backend: BackendName; readonly fromIteration: number }[];
  readonly runImage: ChosenImage | null;
  readonly runSettings: RunSettings | null;
  readonly options: Readonly<Record<string, string | number | boolean | null>>;
  readonly trace: Trace;
  readonly done: DoneMessage | null;
  readonly numTensors: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Bumped (at most once per frame) whenever the trace grows. */
  readonly version: number;
  /** Iteration index into trace.records the views show; null follows the newest. */
  readonly cursor: number | null;
  readonly amplification: number;
  readonly error: string | null;
  /** The record whose δ the run returned (see findReturned), or −1. */
  readonly returnedIndex: number;
  /** Views measured on request for iterates that no streamed frame shows, by record index. */
  readonly iterateViews: ReadonlyMap<number, ImageView>;
  /** Why the shown run went away (another image was picked), or null. */
  readonly note: string | null;
}

export interface RunStoreActions {
  readonly setSettings: (patch: Partial<RunSettings>) => void;
  /** Switches task with that task's defaults, and clears the shown run (its views belong to the other task). */
  readonly setTask: (task: Task) => void;
  readonly setImage: (image: ChosenImage) => void;
  readonly setCursor: (cursor: number | null) => void;
  /** Asks the engine what the model makes of iterate `index` (no frame shows it); one at a time. */
  readonly requestIterateView: (index: number) => void;
  readonly setAmplification: (a: number) => void;
  readonly start: (paused: boolean) => void;
  readonly pause: () => void;
  readonly resume: () => void;
  readonly step: (part: StepPart) => void;
  readonly cancel: () => void;
  readonly apply: (message: WorkerToUi) => void;
  readonly resetRun: () => void;
}

export const DEFAULT_SETTINGS: RunSettings = {
  task: 'supervised',
  ae: 'dense',
  method: 'minmax',
  eps: 1,
  alpha: 0.01,
  beta: 0.1,
  c0: 1e-3,
  iters: 300,
  kappa: 0,
  target: null,
  seed: 1,
  critic: 'lite',
  mineLr: 1.5e-5,
  mineSteps: 1,
  semantics: 'paper',
};

/**
 * The settings after a switch of task: the authors' UAE driver for unsupervised (MINE-UAE, T = 40,
 * ε = 1, 20 MINE steps, lite critic), the supervised demo's MinMax (T = 300, 1 MINE step) back.
 */
export function settingsForTask(s: RunSettings, task: Task): RunSettings {
  if (task === s.task) return s;
  // The same defaults a link with task=unsupervised gets (the critic follows App's auto choice).
  const u = UNSUPERVISED_URL_DEFAULTS;
  return task === 'unsupervised'
    ? {
        ...s,
        task,
        method: 'mine-uae',
        iters: u.iters ?? s.iters,
        eps: u.eps ?? s.eps,
        alpha: u.alpha ?? s.alpha,
        mineSteps: u.mineSteps ?? s.mineSteps,
        critic: 'lite',
        target: null,
      }
    : {
        ...s,
        task,
        method: 'minmax',
        iters: DEFAULT_SETTINGS.iters,
        alpha: DEFAULT_SETTINGS.alpha,
        mineSteps: DEFAULT_SETTINGS.mineSteps,
      };
}

/**
 * Cuts the trace back to the records of the first `done` iterations (none for 0), with their δs and
 * frames: a continued run may repeat the iteration it replays. Iterations count over the penalty
 * search's steps of `itersPerStep` each.
 */
export function keepUpTo(trace: Trace, done: number, itersPerStep = 0): void {
  const cut =
    done <= 0 ? 0 : trace.records.findIndex((r) => globalIteration(r.searchStep, itersPerStep, r.t) > done);
  if (cut < 0) return;
  trace.records.length = cut;
  trace.deltas.length = Math.min(trace.deltas.length, cut);
  const frames = trace.frames.filter((f) => f.index < cut);
  trace.frames.length = 0;
  trace.frames.push(...frames);
}

function emptyTrace(): Trace {
  return { records: [], deltas: [], frames: [] };
}

const initialRun = {
  runId: 0,
  status: 'idle' as RunStatus,
  runBackend: null,
  runBackends: [],
  runImage: null,
  runSettings: null,
  options: {},
  trace: emptyTrace(),
  done: null,
  aeClean: null,
  numTensors: 0,
  startedAt: 0,
  endedAt: 0,
  version: 0,
  cursor: null,
  error: null,
  returnedIndex: -1,
  iterateViews: new Map<number, ImageView>(),
  note: null,
};

let nextRunId = 1;
let nextInspectId = 1;
let latestInspectId = 0;
let latestAeInspectId = 0;
let bumpQueued = false;
/** The iterate view asked of the engine, and the one wanted next (the cursor moved meanwhile). */
let iterateRequest: {
  readonly id: number;
  readonly runId: number;
  readonly index: number;
  readonly at: number;
} | null = null;
/** A request unanswered this long (ms) no longer holds the next one back. */
const ITERATE_REQUEST_PATIENCE = 5000;
let iterateWanted: number | null = null;

export const useRunStore = create<RunStoreState & RunStoreActions>()((set, get) => {
  /** Coalesces trace growth into one React update per animation frame. */
  const bump = (): void => {
    if (bumpQueued) return;
    bumpQueued = true;
    const flush = (): void => {
      bumpQueued = false;
      set((s) => ({ version: s.version + 1 }));
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else flush();
  };

  const mine = (runId: number): boolean => runId === get().runId;

  /** Asks the chosen autoencoder for AE(x) of the chosen image (unsupervised task only). */
  const inspectAe = (): void => {
    const { image, settings } = get();
    if (image === null || settings.task !== 'unsupervised') return;
    latestAeInspectId = nextInspectId++;
    sendToEngine({ type: 'inspect', requestId: latestAeInspectId, pixels: image.pixels, ae: settings.ae });
  };

  return {
    settings: DEFAULT_SETTINGS,
    image: null,
    cleanView: null,
    amplification: 1,
    ...initialRun,
    setSettings: (patch) => {
      const { settings, status } = get();
      const aeChanged = patch.ae !== undefined && patch.ae !== settings.ae;
      if (aeChanged && status !== 'running' && status !== 'paused') {
        // The shown run belongs to the previous autoencoder.
        set({ ...initialRun, trace: emptyTrace(), settings: { ...settings, ...patch } });
      } else set({ settings: { ...settings, ...patch } });
      if (aeChanged) inspectAe();
    },
    setTask: (task) => {
      const { status, settings } = get();
      if (task === settings.task || status === 'running' || status === 'paused') return;
      set({ ...initialRun, trace: emptyTrace(), settings: settingsForTask(settings, task) });
      inspectAe();
    },
    setImage: (image) => {
      const { image: before, runImage, status, runId, trace } = get();
      if (sameImage(before, image)) return;
      if (runImage === null) {
        set({ image, cleanView: null, aeClean: null, note: null });
      } else {
        // The shown run's images and numbers all belong to the old image: a run goes on only as
        // long as its image is the one on screen. Runs are seeded, so picking the old image and
        // Run again gives the same result back.
        const active = status === 'running' || status === 'paused';
        if (active) sendToEngine({ type: 'cancel', runId });
        const last = trace.records.at(-1);
        const what = active
          ? `The run on ${imageName(runImage)} was cancelled${last === undefined ? '' : ` at iteration ${last.t}`}`
          : `The results of the run on ${imageName(runImage)} were cleared`;
        set({
          ...initialRun,
          trace: emptyTrace(),
          image,
          cleanView: null,
          aeClean: null,
          note: `${what} when you picked ${imageName(image)}. Press Run to attack ${imageName(image)}.`,
        });
      }
      latestInspectId = nextInspectId++;
      sendToEngine({ type: 'inspect', requestId: latestInspectId, pixels: image.pixels });
      inspectAe();
    },
    setCursor: (cursor) => {
      set({ cursor });
    },
    requestIterateView: (index) => {
      const { runId, runImage, runSettings, trace, iterateViews } = get();
      const delta = deltaAt(trace, index);
      if (runImage === null || runSettings === null || delta === null || iterateViews.has(index)) return;
      if (
        iterateRequest !== null &&
        iterateRequest.runId === runId &&
        performance.now() - iterateRequest.at < ITERATE_REQUEST_PATIENCE
      ) {
        iterateWanted = index;
        return;
      }
      iterateWanted = null;
      iterateRequest = { id: nextInspectId++, runId, index, at: performance.now() };
      const pixels = addPixels(runImage.pixels, delta);
      sendToEngine({
        type: 'inspect',
        requestId: iterateRequest.id,
        pixels,
        ...(runSettings.task === 'unsupervised' ? { ae: runSettings.ae } : {}),
      });
    },
    setAmplification: (amplification) => {
      set({ amplification });
    },
    start: (paused) => {
      const { image, settings, status, runId } = get();
      if (image === null) return;
      if (status === 'running' || status === 'paused') sendToEngine({ type: 'cancel', runId });
      const id = nextRunId++;
      const sent = sendToEngine({
        type: 'run',
        runId: id,
        settings,
        image: { source: image.source, index: image.index, label: image.label, pixels: image.pixels },
        paused,
      });
      if (!sent) return;
      set({
        ...initialRun,
        runId: id,
        status: paused ? 'paused' : 'running',
        runImage: image,
        runSettings: settings,
        trace: emptyTrace(),
        startedAt: performance.now(),
      });
    },
    pause: () => {
      const { runId, status } = get();
      if (status !== 'running') return;
      // The status turns 'paused' when the worker confirms, after the iterations already under way
      // have arrived: a paused view is then complete and stays still.
      sendToEngine({ type: 'pause', runId });
    },
    resume: () => {
      const { runId, status } = get();
      if (status !== 'paused') return;
      sendToEngine({ type: 'resume', runId });
      set({ status: 'running', cursor: null });
    },
    step: (part) => {
      const { runId, status } = get();
      if (status === 'paused') {
        sendToEngine({ type: 'step', runId, part });
        set({ cursor: null });
      } else if (status !== 'running') {
        // Stepping from idle or done starts a fresh run paused, then takes its first step.
        get().start(true);
        sendToEngine({ type: 'step', runId: get().runId, part });
      }
    },
    cancel: () => {
      const { runId, status } = get();
      if (status !== 'running' && status !== 'paused') return;
      sendToEngine({ type: 'cancel', runId });
    },
    resetRun: () => {
      set({ ...initialRun, trace: emptyTrace() });
    },
    apply: (message) => {
      switch (message.type) {
        case 'ready':
        case 'log':
        case 'experiment-progress':
        case 'experiment-done':
          return;
        case 'error':
          if (message.runId !== undefined && mine(message.runId)) {
            set({ status: 'error', error: message.message, endedAt: performance.now() });
          }
          return;
        case 'inspection':
          if (message.requestId === iterateRequest?.id) {
            const { runId: wantedRun, index } = iterateRequest;
            iterateRequest = null;
            const { runId, runImage, iterateViews } = get();
            if (wantedRun !== runId || runImage === null) return;
            const view: ImageView =
              message.recon === undefined
                ? message
                : { ...message, reconError: squaredError(runImage.pixels, message.recon) };
            set({ iterateViews: new Map(iterateViews).set(index, view) });
            if (iterateWanted !== null) get().requestIterateView(iterateWanted);
          } else if (message.requestId === latestInspectId) set({ cleanView: message });
          // AE(x) of the chosen image, while no run's own AE(x) is shown.
          else if (message.requestId === latestAeInspectId && get().runImage === null)
            set({ aeClean: message });
          return;
        case 'run-started':
          if (!mine(message.runId)) return;
          // After a backend fallback a run continues (resumedFrom): its trace goes on after that
          // iteration. Any other restart starts the trace afresh.
          keepUpTo(get().trace, message.resumedFrom ?? 0, Number(message.options.iters) || 0);
          // One update for the whole message: every set() runs every subscriber.
          set({
            runBackend: message.backend,
            runBackends: [
              ...(message.resumedFrom === undefined ? [] : get().runBackends),
              { backend: message.backend, fromIteration: (message.resumedFrom ?? 0) + 1 },
            ],
            options: message.options,
            ...(message.clean.recon !== undefined
              ? { aeClean: message.clean }
              : { cleanView: message.clean }),
            ...(message.resumedFrom !== undefined && (get().cursor ?? 0) >= get().trace.records.length
              ? { cursor: null }
              : {}),
            // Views measured for iterates the continued run replays no longer show them.
            iterateViews: new Map([...get().iterateViews].filter(([i]) => i < get().trace.records.length)),
          });
          bump();
          return;
        case 'iterations': {
          if (!mine(message.runId)) return;
          const { trace } = get();
          trace.records.push(...message.records);
          if (message.deltas.length === message.records.length * IMAGE_PIXELS) {
            for (let i = 0; i < message.records.length; i++) {
              trace.deltas[trace.records.length - message.records.length + i] = message.deltas.subarray(
                i * IMAGE_PIXELS,
                (i + 1) * IMAGE_PIXELS,
              );
            }
          }
          thinTimelineImages(trace);
          set({ numTensors: message.numTensors });
          bump();
          return;
        }
        case 'frame':
          if (!mine(message.runId)) return;
          get().trace.frames.push({ index: get().trace.records.length - 1, frame: message });
          thinTimelineImages(get().trace);
          bump();
          return;
        case 'run-state':
          if (!mine(message.runId)) return;
          set({ status: message.state });
          return;
        case 'done':
          if (!mine(message.runId)) return;
          set({
            status: 'done',
            done: message,
            endedAt: performance.now(),
            returnedIndex: findReturned(get().trace, message.delta, message.summary),
          });
          bump();
          return;
        default:
          assertNever(message);
      }
    },
  };
});
