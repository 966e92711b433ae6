/**
 * One worker thread of `evaluate --threads N`: reads the run's flags as the CLI does, loads the
 * model and MNIST on its own tfjs backend, then attacks the images it is handed, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { attackSample, sampleOutcome, type SampleOutcome } from '../../core/attacks/evaluate';
import type { AttackMethod } from '../../core/attacks/options';
import { initBackend } from '../../core/backend';
import { toFloatBatch } from '../../core/data/dataset';
import { wrapClassifier } from '../../core/models/attacked-classifier';
import type { ParsedFlags } from '../args';
import { attackConfig } from '../attack-flags';
import { loadModel, mnistTest } from '../context';
import type { FromImageWorker, ToImageWorker } from './image-pool';

export interface EvaluateThreadResult {
  outcome: SampleOutcome;
  seconds: number;
}

const port = parentPort!;
const send = (m: FromImageWorker<EvaluateThreadResult>) => {
  port.postMessage(m);
};

async function main(): Promise<void> {
  const cfg = attackConfig((workerData as { flags: ParsedFlags }).flags);
  await initBackend(cfg.backend);
  const { model } = await loadModel(cfg.model);
  const clf = wrapClassifier(model);
  const set = await mnistTest();
  port.on('message', (m: ToImageWorker) => {
    if (m.type === 'close') {
      port.close();
      return;
    }
    const began = performance.now();
    const sample = { x: toFloatBatch(set.images, [m.index]), label: set.labels[m.index]! };
    attackSample(cfg.method as AttackMethod, clf, sample, m.index, cfg.options, { fairMi: cfg.fairMi }).then(
      (one) => {
        // Only the fields a report reads cross the thread (the result's tensors stay here).
        const r = one.result ?? one.diverged;
        send({
          type: 'done',
          index: m.index,
          result: { outcome: sampleOutcome(r), seconds: (performance.now() - began) / 1000 },
        });
      },
      (e: unknown) => {
        send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
      },
    );
  });
  send({ type: 'ready' });
}

main().catch((e: unknown) => {
  send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
});
