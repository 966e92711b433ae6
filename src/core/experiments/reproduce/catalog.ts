/**
 * The talk's evidence, one entry per table or figure: its title and slide as the talk names them, and
 * the figures the talk gives for each cell, written here once (the renderers and the CLI read them
 * from here). The talk is about MNIST and CIFAR-10; this project has MNIST only, so only MNIST cells
 * are listed.
 */
import type { AutoencoderKind } from '../../models/autoencoders';
import { SCALE_NAMES, type ExperimentName, type ScaleName } from './types';

export interface CatalogEntry {
  name: ExperimentName;
  title: string;
  /** Where in the talk: the slide's heading and its figure caption. */
  slide: string;
  scales: readonly ScaleName[];
  /** The talk's figures for the cells this experiment measures (MNIST). */
  paper: Record<string, unknown>[];
  /** What the paper column holds, and what the talk does not give. */
  paperNote: string;
}

/** ASR and MI over 1,000 samples, MNIST (slide "Mutual Information and Attack Success Rate"). */
const ASR_MI_PAPER = [
  { method: 'penalty', asr: 1, mi: 28.28 },
  { method: 'minmax', asr: 1, mi: 51.29 },
];

/** Reconstruction error on the test set and ASR on the training set, MNIST (slide "Reconstruction Loss"). */
export const RECONSTRUCTION_PAPER: Record<
  AutoencoderKind,
  {
    original: number;
    rows: Record<string, { error: number; errorStd?: number; change: number; asr: number }>;
  }
> = {
  sparse: {
    original: 0.00561,
    rows: {
      'mine-uae': { error: 0.00243, change: 0.567, asr: 1 },
      'l2-uae': { error: 0.00348, change: 0.38, asr: 0.9918 },
      'ga:0.01': { error: 0.0028, errorStd: 2.6e-5, change: 0.501, asr: 0.541 },
      'ga:0.001': { error: 0.0028, errorStd: 3.71e-5, change: 0.501, asr: 0.6395 },
    },
  },
  dense: {
    original: 0.00258,
    rows: {
      'mine-uae': { error: 0.00228, change: 0.116, asr: 0.9299 },
      'l2-uae': { error: 0.00286, change: -0.06, asr: 0.9994 },
      'ga:0.01': { error: 0.00244, errorStd: 0.00014, change: 0.054, asr: 0.4853 },
      'ga:0.001': { error: 0.00238, errorStd: 0.00012, change: 0.078, asr: 0.5847 },
    },
  },
  conv: {
    original: 0.00294,
    rows: {
      'mine-uae': { error: 0.00256, change: 0.129, asr: 0.9986 },
      'l2-uae': { error: 0.00364, change: -0.238, asr: 0.9961 },
      'ga:0.01': { error: 0.00301, errorStd: 0.00011, change: -0.024, asr: 0.6871 },
      'ga:0.001': { error: 0.00304, errorStd: 0.00015, change: -0.034, asr: 0.9961 },
    },
  },
  adversarial: {
    original: 0.04785,
    rows: {
      'mine-uae': { error: 0.04581, change: 0.043, asr: 0.9846 },
      'l2-uae': { error: 0.06098, change: -0.274, asr: 0.4354 },
      'ga:0.01': { error: 0.05793, errorStd: 0.00501, change: -0.21, asr: 0.9979 },
      'ga:0.001': { error: 0.05544, errorStd: 0.00567, change: -0.1586, asr: 0.9983 },
    },
  },
};

function reconstructionPaperRows(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [ae, t] of Object.entries(RECONSTRUCTION_PAPER)) {
    rows.push({ ae, method: 'original', reconError: t.original });
    for (const [method, r] of Object.entries(t.rows))
      rows.push({
        ae,
        method,
        reconError: r.error,
        ...(r.errorStd !== undefined ? { reconErrorStd: r.errorStd } : {}),
        relChange: r.change,
        asr: r.asr,
      });
  }
  return rows;
}

export const CATALOG: readonly CatalogEntry[] = [
  {
    name: 'asr-mi',
    title: 'Mutual Information and Attack Success Rate',
    slide:
      'Evaluation › Supervised: "Mutual Information and Attack Success Rate" (ASR and MI value over 1000 samples)',
    scales: SCALE_NAMES,
    paper: ASR_MI_PAPER,
    paperNote:
      "MNIST, 1,000 samples, the authors' critic; their MI is the in-loop best estimate of each sample (nats), so compare it with miMean, and compare methods by their fair MI",
  },
  {
    name: 'mi-distribution',
    title: 'Mean and Standard Deviation of MI value over 1000 samples',
    slide:
      'Evaluation › Supervised: figure "Mean and Standard Deviation of MI value over 1000 samples" (a) MNIST',
    scales: SCALE_NAMES,
    paper: ASR_MI_PAPER.map(({ method, mi }) => ({ method, miMean: mi, miStd: null })),
    paperNote:
      "the talk's figure draws mean ± std per method; its text gives only the means (those of the ASR/MI table, the same 1,000 samples); the std is not given",
  },
  {
    name: 'minmax-vs-pgd',
    title: 'MinMax attacks vs. PGD attacks',
    slide: 'Evaluation › Supervised: "MinMax attacks vs. PGD attacks" ((b) PGD attack, (c) MinMax attack)',
    scales: SCALE_NAMES,
    paper: [],
    paperNote:
      'the slide shows example images only (its caption reads "ASR and MI value over 1000 samples" but no figures are given); the claim read from it: MinMax examples stay closer to x (higher MI) than PGD examples',
  },
  {
    name: 'reconstruction',
    title: 'Reconstruction Loss comparison with different Autoencoders',
    slide: 'Evaluation › Unsupervised: "Reconstruction Loss" table, MNIST rows',
    scales: SCALE_NAMES,
    paper: reconstructionPaperRows(),
    paperNote:
      "MNIST, fully trained autoencoders (60,000 images); relChange > 0 is a lower error than Original (the paper's ↑); GA errors are mean ± std over the authors' repeats; the clean ×2 control is not in the paper",
  },
];

export function catalogEntry(name: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.name === name);
}
