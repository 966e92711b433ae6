/**
 * The worker's backend and classifier: negotiated once on `init` (negotiate.ts), and replaced by the
 * next slower backend that passes the smoke test when the current one fails during a run.
 */
import { disposeClassifier, type AttackedClassifier } from '../core/models/attacked-classifier';
import { forgetAutoencoders } from './autoencoder';
import { activateBackend, browserProbe, tfjsVersions } from './backend';
import { loadClassifier } from './classifier';
import { describe } from './error-text';
import { negotiate } from './negotiate';
import type { BackendName, InitMessage, ReadyMessage } from './protocol';
import { BACKEND_NAMES } from './protocol';
import type { Post } from './run-stream';
import { SMOKE_SHAPE, checkOps } from './smoke';

const NO_BACKEND = 'No TensorFlow.js backend passed its checks in this browser.';

export class EngineBackend {
  /** One negotiation per worker; a repeated init gets the same answer rather than a second run. */
  private negotiation: Promise<ReadyMessage | null> | undefined;
  private loaded: AttackedClassifier | null = null;
  private backend: BackendName | null = null;
  /** The latest ready message, re-announced (with the new backend) after a fallback. */
  private announced: ReadyMessage | null = null;

  constructor(private readonly post: Post) {}

  /** The backend in use, or null before (or without) a successful negotiation. */
  get current(): BackendName | null {
    return this.backend;
  }

  /** The classifier, loaded onto the current backend. */
  get classifier(): AttackedClassifier | null {
    return this.loaded;
  }

  /** Settles once the first init's negotiation has (null: none began, or no backend passed). */
  ready(): Promise<ReadyMessage | null> {
    return this.negotiation ?? Promise.resolve(null);
  }

  /**
   * Negotiates on the first init and answers every init with the outcome. `onReady` runs once, with
   * the first negotiation's ready message, before anyone hears of it.
   */
  init(message: InitMessage, onReady?: (ready: ReadyMessage) => void): void {
    const first = this.negotiation === undefined;
    this.negotiation ??= this.initialise(message.requestedBackend).then((ready) => {
      if (ready !== null) onReady?.(ready);
      return ready;
    });
    this.negotiation.then(
      (ready) => {
        if (ready !== null) this.post(ready);
        else if (!first) this.post({ type: 'error', code: 'no-backend', message: NO_BACKEND });
      },
      (e: unknown) => {
        this.post({ type: 'error', code: 'internal', ...describe(e) });
      },
    );
  }

  private async initialise(requested: BackendName | undefined): Promise<ReadyMessage | null> {
    const result = await negotiate(browserProbe, requested, (message) => {
      this.post({ type: 'log', level: 'info', message });
    });
    if (result.requestedFailure !== undefined) {
      const { backend, reason } = result.requestedFailure;
      this.post({
        type: 'error',
        code: 'requested-backend-failed',
        message: `The requested backend ${backend} ${reason}; choosing another automatically.`,
      });
    }
    if (!result.ok) {
      this.post({
        type: 'error',
        code: 'no-backend',
        message: NO_BACKEND,
        detail: result.tried.map((t) => `${t.backend}: ${t.reason}`).join('\n'),
      });
      return null;
    }
    this.post({ type: 'log', level: 'info', message: 'loading the MNIST classifier' });
    this.loaded = await loadClassifier();
    this.backend = result.backend;
    this.announced = {
      type: 'ready',
      backend: result.backend,
      reason: result.reason,
      tried: result.tried,
      timings: result.timings,
      versions: tfjsVersions(),
    };
    return this.announced;
  }

  /**
   * After a backend fails mid-run: the next slower backend that initialises and passes the smoke test,
   * with the classifier reloaded onto it. Null when none is left.
   */
  async fallBack(failed: BackendName, why: string): Promise<BackendName | null> {
    for (const name of BACKEND_NAMES.slice(BACKEND_NAMES.indexOf(failed) + 1)) {
      try {
        const start = performance.now();
        if (!(await activateBackend(name))) continue;
        const initMs = performance.now() - start;
        await checkOps(SMOKE_SHAPE);
        const smokeMs = performance.now() - start - initMs;
        if (this.loaded !== null) {
          try {
            disposeClassifier(this.loaded);
            this.loaded.model.dispose();
          } catch {
            // The failed backend may not even free memory; the new one starts clean regardless.
          }
        }
        this.loaded = await loadClassifier();
        // Autoencoders reload on the new backend when next used.
        await forgetAutoencoders();
        this.backend = name;
        this.announceFallback(failed, name, why, { initMs, smokeMs, warmupMs: 0 });
        return name;
      } catch {
        // Try the next one.
      }
    }
    return null;
  }

  /** The engine panel shows the backend in use: tell it, as a fresh ready message, what changed and why. */
  private announceFallback(
    failed: BackendName,
    name: BackendName,
    why: string,
    timings: ReadyMessage['timings'],
  ): void {
    if (this.announced === null) return;
    this.announced = {
      ...this.announced,
      backend: name,
      reason: `${failed} failed during a run (${why}); fell back to ${name}, which passed the smoke test`,
      tried: [
        ...this.announced.tried.filter((t) => t.backend !== failed && t.backend !== name),
        { backend: failed, ok: false, reason: `failed during a run: ${why}` },
        {
          backend: name,
          ok: true,
          reason: 'chosen after the fallback',
          ms: timings.initMs + timings.smokeMs,
        },
      ],
      timings,
    };
    this.post(this.announced);
  }
}
