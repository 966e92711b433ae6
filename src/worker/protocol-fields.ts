/**
 * What both directions of the worker protocol share: backends, the image, the attack settings and
 * the bounds that keep a crafted message from asking the worker for unbounded work.
 */
import { LIMITS } from '../core/limits';
import { isOneOf, methodsOf, type Method } from '../core/vocabulary';
import {
  SETTINGS,
  settingsIn,
  type NumericName,
  type ProtocolName,
  type Setting,
  type SettingName,
  type SettingValue,
} from '../core/settings';
import {
  type Infer,
  type Schema,
  int,
  limited,
  nullable,
  obj,
  oneOf,
  pixels,
  refine,
  withDefault,
} from './schema';

/** Fastest first: the order automatic negotiation tries them in. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(value: unknown): value is BackendName {
  return isOneOf(BACKEND_NAMES, value);
}

export const IMAGE_SIZE = 28;
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** The most iterations one run may ask for; bounds what a crafted message can make the worker do. */
export const MAX_ITERATIONS = LIMITS.iters.max;
/** An iteration number counted over all of a penalty search's steps. */
export const iteration = () => int(0, MAX_ITERATIONS * 100);
/** A whole number a message may carry: a count, an index. */
export const natural = () => int(0, Number.MAX_SAFE_INTEGER);
/** A run, request, experiment or job id. */
export const id = natural;
export const seed = () => int(0, 0xffffffff);
export const backend = () => oneOf(BACKEND_NAMES);
export const label = () => int(0, 9);

export { STEP_PARTS, type StepPart } from '../core/vocabulary';

/** `success` and `failureReason` agree: a failure always says why, a success has nothing to say. */
export const failureExplained = (v: { success: boolean; failureReason: string | null }): string | null =>
  v.success === (v.failureReason === null)
    ? null
    : v.success
      ? 'a success has no failureReason'
      : 'a failure needs a failureReason';

export const IMAGE_SOURCES = ['test', 'drawn', 'upload'] as const;
export type ImageSource = (typeof IMAGE_SOURCES)[number];

/** Pixels are sent, not an index: the worker never needs the data set, and drawn digits work alike. */
export const runImage = obj({
  source: oneOf(IMAGE_SOURCES),
  /** Index in the MNIST test set when source is 'test'; recorded for reproducibility. */
  index: nullable(int(0, 1_000_000)),
  label: label(),
  /** 28×28 row-major values in [0, 1]. */
  pixels: pixels(IMAGE_PIXELS),
});
export type RunImage = Infer<typeof runImage>;

/** A setting's schema, from the table (core/settings.ts): its choices, or its range and why. */
export function settingSchema<K extends SettingName>(name: K): Schema<SettingValue<K>> {
  const s: Setting = SETTINGS[name];
  if (s.kind === 'choice') return oneOf(s.values) as Schema<SettingValue<K>>;
  const value = limited(name as NumericName);
  return (s.unset === undefined ? value : nullable(value)) as Schema<SettingValue<K>>;
}

const PROTOCOL_SETTINGS = Object.fromEntries(
  settingsIn('protocol').map((k) => [k, settingSchema(k)]),
) as unknown as {
  [K in ProtocolName]: Schema<SettingValue<K>>;
};

/** The attack settings a user can choose; the engine's resolveOptions checks them again. */
export const runSettings = refine(
  obj({
    ...PROTOCOL_SETTINGS,
    // Absent: a message from before the unsupervised task (the autoencoder is kept for switching back).
    task: withDefault(PROTOCOL_SETTINGS.task, SETTINGS.task.default),
    ae: withDefault(PROTOCOL_SETTINGS.ae, SETTINGS.ae.default),
    // Absent: a message (or a saved run's settings) from before the bound was a choice.
    bound: withDefault(PROTOCOL_SETTINGS.bound, SETTINGS.bound.default),
    smileTau: withDefault(PROTOCOL_SETTINGS.smileTau, SETTINGS.smileTau.default),
  }),
  (s) =>
    methodsOf(s.task).includes(s.method as Method)
      ? null
      : `method ${s.method} does not attack the ${s.task} task (${methodsOf(s.task).join(', ')})`,
);
export type RunSettings = Infer<typeof runSettings>;
