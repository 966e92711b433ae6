/** The MI bounds the MINE lab offers (bounds.ts computes them); tfjs-free, for the UI and the protocol. */
export const BOUND_NAMES = ['dv', 'mine', 'nwj', 'infonce', 'smile'] as const;
export type BoundName = (typeof BOUND_NAMES)[number];

export const BOUND_LABELS: Readonly<Record<BoundName, string>> = {
  dv: 'DV (the paper’s)',
  mine: 'MINE (moving-average gradient)',
  nwj: 'NWJ',
  infonce: 'InfoNCE',
  smile: 'SMILE (clip τ)',
};
