/**
 * The keyboard shortcuts (shortcuts.ts decides, this applies) and the help overlay that lists them:
 * a modal <dialog>, so the browser keeps focus inside it, closes it on Esc and hands focus back.
 */
import { useEffect, useRef, useState } from 'react';
import './shortcuts.css';
import { METHOD_TRAITS } from '../core/vocabulary';
import { useExperimentStore } from './experiment-store';
import { useRunStore } from './run-store';
import { runButtons, SHORTCUT_LIST, shortcutFor, type KeyTarget, type ShortcutAction } from './shortcuts';
import { useEngineStore, useViewStore } from './store';

function targetOf(e: KeyboardEvent): KeyTarget | null {
  const el = e.target;
  if (!(el instanceof HTMLElement)) return null;
  return { tagName: el.tagName, isContentEditable: el.isContentEditable, role: el.getAttribute('role') };
}

/** The stores' state as the decision reads it, taken at the key press (no re-render per run frame). */
function currentState() {
  const runs = useRunStore.getState();
  const view = useViewStore.getState();
  const buttons = runButtons({
    engineReady: useEngineStore.getState().status === 'idle',
    hasImage: runs.image !== null,
    experimentBusy: useExperimentStore.getState().status === 'running',
    status: runs.status,
    twoPlayers: METHOD_TRAITS[runs.settings.method].twoPlayers,
  });
  return {
    page: view.page,
    present: view.present,
    settingsOpen: view.settingsOpen,
    status: runs.status,
    buttons,
  };
}

function apply(action: Exclude<ShortcutAction, 'help'>): void {
  const runs = useRunStore.getState();
  if (action === 'start') runs.start(false);
  else if (action === 'pause') runs.pause();
  else if (action === 'resume') runs.resume();
  else if (action === 'step') runs.step('both');
  else if (action === 'step-attacker') runs.step('attacker');
  else if (action === 'step-critic') runs.step('critic');
  else if (action === 'cancel') runs.cancel();
  else if (action === 'settings') useViewStore.getState().setSettingsOpen(true);
  else if (action === 'close-settings') useViewStore.getState().setSettingsOpen(false);
  else useViewStore.getState().setPresent(false);
}

/** Mounted once, in App: listens on the document and renders the help overlay. */
export function Shortcuts() {
  const [helpOpen, setHelpOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // While the overlay is open its own keys apply (Esc closes it); nothing reaches the page.
      if (dialog.current?.open === true) return;
      const action = shortcutFor(e, targetOf(e), currentState());
      if (action === null) return;
      e.preventDefault();
      if (action === 'help') setHelpOpen(true);
      else apply(action);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  useEffect(() => {
    const d = dialog.current;
    if (d === null) return;
    if (helpOpen && !d.open) d.showModal();
    else if (!helpOpen && d.open) d.close();
  }, [helpOpen]);

  return (
    <dialog
      ref={dialog}
      className="shortcut-help"
      aria-labelledby="shortcut-help-heading"
      data-testid="shortcut-help"
      onClose={() => {
        setHelpOpen(false);
      }}
      onKeyDown={(e) => {
        // A modal dialog still lets Tab leave for the browser's own controls; keep it inside.
        if (e.key !== 'Tab' || dialog.current === null) return;
        const inside = [...dialog.current.querySelectorAll<HTMLElement>('button, [href], [tabindex="0"]')];
        const i = inside.indexOf(document.activeElement as HTMLElement);
        const next = i < 0 ? inside[0] : inside[(i + (e.shiftKey ? inside.length - 1 : 1)) % inside.length];
        e.preventDefault();
        next?.focus();
      }}
    >
      <h2 id="shortcut-help-heading">Keyboard shortcuts</h2>
      <p className="hint">
        In the Run view, whenever the focus is not in a field (Esc also works in the other views). The keys do
        what the buttons of the same name do, and nothing when that button is disabled.
      </p>
      <dl className="shortcut-list">
        {SHORTCUT_LIST.map((s) => (
          <div key={s.keys} className="shortcut-row">
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
      <button
        type="button"
        // The dialog's first focus: the one control, so Enter, Space or Esc all close it.
        autoFocus
        onClick={() => {
          setHelpOpen(false);
        }}
      >
        Close
      </button>
    </dialog>
  );
}
