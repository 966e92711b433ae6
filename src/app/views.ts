/**
 * The page's views (?view=): the single-run view (the default), Compare, Batch evaluation and the
 * Paper view (issue 11) and the MINE lab (issue 12); each entry is a tab and a URL value.
 */
export const VIEWS = ['run', 'compare', 'batch', 'paper', 'mine-lab'] as const;
export type ViewName = (typeof VIEWS)[number];

export const VIEW_LABELS: Readonly<Record<ViewName, string>> = {
  run: 'Run',
  compare: 'Compare methods',
  batch: 'Batch evaluation',
  paper: 'Paper',
  'mine-lab': 'MINE lab',
};

/** What each tab shows, for its tooltip and the screen reader's description. */
export const VIEW_HINTS: Readonly<Record<ViewName, string>> = {
  run: 'One attack, iteration by iteration',
  compare: 'Every method on one image, same seed, T and critic, with the fair MI',
  batch: 'One method on the first N test images: ASR, MI, the fair-MI histogram, the failures',
  paper: "The talk's tables and figures, reproduced at a stated scale, beside the paper's figures",
  'mine-lab': 'MINE checked against known answers: 2×2 bit tables and correlated Gaussians, five bounds',
};
