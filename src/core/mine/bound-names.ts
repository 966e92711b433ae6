/** The MI bounds the MINE lab and the attack offer (bounds.ts, bound-heads.ts compute them); tfjs-free, for the UI and the protocol. */
export const BOUND_NAMES = ['dv', 'mine', 'nwj', 'infonce', 'smile'] as const;
export type BoundName = (typeof BOUND_NAMES)[number];

export const BOUND_LABELS: Readonly<Record<BoundName, string>> = {
  dv: 'DV (the paper’s)',
  mine: 'MINE (moving-average gradient)',
  nwj: 'NWJ',
  infonce: 'InfoNCE',
  smile: 'SMILE (clip τ)',
};

/** The bound a critic maximises, with its parameters. */
export interface BoundChoice {
  readonly bound: BoundName;
  /** SMILE's clip τ. */
  readonly smileTau: number;
  /** MINE's moving-average rate (0.01 in Belghazi et al.). */
  readonly emaRate: number;
}

export const DEFAULT_BOUND: BoundChoice = { bound: 'dv', smileTau: 5, emaRate: 0.01 };
