import { useShallow } from 'zustand/react/shallow';
import { useRunStore } from './run-store';
import { useClock } from './use-clock';

/** Speed and memory of the run, updated a few times a second. */
export function Hud() {
  const { records, startedAt, endedAt, numTensors, status, backend, done } = useRunStore(
    useShallow((s) => ({
      records: s.trace.records.length,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      numTensors: s.numTensors,
      status: s.status,
      backend: s.runBackend,
      done: s.done,
    })),
  );
  const now = useClock(250, status === 'running');
  const end = status === 'running' ? now : endedAt || now;
  const seconds = startedAt > 0 ? (end - startedAt) / 1000 : 0;
  const itPerS = status === 'running' && seconds > 0 ? records / seconds : null;
  const msPerIter = done?.summary.msPerIter ?? (itPerS !== null && itPerS > 0 ? 1000 / itPerS : null);
  return (
    <dl className="hud" aria-label="Run speed">
      <div>
        <dt>backend</dt>
        <dd>{backend ?? '–'}</dd>
      </div>
      <div>
        <dt>it/s</dt>
        <dd data-testid="hud-its">{itPerS === null ? '–' : itPerS.toFixed(1)}</dd>
      </div>
      <div>
        <dt>ms/iter</dt>
        <dd data-testid="hud-ms">{msPerIter === null ? '–' : msPerIter.toFixed(1)}</dd>
      </div>
      <div>
        <dt>live tensors</dt>
        <dd>{numTensors || '–'}</dd>
      </div>
    </dl>
  );
}
