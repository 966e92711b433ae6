/**
 * The views the Run view asks of the engine outside a run's stream: the chosen image's (probabilities
 * and maps), its AE(x) in the unsupervised task, and an iterate's that no streamed frame shows. Each
 * request has an id; only the latest of each kind is shown, so a late answer never overwrites a newer one.
 */
import type { ImageView, InspectionMessage, RunSettings } from '../worker/protocol';
import { deltaAt } from './display';
import { sendToEngine } from './engine-link';
import { squaredError } from './image-compare';
import { addPixels } from './pixels';
import type { ChosenImage, RunStore, RunStoreState } from './run-store';

let nextId = 1;
let latestImage = 0;
let latestAe = 0;
/** The iterate view asked of the engine, and the one wanted next (the cursor moved meanwhile). */
let iterate: {
  readonly id: number;
  readonly runId: number;
  readonly index: number;
  readonly at: number;
} | null = null;
let wanted: number | null = null;
/** The returned x′ of a replayed run, whose maps the record does not carry. */
let returnedRequest: { readonly id: number; readonly runId: number } | null = null;
/** A request unanswered this long (ms) no longer holds the next one back. */
const ITERATE_REQUEST_PATIENCE = 5000;

/** Asks what the classifier makes of the chosen image. */
export function inspectImage(image: ChosenImage): void {
  latestImage = nextId++;
  sendToEngine({ type: 'inspect', requestId: latestImage, pixels: image.pixels });
}

/** Asks the chosen autoencoder for AE(x) of the chosen image (unsupervised task only). */
export function inspectAe(image: ChosenImage | null, settings: RunSettings): void {
  if (image === null || settings.task !== 'unsupervised') return;
  latestAe = nextId++;
  sendToEngine({ type: 'inspect', requestId: latestAe, pixels: image.pixels, ae: settings.ae });
}

/** Asks what the model makes of iterate `index` of the shown run; one request at a time. */
export function inspectIterate(s: RunStoreState, index: number): void {
  const { runId, runImage, runSettings, trace, iterateViews } = s;
  const delta = deltaAt(trace, index);
  if (runImage === null || runSettings === null || delta === null || iterateViews.has(index)) return;
  if (
    iterate !== null &&
    iterate.runId === runId &&
    performance.now() - iterate.at < ITERATE_REQUEST_PATIENCE
  ) {
    wanted = index;
    return;
  }
  wanted = null;
  iterate = { id: nextId++, runId, index, at: performance.now() };
  const pixels = addPixels(runImage.pixels, delta);
  sendToEngine({
    type: 'inspect',
    requestId: iterate.id,
    pixels,
    ...(runSettings.task === 'unsupervised' ? { ae: runSettings.ae } : {}),
  });
}

/** Asks what the model makes of the returned x′ of a replayed run (its record has no maps). */
export function inspectReturned(s: RunStoreState): void {
  const { runId, runImage, runSettings, done } = s;
  if (runImage === null || runSettings === null || done === null) return;
  returnedRequest = { id: nextId++, runId };
  sendToEngine({
    type: 'inspect',
    requestId: returnedRequest.id,
    pixels: addPixels(runImage.pixels, done.delta),
    ...(runSettings.task === 'unsupervised' ? { ae: runSettings.ae } : {}),
  });
}

/** Where an answer goes: the store's state it changes (none for an answer nobody waits for). */
export function applyInspection(
  message: InspectionMessage,
  s: RunStore,
  set: (patch: Partial<RunStoreState>) => void,
): void {
  if (message.requestId === iterate?.id) {
    const { runId: wantedRun, index } = iterate;
    iterate = null;
    const { runId, runImage, iterateViews } = s;
    if (wantedRun !== runId || runImage === null) return;
    const view: ImageView =
      message.recon === undefined
        ? message
        : { ...message, reconError: squaredError(runImage.pixels, message.recon) };
    set({ iterateViews: new Map(iterateViews).set(index, view) });
    if (wanted !== null) s.requestIterateView(wanted);
  } else if (message.requestId === returnedRequest?.id) {
    const { runId } = returnedRequest;
    returnedRequest = null;
    const { runId: shownRun, runImage, done } = s;
    if (runId !== shownRun || runImage === null || done === null) return;
    const view: ImageView =
      message.recon === undefined
        ? message
        : { ...message, reconError: squaredError(runImage.pixels, message.recon) };
    // The recorded probabilities stay (the recording backend's numbers); the maps are the engine's.
    set({ done: { ...done, adversarial: { ...view, probs: done.adversarial.probs } } });
  } else if (message.requestId === latestImage) set({ cleanView: message });
  // AE(x) of the chosen image, while no run's own AE(x) is shown.
  else if (message.requestId === latestAe && s.runImage === null) set({ aeClean: message });
}
