/** Between the URL schema and the run settings: what a link starts with, and the link for the current state. */
import type {
  AutoencoderKind,
  BackendName,
  CriticPreset,
  ExperimentConfig,
  RunSettings,
  Task,
} from '../worker/protocol';
import type { LabConfig } from './lab-store';
import type { ChosenImage } from './run-store';
import type { LinkImage } from './url-image';
import type { CompareMethod } from '../worker/protocol-evidence';
import type { PaperViewScale } from '../worker/protocol-paper';
import type { ExperimentName } from '../core/experiments/reproduce/types';
import { DEFAULT_URL_STATE, type PanelName, type UrlSettings, type UrlState } from './url-state';
import { SETTINGS, settingsIn, type ProtocolName, type Setting } from '../core/settings';
import { serializeUrlState } from './url-serialize';
import type { ViewName } from './views';

/** How the page is laid out: presentation mode and the panels a link hides. */
export interface ViewSettings {
  readonly present: boolean;
  /** Hidden by the link (hide=), whatever the mode. */
  readonly hide: readonly PanelName[];
}

export function viewFromUrl(u: UrlState): ViewSettings {
  return { present: u.present, hide: u.hide };
}

export function experimentFromUrl(u: UrlState): ExperimentConfig {
  return {
    ae: u.expAe,
    methods: u.expMethods,
    train: u.expTrain,
    epochs: u.expEpochs,
    testCount: u.expTest,
    seed: u.expSeed,
    iters: u.expIters,
    mineSteps: u.expMineSteps,
  };
}

/** The Compare and Batch views' settings, as a link carries them. */
export interface EvidenceConfig {
  readonly cmpMethods: readonly CompareMethod[];
  readonly fairMiSteps: number;
  readonly fairMiRestarts: number;
  readonly batchN: number;
  /** −1: every label. */
  readonly batchLabel: number;
  /** The Paper view's experiment and scale. */
  readonly paperExp: ExperimentName;
  readonly paperScale: PaperViewScale;
}

export function evidenceFromUrl(u: UrlState): EvidenceConfig {
  return {
    cmpMethods: u.cmpMethods,
    fairMiSteps: u.fairMiSteps,
    fairMiRestarts: u.fairMiRestarts,
    batchN: u.batchN,
    batchLabel: u.batchLabel,
    paperExp: u.paperExp,
    paperScale: u.paperScale,
  };
}

/** The MINE lab's settings as a link carries them (the table's lab… rows and labTable). */
export function labFromUrl(u: UrlState): LabConfig {
  return {
    source: u.labSource,
    table: [...u.labTable] as unknown as LabConfig['table'],
    rho: u.labRho,
    dim: u.labDim,
    bound: u.labBound,
    tau: u.labTau,
    steps: u.labSteps,
    batch: u.labBatch,
    lr: u.labLr,
    seed: u.labSeed,
  };
}

/**
 * The link's fields of the lab's settings. The table goes as typed; a cell the lab refuses (it says
 * why beside the cell) is corrected, and reported, by the page that opens the link.
 */
function labToUrl(c: LabConfig) {
  return {
    labSource: c.source,
    labTable: [...c.table],
    labRho: c.rho,
    labDim: c.dim,
    labBound: c.bound,
    labTau: c.tau,
    labSteps: c.steps,
    labBatch: c.batch,
    labLr: c.lr,
    labSeed: c.seed,
  };
}

function experimentToUrl(x: ExperimentConfig) {
  return {
    expAe: x.ae,
    expMethods: x.methods,
    expTrain: x.train,
    expEpochs: x.epochs,
    expTest: x.testCount,
    expSeed: x.seed,
    expIters: x.iters,
    expMineSteps: x.mineSteps,
  };
}

