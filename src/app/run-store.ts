/**
 * Everything about runs: the settings being edited, the chosen image, and the shown run with its
 * streamed trace (run-trace.ts). The actions the UI calls are here; how the store takes the engine's
 * messages is in run-messages.ts, and the views it asks of the engine outside a run in inspections.ts.
 * React sees a `version` that moves at most once per animation frame.
 */
import { create } from 'zustand';
import type {
  BackendName,
  DoneMessage,
  PhaseMessage,
  ImageSource,
  ImageView,
  RunSchedule,
  RunSettings,
  StepPart,
  Task,
  WorkerToUi,
} from '../worker/protocol';
import { imageName } from './display';
import { sameImage } from './image-compare';
import { sendToEngine } from './engine-link';
import { inspectAe, inspectImage, inspectIterate, inspectReturned } from './inspections';
import { replayState, type ReplayInfo } from './replay';
import type { OpenedRun } from './run-record';
import { applyRunMessage } from './run-messages';
import { DEFAULT_SETTINGS, settingsForTask } from './run-settings';
import { emptyTrace, type Trace } from './run-trace';

export { DEFAULT_SETTINGS, settingsForTask } from './run-settings';
export { keepUpTo, type Trace } from './run-trace';

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'error';

export interface ChosenImage {
  readonly source: ImageSource;
  readonly index: number | null;
  readonly label: number;
  readonly pixels: Float32Array;
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
  /** The started run's method and iteration layout (null before a run starts). */
  readonly schedule: RunSchedule | null;
  /** The engine's resolved options, for the export. */
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
  /** The phases of Algorithm 1 the latest step went through, in order (the last is where it stands). */
  readonly phases: readonly PhaseMessage[];
  /** Set while the shown run is a replay of an opened record (replay.ts); a new run clears it. */
  readonly replay: ReplayInfo | null;
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
  /** Shows an opened run record as the shown run, without the engine (a run in flight is cancelled). */
  readonly openReplay: (run: OpenedRun, fileName: string) => void;
}

export type RunStore = RunStoreState & RunStoreActions;

const initialRun = {
  runId: 0,
  status: 'idle' as RunStatus,
  runBackend: null,
  runBackends: [],
  runImage: null,
  runSettings: null,
  schedule: null,
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
  phases: [] as readonly PhaseMessage[],
  replay: null as ReplayInfo | null,
};

let nextRunId = 1;

export const useRunStore = create<RunStore>()((set, get) => ({
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
    if (aeChanged) inspectAe(get().image, get().settings);
  },
  setTask: (task) => {
    const { status, settings } = get();
    if (task === settings.task || status === 'running' || status === 'paused') return;
    set({ ...initialRun, trace: emptyTrace(), settings: settingsForTask(settings, task) });
    inspectAe(get().image, get().settings);
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
    inspectImage(image);
    inspectAe(get().image, get().settings);
  },
  setCursor: (cursor) => {
    set({ cursor });
  },
  requestIterateView: (index) => {
    inspectIterate(get(), index);
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
  openReplay: (run, fileName) => {
    const { status, runId } = get();
    if (status === 'running' || status === 'paused') sendToEngine({ type: 'cancel', runId });
    set(replayState(run, fileName, nextRunId++, performance.now()));
    const s = get();
    inspectImage(run.image);
    inspectAe(run.image, run.settings);
    inspectReturned(s);
  },
  apply: (message) => {
    applyRunMessage(message, get, set);
  },
}));
