/**
 * `npm run bench` (table) / `npm run -s bench -- --json` (a JSON array): per-iteration cost of the
 * engine on the headless backends, supervised and unsupervised (bench/unsupervised.ts); flags
 * --quick, --wasm-only, --supervised-only, --unsupervised-only, --bounds-only (a MinMax iteration under
 * each MI bound of the critic: what InfoNCE's K² pairs cost). Timing depends on shapes, not weights, so the classifier is the
 * Carlini–Wagner architecture with seeded random weights (no dependency on the shipped files).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../src/core/gradients';
import { initBackend, type HeadlessBackend } from '../src/core/backend';
import { MinMaxRun } from '../src/core/attacks/minmax';
import { resolveOptions } from '../src/core/attacks/options';
import { criticLayout, criticVariables, type CriticPreset } from '../src/core/mine/critic';
import { BOUND_NAMES, type BoundName } from '../src/core/mine/bound-names';
import { miPlain } from '../src/core/mine/critic-plain';
import { MineEstimator } from '../src/core/mine/estimator';
import { permutationMatrix } from '../src/core/mine/permutation';
import { buildClassifier } from '../src/core/models/classifier';
import { wrapClassifier, type AttackedClassifier } from '../src/core/models/attacked-classifier';
import { convSamples } from '../src/core/models/first-conv';
import { Rng } from '../src/core/rng';
import { barImage } from '../src/core/testing/tiny-classifier';
import { benchUnsupervised, type BenchRow } from './unsupervised';

type Row = BenchRow;

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const log = (m: string) => process.stderr.write(`${m}\n`);

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeIt(n: number, warmup: number, f: () => Promise<void>): Promise<number> {
  for (let i = 0; i < warmup; i++) await f();
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

async function minmaxIteration(
  clf: AttackedClassifier,
  critic: CriticPreset,
  mineSteps: number,
  n: number,
  bound: BoundName = 'dv',
): Promise<number> {
  const run = await MinMaxRun.create(
    clf,
    { x: barImage(), label: 3 },
    resolveOptions({ critic, mineSteps, iters: 100000, bound }),
  );
  try {
    return await timeIt(n, 2, async () => {
      await run.step();
    });
  } finally {
    run.dispose();
  }
}

async function plainMineStep(clf: AttackedClassifier, n: number): Promise<number> {
  const x = tf.tensor4d(barImage(), [1, 28, 28, 1]);
  const sx = convSamples(clf.conv1, x);
  const est = new MineEstimator(criticLayout('paper', { kind: 'maps', height: 26, width: 26 }), new Rng(1));
  const opt = tf.train.adam(1.5e-5, 0.9, 0.999, 1e-8);
  const rng = new Rng(2);
  try {
    return await timeIt(n, 1, async () => {
      const perm = permutationMatrix(rng.permutation(sx.shape[0]));
      const cost = opt.minimize(
        () => tf.neg(miPlain(est.params, sx, sx, perm)),
        true,
        criticVariables(est.params),
      );
      await cost!.data();
      cost!.dispose();
      perm.dispose();
    });
  } finally {
    opt.dispose();
    est.dispose();
    tf.dispose([x, sx]);
  }
}

async function matmulGflops(n: number): Promise<{ ms: number; gflops: number }> {
  const rng = new Rng(3);
  const a = tf.tensor2d(rng.fillNormal(new Float32Array(32 * 10000), 0, 1), [32, 10000]);
  const b = tf.tensor2d(rng.fillNormal(new Float32Array(10000 * 512), 0, 1), [10000, 512]);
  try {
    const ms = await timeIt(n, 2, async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    });
    return { ms, gflops: (2 * 32 * 10000 * 512) / (ms * 1e6) };
  } finally {
    tf.dispose([a, b]);
  }
}

async function benchBackend(backend: HeadlessBackend): Promise<Row[]> {
  await initBackend(backend);
  const model = buildClassifier(undefined, 1);
  const clf = wrapClassifier(model);
  const rows: Row[] = [];
  const slow = backend === 'cpu';
  const reps = (fast: number, slowN: number) => (quick ? Math.min(3, fast) : slow ? slowN : fast);
  try {
    if (process.argv.includes('--bounds-only')) {
      // Bounds interleaved per round, so that a machine's load drifts over all of them alike.
      for (const critic of ['lite', 'paper'] as const) {
        const n = critic === 'paper' ? reps(6, 2) : reps(20, 5);
        const times = new Map<BoundName, number[]>(BOUND_NAMES.map((b) => [b, []]));
        for (let round = 0; round < 3; round++)
          for (const bound of BOUND_NAMES) {
            log(`${backend}: MinMax iteration, ${critic} critic, bound ${bound} (round ${round + 1})`);
            times.get(bound)!.push(await minmaxIteration(clf, critic, 1, n, bound));
          }
        for (const bound of BOUND_NAMES)
          rows.push({
            name: `minmax-iteration-${bound}`,
            backend,
            critic,
            mineSteps: 1,
            msPerIter: median(times.get(bound)!),
            iters: 3 * n,
          });
      }
      return rows;
    }
    if (process.argv.includes('--unsupervised-only')) {
      rows.push(...(await benchUnsupervised(backend, { quick, log, timeIt })));
      return rows;
    }
    for (const critic of ['paper', 'lite'] as const) {
      const n = critic === 'paper' ? reps(15, 3) : reps(40, 10);
      log(`${backend}: supervised MinMax iteration, ${critic} critic (${n} reps)`);
      rows.push({
        name: 'minmax-iteration',
        backend,
        critic,
        mineSteps: 1,
        msPerIter: await minmaxIteration(clf, critic, 1, n),
        iters: n,
      });
    }
    for (const critic of ['paper', 'lite'] as const) {
      const n = critic === 'paper' ? reps(4, 1) : reps(10, 3);
      log(`${backend}: unsupervised-style iteration (20 MINE steps), ${critic} critic`);
      rows.push({
        name: 'iteration-20-mine-steps',
        backend,
        critic,
        mineSteps: 20,
        msPerIter: await minmaxIteration(clf, critic, 20, n),
        iters: n,
      });
    }
    if (!slow) {
      const n = reps(5, 1);
      log(`${backend}: one MINE step, paper critic, plain formulation (autodiff, for comparison)`);
      rows.push({
        name: 'mine-step-plain-autodiff',
        backend,
        critic: 'paper',
        msPerIter: await plainMineStep(clf, n),
        iters: n,
      });
    }
    const mm = await matmulGflops(slow ? 3 : 10);
    rows.push({
      name: 'critic-matmul-32x10000x512',
      backend,
      critic: '-',
      msPerIter: mm.ms,
      iters: slow ? 3 : 10,
      gflops: mm.gflops,
    });
    if (!process.argv.includes('--supervised-only'))
      rows.push(...(await benchUnsupervised(backend, { quick, log, timeIt })));
  } finally {
    model.dispose();
  }
  return rows;
}

const backends: HeadlessBackend[] = process.argv.includes('--wasm-only') ? ['wasm'] : ['wasm', 'cpu'];
const rows: Row[] = [];
for (const b of backends) rows.push(...(await benchBackend(b)));
if (json) {
  process.stdout.write(
    `${JSON.stringify(rows.map((r) => ({ ...r, tfjs: tf.version_core, node: process.versions.node })))}\n`,
  );
} else {
  const head = ['name', 'backend', 'critic', 'ms/iter', 'note'];
  const lines = rows.map((r) => [
    r.name,
    r.backend,
    r.critic,
    r.msPerIter.toFixed(1),
    r.gflops
      ? `${(r.gflops as number).toFixed(2)} GFLOP/s`
      : typeof r.note === 'string'
        ? r.note
        : `median of ${r.iters}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (l: string[]) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(
    `${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}\n`,
  );
}
