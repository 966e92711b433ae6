/**
 * The unsupervised rows of `npm run bench`: one UAE iteration (20 MINE steps, the authors' setting)
 * per autoencoder and critic, the batched generator the augmentation experiment uses, and retraining
 * throughput. Autoencoders are built from their recipes with seeded weights (timing depends on shapes).
 */
import { attackUaeBatch, UaeRun, UAE_DEFAULTS } from '../src/core/attacks/uae';
import { disposeAttackedAutoencoder, wrapAutoencoder } from '../src/core/attacks/autoencoder-target';
import { resolveOptions } from '../src/core/attacks/options';
import type { HeadlessBackend } from '../src/core/backend';
import { buildAutoencoder, disposeAutoencoder, type AutoencoderKind } from '../src/core/models/autoencoders';
import { AUTOENCODERS } from '../src/core/vocabulary';
import { trainAutoencoder } from '../src/core/models/train-autoencoder';
import type { CriticPreset } from '../src/core/mine/critic';
import { Rng } from '../src/core/rng';
import { experimentAttackOptions } from '../src/core/experiments/augmentation';
import { defaultThreads, parallelCopies } from '../src/cli/threads/parallel-copies';

export interface BenchRow {
  name: string;
  backend: HeadlessBackend;
  critic: CriticPreset | '-';
  msPerIter: number;
  iters: number;
  [extra: string]: unknown;
}

type Timer = (n: number, warmup: number, f: () => Promise<void>) => Promise<number>;

const images = (n: number) => new Rng(5).fillUniform(new Float32Array(n * 784), 0, 1);

async function uaeIteration(
  kind: AutoencoderKind,
  critic: CriticPreset,
  n: number,
  timeIt: Timer,
): Promise<number> {
  const parts = buildAutoencoder(kind, 1);
  const ae = wrapAutoencoder(parts.model);
  const run = new UaeRun(
    ae,
    images(1),
    resolveOptions({ ...UAE_DEFAULTS, critic, deltaInit: 'uniform', iters: 100000 }),
  );
  try {
    return await timeIt(n, 1, async () => {
      await run.step();
    });
  } finally {
    run.dispose();
    disposeAttackedAutoencoder(ae);
    disposeAutoencoder(parts);
  }
}

async function batchedIteration(kind: AutoencoderKind, batch: number): Promise<number> {
  const parts = buildAutoencoder(kind, 1);
  const ae = wrapAutoencoder(parts.model);
  const ids = Array.from({ length: batch }, (_, i) => i);
  try {
    const r = await attackUaeBatch(
      ae,
      images(batch),
      ids,
      resolveOptions({ ...UAE_DEFAULTS, critic: 'lite', deltaInit: 'uniform', iters: 2 }),
    );
    return r.msPerIter;
  } finally {
    disposeAttackedAutoencoder(ae);
    disposeAutoencoder(parts);
  }
}

/**
 * Wall-clock ms per UAE iteration of `threads × batch` images on worker threads (as `augment
 * --threads` makes them): the difference between a 6- and a 2-iteration run, so thread start-up and
 * the final read-out cancel out.
 */
async function threadedIteration(kind: AutoencoderKind, threads: number, batch: number): Promise<number> {
  const parts = buildAutoencoder(kind, 1);
  const n = threads * batch;
  const run = async (iters: number) => {
    const start = performance.now();
    const r = await parallelCopies(
      threads,
      'wasm',
    )({
      method: 'mine-uae',
      parts,
      images: images(n),
      pixels: 784,
      attack: experimentAttackOptions({ iters }),
      generateBatch: batch,
      onProgress: () => undefined,
    });
    if (r.cancelled) throw new Error('threaded generation was cancelled');
    return performance.now() - start;
  };
  try {
    const short = await run(2);
    const long = await run(6);
    return (long - short) / 4;
  } finally {
    disposeAutoencoder(parts);
  }
}

/** Images per second through one training step each (after one warm-up batch). */
async function trainingThroughput(kind: AutoencoderKind, batches: number): Promise<number> {
  const parts = buildAutoencoder(kind, 1);
  const count = (batches + 1) * 100;
  let start = 0;
  await trainAutoencoder(parts, images(count), count, {
    epochs: 1,
    batchSize: 100,
    seed: 1,
    onBatch: (_, b) => {
      if (b === 0) start = performance.now();
    },
  });
  const seconds = (performance.now() - start) / 1000;
  disposeAutoencoder(parts);
  return (batches * 100) / seconds;
}

export async function benchUnsupervised(
  backend: HeadlessBackend,
  opts: { quick: boolean; log: (m: string) => void; timeIt: Timer },
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const slow = backend === 'cpu';
  for (const kind of AUTOENCODERS) {
    // The paper critic on the conv AE's 16 maps of 28×28 has 11.9 M parameters: minutes per rep on cpu.
    const critics: CriticPreset[] = slow && kind === 'conv' ? ['lite'] : ['paper', 'lite'];
    for (const critic of critics) {
      const n = opts.quick || slow || critic === 'paper' ? 2 : 5;
      opts.log(`${backend}: UAE iteration (20 MINE steps), ${kind} AE, ${critic} critic (${n} reps)`);
      rows.push({
        name: `uae-iteration-${kind}`,
        backend,
        critic,
        mineSteps: 20,
        msPerIter: await uaeIteration(kind, critic, n, opts.timeIt),
        iters: n,
      });
    }
  }
  if (!slow) {
    for (const kind of ['conv', 'dense'] as const) {
      const batch = 50;
      opts.log(`${backend}: batched UAE iteration, ${batch} images, ${kind} AE, lite critic`);
      const ms = await batchedIteration(kind, batch);
      rows.push({
        name: `uae-batch-${batch}-iteration-${kind}`,
        backend,
        critic: 'lite',
        msPerIter: ms,
        iters: 2,
        // The experiment's generation: 2,000 images × 40 iterations, 50 at a time.
        note: `2,000 UAEs ≈ ${((ms * 40 * (2000 / batch)) / 60000).toFixed(0)} min`,
      });
    }
  }
  const threads = defaultThreads();
  if (!slow && threads > 1) {
    for (const kind of ['conv', 'dense'] as const) {
      const batch = 50;
      opts.log(`${backend}: UAE iteration on ${threads} threads × ${batch} images, ${kind} AE, lite critic`);
      const ms = await threadedIteration(kind, threads, batch);
      rows.push({
        name: `uae-threads-${threads}x${batch}-iteration-${kind}`,
        backend,
        critic: 'lite',
        msPerIter: ms,
        iters: 4,
        note: `2,000 UAEs ≈ ${((ms * 40 * (2000 / (threads * batch))) / 60000).toFixed(0)} min (augment --threads ${threads})`,
      });
    }
  }
  for (const kind of AUTOENCODERS) {
    const batches = opts.quick || slow ? 2 : 5;
    opts.log(`${backend}: retraining throughput, ${kind} AE (${batches} batches of 100)`);
    const ips = await trainingThroughput(kind, batches);
    rows.push({
      name: `train-throughput-${kind}`,
      backend,
      critic: '-',
      msPerIter: 100_000 / ips,
      iters: batches,
      note: `${ips.toFixed(0)} images/s (ms per batch of 100)`,
    });
  }
  return rows;
}
