/**
 * Presentation mode's own controls: the masthead's toggle (outside the mode, and in the views that
 * have no run bar), and in the run bar the presenter's "Settings" (the drawer with the engine and
 * attack settings) and "Leave presentation".
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useViewStore } from './store';

/** The id of presentation mode's settings drawer (App.tsx), for aria-controls. */
export const SETTINGS_DRAWER_ID = 'settings-drawer';

/**
 * Presentation mode on and off: larger type, images and charts on one screen, the rest one key away,
 * for a projector. A plain toggle button (aria-pressed), reachable by keyboard like any button.
 */
export function PresentToggle() {
  const present = useViewStore((s) => s.present);
  const setPresent = useViewStore((s) => s.setPresent);
  return (
    <button
      type="button"
      className="present-toggle"
      aria-pressed={present}
      data-testid="present-toggle"
      title="x, x′, δ and the MI chart on one screen, large, for a projector (present=1 in a link)"
      onClick={() => {
        setPresent(!present);
      }}
    >
      Presentation mode
    </button>
  );
}

/** The run bar's end in presentation mode: the settings drawer's button and the way out. */
export function PresenterButtons() {
  const open = useViewStore((s) => s.settingsOpen);
  const setOpen = useViewStore((s) => s.setSettingsOpen);
  const setPresent = useViewStore((s) => s.setPresent);
  return (
    <div className="presenter-buttons">
      <button
        type="button"
        data-testid="settings-toggle"
        aria-expanded={open}
        aria-controls={SETTINGS_DRAWER_ID}
        aria-keyshortcuts="s"
        title="The engine and attack settings, in a drawer (s)"
        onClick={() => {
          setOpen(!open);
        }}
      >
        Settings
      </button>
      <button
        type="button"
        data-testid="leave-presentation"
        aria-keyshortcuts="Escape"
        title="Back to the full page (Esc)"
        onClick={() => {
          setPresent(false);
        }}
      >
        Leave presentation
      </button>
    </div>
  );
}

/**
 * Presentation mode's settings drawer: the side panels over the page's left edge while open. Opening
 * moves the focus into it; closing (its button, s or Esc) hands the focus back to the Settings button
 * when the focus was inside.
 */
export function SettingsDrawer({ children }: { children: ReactNode }) {
  const open = useViewStore((s) => s.settingsOpen);
  const setOpen = useViewStore((s) => s.setSettingsOpen);
  const drawer = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    const el = drawer.current;
    if (el === null) return;
    if (open) el.focus();
    else if (wasOpen.current) {
      // A hidden drawer drops the focus to the body (or still holds it, for a moment): hand it back.
      const at = document.activeElement;
      if (at === null || at === document.body || el.contains(at))
        document.querySelector<HTMLElement>('[data-testid="settings-toggle"]')?.focus();
    }
    wasOpen.current = open;
  }, [open]);
  return (
    <div
      ref={drawer}
      id={SETTINGS_DRAWER_ID}
      className="side settings-drawer"
      role="region"
      aria-labelledby="settings-drawer-heading"
      tabIndex={-1}
      hidden={!open}
      data-testid="settings-drawer"
    >
      <div className="row drawer-head">
        <h2 id="settings-drawer-heading">Settings</h2>
        <button
          type="button"
          onClick={() => {
            setOpen(false);
          }}
        >
          Close (Esc)
        </button>
      </div>
      {children}
    </div>
  );
}
