/**
 * What the model makes of one image on request (no run involved): the chosen image before a run, an
 * iterate that no streamed frame shows, AE(x) of the unsupervised task.
 */
import { loadAutoencoder, reconstructionView } from './autoencoder';
import type { EngineBackend } from './engine-backend';
import { describe } from './error-text';
import { imageView } from './image-view';
import type { InspectMessage } from './protocol';
import type { Post } from './run-stream';

/** Answers once the engine is ready; says nothing if it never gets a backend (init already told). */
export async function inspect(engine: EngineBackend, message: InspectMessage, post: Post): Promise<void> {
  const { requestId, pixels, ae: aeName } = message;
  await engine.ready();
  if (aeName !== undefined) {
    if (engine.current === null) return;
    let ae;
    try {
      ae = await loadAutoencoder(aeName);
    } catch (e) {
      post({
        type: 'error',
        code: 'model-unavailable',
        message: `Cannot use this autoencoder: ${describe(e).message}`,
      });
      return;
    }
    const view = await reconstructionView(ae, pixels, pixels);
    post({ type: 'inspection', requestId, ...view }, [view.recon!.buffer, view.maps.buffer]);
    return;
  }
  const { classifier } = engine;
  if (classifier === null) return;
  const view = await imageView(classifier, pixels);
  post({ type: 'inspection', requestId, ...view }, [view.probs.buffer, view.maps.buffer]);
}
