/**
 * The page's side of the offline copy: registers /sw.js (production builds), follows its save, and
 * says whether this page's build is available offline. The build check: the page's version (a meta
 * the build writes into index.html) must equal the version the active service worker has saved,
 * completely, before the page says "available offline".
 */
import { create } from 'zustand';
import type { FromServiceWorker, OfflineStatus, ToServiceWorker } from '../site/offline-cache';

export type OfflineState =
  /** No offline copy here: `why` is empty in the dev server (nothing to say), else the reason. */
  | { readonly kind: 'off'; readonly why: string }
  | { readonly kind: 'checking' }
  | { readonly kind: 'saving'; readonly doneBytes: number; readonly totalBytes: number }
  | { readonly kind: 'ready'; readonly version: string; readonly totalBytes: number; readonly files: number }
  /** A newer build is saved and waits for this page to let it take over. */
  | { readonly kind: 'update' }
  /** The page and the saved copy are different builds (another tab switched, or a deploy raced). */
  | { readonly kind: 'reload'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

export const useOfflineStore = create<{ readonly state: OfflineState }>(() => ({
  state: { kind: 'off', why: '' },
}));

function setState(state: OfflineState): void {
  useOfflineStore.setState({ state });
}

const BUILD_META = 'meta[name="minmax-build"]';
const SCRIPT = `${import.meta.env.BASE_URL}sw.js`;

function pageVersion(): string | null {
  return document.querySelector<HTMLMetaElement>(BUILD_META)?.content ?? null;
}

function ask(worker: ServiceWorker, message: ToServiceWorker): Promise<OfflineStatus> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<OfflineStatus>) => {
      channel.port1.close();
      resolve(event.data);
    };
    worker.postMessage(message, [channel.port2]);
  });
}

let registration: ServiceWorkerRegistration | null = null;
/** Set when this page asked a waiting worker to take over: its controllerchange then reloads. */
let switching = false;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads the registration's state and the active worker's copy into the store. */
async function refresh(): Promise<void> {
  const reg = registration;
  if (reg === null) return;
  if (reg.waiting !== null && reg.active !== null) {
    setState({ kind: 'update' });
    return;
  }
  if (reg.installing !== null || reg.waiting !== null) {
    if (useOfflineStore.getState().state.kind !== 'saving')
      setState({ kind: 'saving', doneBytes: 0, totalBytes: 0 });
    return;
  }
  const active = reg.active;
  if (active === null) return;
  let status = await ask(active, { type: 'status' });
  const mine = pageVersion();
  if (status.version !== mine) {
    setState({
      kind: 'reload',
      message: `This page is build ${mine ?? 'unknown'}; the saved copy is build ${status.version}. Reload to use the saved copy.`,
    });
    return;
  }
  if (status.cachedBytes < status.totalBytes) {
    // Part of the copy was evicted or cleared: the worker saves it again, with progress.
    setState({ kind: 'saving', doneBytes: status.cachedBytes, totalBytes: status.totalBytes });
    status = await ask(active, { type: 'fill' });
  }
  if (status.cachedBytes === status.totalBytes)
    setState({ kind: 'ready', version: status.version, totalBytes: status.totalBytes, files: status.files });
}

function onMessage(event: MessageEvent<FromServiceWorker>): void {
  const message = event.data;
  if (message.type === 'progress')
    setState({ kind: 'saving', doneBytes: message.doneBytes, totalBytes: message.totalBytes });
  else if (message.type === 'failed') setState({ kind: 'failed', message: message.message });
  else void refresh();
}

async function register(): Promise<void> {
  try {
    const reg = (await navigator.serviceWorker.register(SCRIPT, { scope: import.meta.env.BASE_URL })) as
      ServiceWorkerRegistration | undefined;
    // Some hosts of the page (test drivers, locked-down browsers) stub registration out.
    if (reg === undefined) {
      setState({ kind: 'off', why: 'this browser did not register the offline worker' });
      return;
    }
    registration = reg;
    const follow = (worker: ServiceWorker | null) => {
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'redundant' && useOfflineStore.getState().state.kind === 'saving')
          setState({ kind: 'failed', message: 'the save was interrupted' });
        else void refresh();
      });
    };
    reg.addEventListener('updatefound', () => {
      follow(reg.installing);
      void refresh();
    });
    follow(reg.installing ?? reg.waiting);
    await refresh();
  } catch (e) {
    setState({ kind: 'failed', message: errorText(e) });
  }
}

/** Starts the offline copy (main.tsx, production builds only). */
export function startOfflineCopy(): void {
  if (!('serviceWorker' in navigator)) {
    setState({
      kind: 'off',
      why: window.isSecureContext
        ? 'this browser keeps no offline copies'
        : 'an offline copy needs HTTPS or localhost',
    });
    return;
  }
  setState({ kind: 'checking' });
  const container = navigator.serviceWorker;
  container.addEventListener('message', onMessage);
  container.addEventListener('controllerchange', () => {
    if (switching) window.location.reload();
    else void refresh();
  });
  // Messages wait until this call (or the page's load); the first save's progress is wanted now.
  container.startMessages();
  void register();
}

/** The dev server serves changing modules: a production build's worker must not answer for them. */
export function stopOfflineCopyInDev(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.getRegistrations().then((regs) => {
    for (const reg of regs) void reg.unregister();
  });
}

/** Lets the waiting (newer) build take over, then reloads into it. */
export function switchToUpdate(): void {
  const waiting = registration?.waiting ?? null;
  if (waiting === null) {
    window.location.reload();
    return;
  }
  switching = true;
  waiting.postMessage({ type: 'skip-waiting' } satisfies ToServiceWorker);
}

/** After a failed save: register again, which installs (and saves) again. */
export function retryOfflineCopy(): void {
  setState({ kind: 'checking' });
  void register();
}

/** Deletes the saved copy and the worker; the next visit saves it again. */
export async function removeOfflineCopy(): Promise<void> {
  const reg = registration;
  const active = reg?.active ?? null;
  const prefix =
    active === null ? null : (await ask(active, { type: 'status' })).cacheName.replace(/[^-]*$/, '');
  await reg?.unregister();
  if (prefix !== null)
    for (const name of await caches.keys()) if (name.startsWith(prefix)) await caches.delete(name);
  registration = null;
  setState({ kind: 'off', why: 'the offline copy was removed; it is saved again on the next visit' });
}
