import type { BackendName } from '../worker/protocol';
import { BACKEND_NAMES, isBackendName } from '../worker/protocol';

export type BackendParam =
  | { readonly kind: 'auto' }
  | { readonly kind: 'requested'; readonly backend: BackendName }
  /** The raw value is kept so the message can quote what the user typed. */
  | { readonly kind: 'invalid'; readonly raw: string };

/** Reads ?backend= from a query string; anything but a known backend name means automatic choice. */
export function parseBackendParam(search: string): BackendParam {
  const raw = new URLSearchParams(search).get('backend');
  if (raw === null || raw === '') return { kind: 'auto' };
  const name = raw.trim().toLowerCase();
  return isBackendName(name) ? { kind: 'requested', backend: name } : { kind: 'invalid', raw };
}

export function invalidBackendMessage(raw: string): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `Ignored ?backend=${shown}: expected one of ${BACKEND_NAMES.join(', ')}. Choosing a backend automatically.`;
}
