/**
 * One worker thread of `parallelCopies`: rebuilds the attacked autoencoder from its weights on its
 * own tfjs backend, then attacks the batches the CLI hands it, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { disposeAttackedAutoencoder, wrapAutoencoder } from '../../core/attacks/autoencoder-target';
import { initBackend } from '../../core/backend';
import { attackCopyBatch } from '../../core/experiments/attack-copies';
import { buildAutoencoder, disposeAutoencoder } from '../../core/models/autoencoders';
import type { CopiesWorkerData, FromWorker, ToWorker } from './copies-protocol';

const data = workerData as CopiesWorkerData;
const port = parentPort!;
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => {
  port.postMessage(m, transfer);
};

async function main(): Promise<void> {
  await initBackend(data.backend);
  const parts = buildAutoencoder(data.kind, 0);
  const weights = data.weights.map((w) => tf.tensor(w.values, w.shape));
  parts.model.setWeights(weights);
  tf.dispose(weights);
  const ae = wrapAutoencoder(parts.model);
  // One batch at a time: the next arrives only after 'done', so messages never interleave.
  port.on('message', (m: ToWorker) => {
    if (m.type === 'close') {
      disposeAttackedAutoencoder(ae);
      disposeAutoencoder(parts);
      port.close();
      return;
    }
    attackCopyBatch(data.method, ae, m.images, m.ids, data.attack, {
      onFraction: (fraction) => {
        send({ type: 'progress', start: m.start, fraction });
      },
    }).then(
      (r) => {
        send({ type: 'done', start: m.start, copies: r.copies, successes: r.successes }, [
          r.copies.buffer as ArrayBuffer,
        ]);
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
