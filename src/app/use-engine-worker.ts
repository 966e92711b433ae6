import { useEffect } from 'react';
import type { BackendName, InitMessage } from '../worker/protocol';
import { parseWorkerToUi } from '../worker/protocol';
import { parseEvidenceToUi } from '../worker/protocol-evidence';
import { parseLabToUi } from '../worker/protocol-lab';
import { parsePaperToUi } from '../worker/protocol-paper';
import { invalidFaultMessage, type FaultParam } from './backend-param';
import { setEngineWorker } from './engine-link';
import { setEvidenceSender, useEvidenceStore } from './evidence-store';
import { setLabSender, useLabStore } from './lab-store';
import { useExperimentStore } from './experiment-store';
import { useRunStore } from './run-store';
import { useEngineStore } from './store';

/**
 * Owns the engine worker for the component's lifetime: created and terminated in one effect, so
 * StrictMode's double mount leaves exactly one worker (and a fresh store) behind.
 */
export function useEngineWorker(
  requestedBackend: BackendName | undefined,
  /** The ?fault= test hook (backend-param.ts): no run setting, never in a shared link. */
  fault: FaultParam,
): void {
  useEffect(() => {
    const store = useEngineStore.getState();
    store.reset();
    const runs = useRunStore.getState();
    runs.resetRun();
    const experiments = useExperimentStore.getState();
    experiments.reset();
    if (fault.kind === 'invalid')
      store.addAlert({ code: 'invalid-url', message: invalidFaultMessage(fault.raw) }, false);

    let live = true;
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'engine',
    });
    worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      // A message already queued when the effect was cleaned up belongs to a discarded worker.
      if (!live) return;
      // The Compare, Batch and Paper views' messages (protocol-evidence.ts, protocol-paper.ts) go to
      // their own store.
      const lab = parseLabToUi(event.data);
      if (lab?.ok === true) {
        useLabStore.getState().apply(lab.value);
        return;
      }
      const evidence = lab ?? parseEvidenceToUi(event.data) ?? parsePaperToUi(event.data);
      if (evidence !== null) {
        if (evidence.ok) useEvidenceStore.getState().apply(evidence.value);
        else
          store.addAlert(
            {
              code: 'internal',
              message: `The engine sent a message this page does not understand (${evidence.error}).`,
            },
            false,
          );
        return;
      }
      const parsed = parseWorkerToUi(event.data);
      if (parsed.ok) {
        // The engine's debug lines (a stale control message after a restart, say) are for the
        // developer's console (DevTools' "Verbose" level), not the page.
        if (parsed.value.type === 'log' && parsed.value.level === 'debug')
          console.debug(`[engine] ${parsed.value.message}`);
        store.applyWorkerMessage(parsed.value);
        runs.apply(parsed.value);
        experiments.apply(parsed.value);
        // The image chosen before the engine was ready still needs its probabilities.
        if (parsed.value.type === 'ready') {
          const image = useRunStore.getState().image;
          if (image !== null) useRunStore.getState().setImage(image);
        }
      } else
        store.addAlert(
          {
            code: 'internal',
            message: `The engine sent a message this page does not understand (${parsed.error}).`,
          },
          false,
        );
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      if (!live) return;
      // A module worker that fails to load reports an ErrorEvent with no message at all.
      const message =
        event.message === ''
          ? 'The engine worker failed to load.'
          : `The engine worker crashed: ${event.message}`;
      store.addAlert({ code: 'worker-crashed', message }, true);
    });

    const init: InitMessage = {
      type: 'init',
      ...(requestedBackend === undefined ? {} : { requestedBackend }),
      ...(fault.kind === 'fault' ? { fault: fault.fault } : {}),
    };
    worker.postMessage(init);
    setEngineWorker(worker);
    useEvidenceStore.getState().reset();
    setEvidenceSender((message) => {
      worker.postMessage(message);
      return true;
    });
    setLabSender((message) => {
      worker.postMessage(message);
      return true;
    });

    return () => {
      live = false;
      setEvidenceSender(() => false);
      setLabSender(() => false);
      setEngineWorker(null);
      worker.terminate();
    };
  }, [requestedBackend, fault]);
}
