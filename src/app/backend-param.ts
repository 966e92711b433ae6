import { lastOf } from '../core/number-syntax';
import type { BackendName, FaultSpec } from '../worker/protocol';
import { FAULT_KINDS, MAX_ITERATIONS, isBackendName } from '../worker/protocol';

export type BackendParam =
  | { readonly kind: 'auto' }
  | { readonly kind: 'requested'; readonly backend: BackendName }
  /** The raw value is kept so the message can quote what the user typed. */
  | { readonly kind: 'invalid'; readonly raw: string };

/** Reads ?backend= from a query string; anything but a known backend name means automatic choice. */
export function parseBackendParam(search: string): BackendParam {
  // The last of repeated values, as the link's other fields (url-state.ts) and the CLI's flags.
  const raw = lastOf(new URLSearchParams(search).getAll('backend')) ?? null;
  if (raw === null || raw === '') return { kind: 'auto' };
  const name = raw.trim().toLowerCase();
  return isBackendName(name) ? { kind: 'requested', backend: name } : { kind: 'invalid', raw };
}

/** What the user typed, cut short enough for an alert. */
function shorten(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

export type FaultParam =
  | { readonly kind: 'none' }
  | { readonly kind: 'fault'; readonly fault: FaultSpec }
  | { readonly kind: 'invalid'; readonly raw: string };

/**
 * Reads ?fault=kind@n, a test hook that makes the negotiated backend fail at iteration n (see
 * FaultSpec); it is no run setting, so the shareable URL never carries it.
 */
export function parseFaultParam(search: string): FaultParam {
  const raw = lastOf(new URLSearchParams(search).getAll('fault')) ?? null;
  if (raw === null || raw === '') return { kind: 'none' };
  const m = /^([a-z]+)@(\d+)$/.exec(raw.trim().toLowerCase());
  const kind = FAULT_KINDS.find((k) => k === m?.[1]);
  const at = Number(m?.[2]);
  if (kind === undefined || !Number.isInteger(at) || at < 1 || at > MAX_ITERATIONS)
    return { kind: 'invalid', raw };
  return { kind: 'fault', fault: { kind, at } };
}

export function invalidFaultMessage(raw: string): string {
  return `Ignored ?fault=${shorten(raw)}: expected ${FAULT_KINDS.join(' or ')}@iteration, e.g. nan@5.`;
}
