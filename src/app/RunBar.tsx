import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { METHOD_TRAITS } from '../core/vocabulary';
import type { StepPart } from '../worker/protocol';
import { useExperimentStore } from './experiment-store';
import { useRunStore } from './run-store';
import { runButtons } from './shortcuts';
import { PresenterButtons } from './PresentControls';
import { useEngineStore, useViewStore } from './store';

/** Run, pause/resume, step (both players, the attacker, the critic) and cancel, with what is happening. */
export function RunBar() {
  const engineReady = useEngineStore((s) => s.status === 'idle');
  const present = useViewStore((s) => s.present);
  const experimentBusy = useExperimentStore((s) => s.status === 'running');
  const {
    status,
    method,
    task,
    image,
    start,
    pause,
    resume,
    step,
    cancel,
    records,
    done,
    iters,
    error,
    schedule,
    lastRec,
  } = useRunStore(
    useShallow((s) => ({
      status: s.status,
      method: s.settings.method,
      task: s.settings.task,
      image: s.image,
      start: s.start,
      pause: s.pause,
      resume: s.resume,
      step: s.step,
      cancel: s.cancel,
      records: s.trace.records.length,
      done: s.done,
      iters: s.runSettings?.iters ?? s.settings.iters,
      error: s.error,
      schedule: s.schedule,
      lastRec: s.trace.records.at(-1),
      version: s.version,
    })),
  );
  const last = lastRec?.t ?? 0;
  // Penalty and L2-UAE repeat their T iterations once per step of the binary search on c.
  const searches = schedule !== null && METHOD_TRAITS[schedule.method].searches;
  const search = searches ? `search step ${(lastRec?.searchStep ?? 0) + 1} of ${schedule.searchSteps}` : null;
  const perStep = searches ? schedule.iters : 0;
  const firstAt = successAt(done?.summary.firstSuccessIter ?? null, perStep);
  const active = status === 'running' || status === 'paused';
  const twoPlayers = METHOD_TRAITS[method].twoPlayers;
  // The same rules as the keyboard shortcuts (Shortcuts.tsx).
  const can = runButtons({ engineReady, hasImage: image !== null, experimentBusy, status, twoPlayers });
  const unsupervised = task === 'unsupervised';
  const stepOf = (part: StepPart) => () => {
    step(part);
  };
  const playersNote = twoPlayers
    ? ''
    : unsupervised
      ? 'Only MINE-UAE has two players (δ with c, and the MINE critic) to step apart.'
      : 'Only MinMax has two players (δ with c, and the MINE critic) to step apart.';

  return (
    <section className="panel runbar" aria-labelledby="run-heading">
      <h2 id="run-heading" className="visually-hidden">
        Run
      </h2>
      <div className="row wrap">
        <RunBarButton
          className="primary"
          testId="run-button"
          keys="Space"
          disabled={!can.run}
          onClick={() => {
            start(false);
          }}
        >
          {active ? 'Restart' : 'Run'}
        </RunBarButton>
        <RunBarButton
          testId="pause-button"
          keys="Space"
          disabled={!can.pauseResume}
          onClick={() => {
            if (status === 'running') pause();
            else resume();
          }}
        >
          {status === 'paused' ? 'Resume' : 'Pause'}
        </RunBarButton>
        <RunBarButton testId="step-button" keys="ArrowRight" disabled={!can.step} onClick={stepOf('both')}>
          Step
        </RunBarButton>
        <RunBarButton
          testId="step-attacker-button"
          keys="a"
          disabled={!can.stepPlayer}
          onClick={stepOf('attacker')}
          title={playersNote || 'Move δ and c once, the critic frozen'}
        >
          Step attacker
        </RunBarButton>
        <RunBarButton
          testId="step-critic-button"
          keys="c"
          disabled={!can.stepPlayer}
          onClick={stepOf('critic')}
          title={playersNote || 'Train the MINE critic once, δ frozen'}
        >
          Step critic
        </RunBarButton>
        <RunBarButton testId="cancel-button" keys="Escape" disabled={!can.cancel} onClick={cancel}>
          Cancel
        </RunBarButton>
      </div>
      {twoPlayers ? null : (
        <p className="hint">
          {playersNote} {unsupervised ? 'L2-UAE steps' : 'Penalty and PGD step'} whole iterations.
        </p>
      )}
      {experimentBusy ? (
        <p className="hint" data-testid="run-blocked">
          The augmentation experiment is running; runs wait for it (one job at a time in the engine).
        </p>
      ) : null}
      <p className="run-line" data-testid="run-line">
        Iteration <output data-testid="iteration-counter">{last}</output> / {iters}
        {search === null ? null : <span data-testid="search-step"> · {search}</span>}
        <span className="muted run-detail"> · {records} records</span>
        {done === null ? null : (
          <>
            {' · '}
            <strong data-testid="result-success" className={done.summary.success ? 'ok' : 'bad'}>
              {done.summary.success ? 'success' : 'failed'}
            </strong>
            {done.summary.cancelled ? ' (cancelled)' : ''}
            {/* Presentation mode keeps the row to one line: the details are in the images' captions. */}
            <span className="run-detail">
              {done.summary.success ? (
                unsupervised ? (
                  ` — first success at ${firstAt}${done.summary.miBest === null ? '' : `, I* = ${done.summary.miBest.toFixed(3)} (smallest positive)`}, ‖x − AE(x′)‖² = ${done.summary.reconAdv?.toFixed(3) ?? '–'} ≤ ‖x − AE(x)‖² = ${done.summary.reconClean?.toFixed(3) ?? '–'}`
                ) : (
                  ` — first success at ${firstAt}, I* = ${done.summary.miBest?.toFixed(3) ?? '–'}, predicted ${done.summary.predictedClean} → ${done.summary.predictedAdv}`
                )
              ) : (
                <>
                  {' — '}
                  <span data-testid="failure-reason">{done.summary.failureReason}</span>; the returned x′ is
                  the iterate of smallest f
                </>
              )}
              {!unsupervised &&
              done.summary.predictedClean !== useRunStore.getState().runImage?.label &&
              done.summary.success
                ? ' (the clean image was already misclassified)'
                : ''}
            </span>
          </>
        )}
      </p>
      {present ? <PresenterButtons /> : null}
      {status === 'error' && error !== null ? <p className="inline-alert">{error}</p> : null}
    </section>
  );
}

/** One of the bar's buttons, its keyboard shortcut announced (the keys Shortcuts.tsx listens for). */
function RunBarButton(props: {
  testId: string;
  keys: string;
  disabled: boolean;
  onClick: () => void;
  title?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={props.className}
      data-testid={props.testId}
      aria-keyshortcuts={props.keys}
      disabled={props.disabled}
      onClick={props.onClick}
      title={props.title}
    >
      {props.children}
    </button>
  );
}

/**
 * "iteration 18", or in a binary search (T = perStep iterations a step) "record 18 (search step 5,
 * iteration 2)": the summary counts over all steps, as the charts and timeline do.
 */
function successAt(total: number | null, perStep: number): string {
  if (total === null) return 'iteration ?';
  if (perStep <= 0) return `iteration ${total}`;
  const step = Math.floor((total - 1) / perStep);
  return `record ${total} (search step ${step + 1}, iteration ${total - step * perStep})`;
}