/**
 * The paper's critic needs a real GPU; on CPU backends the lite critic keeps the demo within a
 * minute. One exception: MINE-UAE on an autoencoder without a convolution (random-projection MINE)
 * uses the authors' critic everywhere: there it costs about what the lite one does, and only it lifts
 * the DV estimate above 0 within the 40 iterations (core's uaeCritic; measured in NOTES.md).
 */
export function autoCritic(
  backend: BackendName,
  reason: string,
  task: Task,
  ae: AutoencoderKind,
): { critic: CriticPreset; why: string } {
  const hardware = (backend === 'webgpu' || backend === 'webgl') && !/software/i.test(reason);
  if (hardware)
    return {
      critic: 'paper',
      why: `paper critic: ${backend} runs on a hardware GPU, fast enough for the authors' 10.25 M-parameter critic.`,
    };
  // Only the conv AE has a convolution (core's uaeCritic decides the same for the CLI).
  if (task === 'unsupervised' && ae !== 'conv')
    return {
      critic: 'paper',
      why: `paper critic: the ${ae} autoencoder has no convolution, so MINE compares random projections, where the authors' critic costs about what the lite one does and is the one whose estimate rises above 0 within 40 iterations.`,
    };
  return {
    critic: 'lite',
    why: `lite critic: ${backend} computes on the CPU, where the authors' critic takes ~0.25–12 s per iteration; the lite one (same shape, ~70× fewer parameters) ~20–150 ms.`,
  };
}

/** A link's value of a setting as the run takes it: min − 1 is unset (null). */
function fromLink(name: ProtocolName, value: unknown): unknown {
  const s: Setting = SETTINGS[name];
  return s.kind === 'number' && s.unset !== undefined && (value as number) < s.min ? null : value;
}

/** The run settings of a link: its fields of the table, with the critic the app chose for "auto". */
export function settingsFromUrl(u: UrlState, critic: CriticPreset): RunSettings {
  const run = settingsIn('protocol').map((k) => [k, fromLink(k, u[k as keyof UrlState])]);
  return { ...(Object.fromEntries(run) as RunSettings), critic };
}

/** The link's fields of the run settings: unset is min − 1. */
function toLink(s: RunSettings): Partial<UrlState> {
  const fields = settingsIn('protocol').map((k) => {
    const setting: Setting = SETTINGS[k];
    const value = s[k];
    return [k, value === null && setting.kind === 'number' ? setting.min - 1 : value];
  });
  return Object.fromEntries(fields) as Partial<UrlState>;
}

export function urlFromSettings(
  s: RunSettings,
  image: ChosenImage | null,
  critic: CriticPreset | 'auto',
  backend: BackendName | 'auto',
  view: ViewSettings,
  experiment: ExperimentConfig,
  /** The evidence views' settings and the view shown (the defaults when absent). */
  evidence: EvidenceConfig = evidenceFromUrl(DEFAULT_URL_STATE),
  page: ViewName = DEFAULT_URL_STATE.view,
  /** The MINE lab's settings (the link's defaults when absent). */
  lab: LabConfig = labFromUrl(DEFAULT_URL_STATE),
): UrlState {
  return {
    ...(toLink(s) as UrlSettings),
    dataset: 'mnist',
    index: image?.source === 'test' && image.index !== null ? image.index : DEFAULT_URL_STATE.index,
    critic,
    backend,
    present: view.present,
    hide: view.hide,
    ...experimentToUrl(experiment),
    view: page,
    ...evidence,
    ...labToUrl(lab),
  };
}

/** What a link carries of the chosen image beyond its index: a drawn or uploaded digit's pixels. */
export function linkImageOf(image: ChosenImage | null): LinkImage | null {
  return image === null || image.source === 'test'
    ? null
    : { source: image.source, label: image.label, pixels: image.pixels };
}

export function shareLink(
  origin: string,
  pathname: string,
  state: UrlState,
  image: ChosenImage | null = null,
): string {
  return `${origin}${pathname}${serializeUrlState(state, linkImageOf(image))}`;
}
