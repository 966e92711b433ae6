/** The shipped autoencoders' training records (public/models/<name>-ae/info.json), fetched once each. */
import { useEffect, useState } from 'react';
import type { AutoencoderKind } from '../worker/protocol';

export interface AutoencoderInfo {
  readonly epochs: number;
  readonly authorEpochs?: number;
  /** Mean per-pixel squared error on the MNIST test set. */
  readonly testReconError: number;
}

export type InfoState =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly info: AutoencoderInfo }
  | { readonly state: 'missing'; readonly why: string };

const cache = new Map<AutoencoderKind, Promise<AutoencoderInfo>>();

export function parseAutoencoderInfo(value: unknown): AutoencoderInfo {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) throw new Error('info.json is not an object');
  const { epochs, authorEpochs, testReconError } = v;
  if (typeof epochs !== 'number' || typeof testReconError !== 'number')
    throw new Error('info.json lacks epochs or testReconError');
  return typeof authorEpochs === 'number'
    ? { epochs, authorEpochs, testReconError }
    : { epochs, testReconError };
}

function fetchInfo(name: AutoencoderKind): Promise<AutoencoderInfo> {
  let p = cache.get(name);
  if (p === undefined) {
    p = fetch(`${import.meta.env.BASE_URL}models/${name}-ae/info.json`).then(async (r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return parseAutoencoderInfo(await r.json());
    });
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}

export function useAutoencoderInfo(name: AutoencoderKind): InfoState {
  const [state, setState] = useState<{ name: AutoencoderKind; info: InfoState }>({
    name,
    info: { state: 'loading' },
  });
  useEffect(() => {
    let live = true;
    fetchInfo(name).then(
      (info) => {
        if (live) setState({ name, info: { state: 'ok', info } });
      },
      (e: unknown) => {
        if (live)
          setState({ name, info: { state: 'missing', why: e instanceof Error ? e.message : String(e) } });
      },
    );
    return () => {
      live = false;
    };
  }, [name]);
  return state.name === name ? state.info : { state: 'loading' };
}
