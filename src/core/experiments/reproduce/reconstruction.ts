/**
 * `reconstruction`: the talk's table "Reconstruction Loss comparison with different Autoencoders"
 * (MNIST rows), by the augmentation experiment (../augmentation.ts) once per autoencoder: Original
 * trained from scratch on the first N training images; one copy per image by MINE-UAE, L2-UAE,
 * GA σ 0.01, GA σ 1e-3 and the clean images again (a control the paper lacks: a retraining on 2N
 * images also gets twice the steps); each retrained from the same seed; test error, relative change,
 * training-set ASR.
 */
import { toFloatBatch } from '../../data/dataset';
import { methodName, PAPER_METHODS, runAugmentation, type AugmentMethod } from '../augmentation';
import type { AutoencoderKind } from '../../models/autoencoders';
import { RECONSTRUCTION_PAPER } from './catalog';
import { duration, num, pct, table } from './markdown';
import { reconstructionUnitMs, uaeCriticFor, type ReconstructionSettings } from './scales';
import { runUnits, timingBy, type PlannedUnit, type UnitBase } from './state';
import type { ReproduceEnv, ReproduceHooks, ReproduceRecord, ReproduceState } from './types';

const METHODS: readonly AugmentMethod[] = [...PAPER_METHODS, { kind: 'clean' }];

export interface ReconstructionUnit extends UnitBase {
  ae: AutoencoderKind;
  critic: string;
  original: number;
  results: { method: string; reconError: number; relChange: number; asr: number }[];
  /** Seconds per phase (timing, not in rows). */
  phases: Record<string, number>;
}

export async function runReconstruction(
  s: ReconstructionSettings,
  seed: number,
  env: ReproduceEnv,
  state: ReproduceState,
  hooks: ReproduceHooks,
): Promise<boolean> {
  const [train, test] = await Promise.all([env.trainSet(), env.testSet()]);
  if (s.train > train.count) throw new RangeError(`train must be ≤ ${train.count} images, got ${s.train}`);
  if (s.test > test.count) throw new RangeError(`test must be ≤ ${test.count} images, got ${s.test}`);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const data = {
    trainImages: toFloatBatch(train.images, range(s.train)),
    trainCount: s.train,
    testImages: toFloatBatch(test.images, range(s.test)),
    testCount: s.test,
  };
  const plan: PlannedUnit<ReconstructionUnit>[] = s.aes.map((ae, i) => ({
    key: `ae/${ae}`,
    sample: i,
    method: ae,
    costMs: reconstructionUnitMs(s, ae),
    describe: (u) =>
      `${ae} AE (${i + 1}/${s.aes.length}): Original ${num(u.original, 5)}, ` +
      u.results.map((r) => `${r.method} ${num(r.reconError, 5)}`).join(', '),
    run: async (tick) => {
      const r = await runAugmentation(
        {
          kind: ae,
          train: s.train,
          epochs: s.epochs[ae],
          seed,
          methods: METHODS,
          testCount: s.test,
          attack: {
            iters: s.iters,
            mineSteps: s.mineSteps,
            searchSteps: s.searchSteps,
            eps: s.eps,
            critic: uaeCriticFor(s, ae),
            seed,
          },
        },
        data,
        {
          signal: hooks.signal,
          attackCopies: env.copyAttacker,
          onProgress: (p) => {
            tick(
              `${ae} AE: ${p.phase}${p.method ? ` ${p.method}` : ''} ${Math.floor(p.done)}/${p.total} (${p.message})`,
            );
          },
        },
      );
      if (r.cancelled) return null;
      const phases: Record<string, number> = { 'train-original': r.originalTrainSeconds };
      for (const m of r.results) {
        phases[`generate ${m.method}`] = m.generateSeconds;
        phases[`retrain ${m.method}`] = m.trainSeconds;
      }
      return {
        ae,
        critic: r.attack.critic,
        original: r.original,
        results: r.results.map((m) => ({
          method: m.method,
          reconError: m.reconError,
          relChange: m.relChange,
          asr: m.asr,
        })),
        phases,
      };
    },
  }));
  return runUnits(plan, state, s.aes.length, hooks);
}

export function reconstructionRows(
  s: ReconstructionSettings,
  state: ReproduceState,
): Record<string, unknown>[] {
  const units = state.units as ReconstructionUnit[];
  return s.aes.flatMap((ae) => {
    const u = units.find((v) => v.ae === ae);
    if (!u) return [];
    return [
      { ae, method: 'original', reconError: u.original, relChange: null, asr: null, critic: u.critic },
      ...u.results.map((r) => ({
        ae,
        method: r.method,
        reconError: r.reconError,
        relChange: r.relChange,
        // The clean copies are no attack: no success rate.
        asr: r.method === 'clean' ? null : r.asr,
        critic: u.critic,
      })),
    ];
  });
}

export function reconstructionTiming(state: ReproduceState): Record<string, number> {
  return timingBy(state.units as ReconstructionUnit[], (u) => `${u.ae} AE`);
}

const LABEL: Record<string, string> = {
  original: 'Original',
  'mine-uae': 'MINE-UAE',
  'l2-uae': 'L2-UAE',
  'ga:0.01': 'GA σ = 0.01',
  'ga:0.001': 'GA σ = 10⁻³',
  clean: 'clean ×2 (control)',
};

const change = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v)
    ? `${v >= 0 ? '↑' : '↓'} ${(100 * Math.abs(v)).toFixed(1)} %`
    : '–';

export function reconstructionTable(record: ReproduceRecord): string[] {
  const s = record.settings as ReconstructionSettings;
  const epochs = s.aes.map((ae) => `${ae} ${s.epochs[ae]}`).join(', ');
  return [
    `Per autoencoder: Original trained from scratch on the first ${s.train} MNIST training images (epochs: ${epochs}); each method adds one copy per image and a fresh AE is retrained from the same seed on the ${2 * s.train}; error = mean per-pixel squared error on the first ${s.test} test images. MINE-UAE and L2-UAE: T = ${s.iters}, ε = ${s.eps}, ${s.mineSteps} MINE steps per iteration, L2-UAE ${s.searchSteps} search steps; critic per AE in the last column.`,
    '',
    ...table(
      [
        'autoencoder',
        'method',
        'test error',
        'relative change',
        'ASR (training set)',
        'paper: error',
        'paper: change',
        'paper: ASR',
        'critic',
      ],
      record.rows.map((r) => {
        const paper = RECONSTRUCTION_PAPER[r.ae as AutoencoderKind];
        const p = r.method === 'original' ? null : paper.rows[String(r.method)];
        const paperError = r.method === 'original' ? paper.original : p?.error;
        return [
          String(r.ae),
          LABEL[String(r.method)] ?? String(r.method),
          num(r.reconError, 5),
          change(r.relChange),
          pct(r.asr, 2),
          p?.errorStd !== undefined
            ? `${num(paperError, 5)} ± ${p.errorStd.toPrecision(3)}`
            : num(paperError, 5),
          p ? change(p.change) : '–',
          p ? pct(p.asr, 2) : '–',
          String(r.critic),
        ];
      }),
    ),
    '',
    `Time per autoencoder: ${
      Object.entries(record.timing)
        .map(([k, v]) => `${k} ${duration(v)}`)
        .join(', ') || '–'
    }.`,
  ];
}

/** The method names of one autoencoder's rows, in order (for tests and readers). */
export const RECONSTRUCTION_METHODS = ['original', ...METHODS.map(methodName)];
