/**
 * UI state for the shell. Worker messages go through applyWorkerMessage, so the store, not the
 * components, decides what each message means (and it can be tested without a browser).
 */
import { create } from 'zustand';
import type { BackendName, BackendTimings, ErrorCode, TriedBackend, WorkerToUi } from '../worker/protocol';
import { assertNever, isFatalError } from '../worker/protocol';
import { isRunTraffic } from './run-traffic';
import type { PanelName } from './url-state';
import type { ViewSettings } from './url-settings';
import type { ViewName } from './views';

/** 'starting' until the worker is ready; 'error' once it cannot do any work. */
export type EngineStatus = 'starting' | 'idle' | 'error';

export interface Alert {
  readonly id: number;
  readonly code: ErrorCode | 'invalid-url' | 'worker-crashed';
  readonly message: string;
  /** A list under the message (e.g. each value a link had corrected), shown as one alert. */
  readonly items?: readonly string[];
  readonly detail?: string;
}

export interface EngineState {
  readonly status: EngineStatus;
  readonly progress: string;
  readonly backend: BackendName | null;
  readonly reason: string;
  readonly tried: readonly TriedBackend[];
  readonly timings: BackendTimings | null;
  readonly versions: Readonly<Record<string, string>>;
  readonly alerts: readonly Alert[];
}

export interface EngineActions {
  readonly applyWorkerMessage: (message: WorkerToUi) => void;
  /** A problem found on this side (bad URL, worker script failed to load). */
  readonly addAlert: (alert: Omit<Alert, 'id'>, fatal: boolean) => void;
  readonly dismissAlert: (id: number) => void;
  /** Back to the initial state, for a fresh worker. */
  readonly reset: () => void;
}

export const initialEngineState: EngineState = {
  status: 'starting',
  progress: 'starting the engine',
  backend: null,
  reason: '',
  tried: [],
  timings: null,
  versions: {},
  alerts: [],
};

/** Keeps a runaway error loop from growing the page without bound. */
const MAX_ALERTS = 20;

let nextAlertId = 1;

function withAlert(alerts: readonly Alert[], alert: Omit<Alert, 'id'>): readonly Alert[] {
  return [...alerts, { ...alert, id: nextAlertId++ }].slice(-MAX_ALERTS);
}

export const useEngineStore = create<EngineState & EngineActions>()((set) => ({
  ...initialEngineState,
  applyWorkerMessage: (message) => {
    // Run traffic belongs to the run store.
    if (isRunTraffic(message)) return;
    switch (message.type) {
      case 'ready':
        set((s) => ({
          // A fatal error reported earlier stands even if a late ready arrives.
          status: s.status === 'error' ? 'error' : 'idle',
          progress: '',
          backend: message.backend,
          reason: message.reason,
          tried: message.tried,
          timings: message.timings,
          versions: message.versions,
        }));
        return;
      case 'error': {
        const { code, message: text, detail } = message;
        set((s) => ({
          status: isFatalError(code) ? 'error' : s.status,
          progress: isFatalError(code) ? '' : s.progress,
          alerts: withAlert(
            s.alerts,
            detail === undefined ? { code, message: text } : { code, message: text, detail },
          ),
        }));
        return;
      }
      case 'experiment-progress':
      case 'experiment-done':
        // Experiment traffic belongs to its own store.
        return;
      case 'log':
        // Progress lines only matter while starting; afterwards they would flicker past unread.
        set((s) =>
          s.status === 'starting' && message.level !== 'debug' ? { progress: message.message } : {},
        );
        return;
      default:
        assertNever(message);
    }
  },
  addAlert: (alert, fatal) => {
    set((s) => ({
      status: fatal ? 'error' : s.status,
      progress: fatal ? '' : s.progress,
      alerts: withAlert(s.alerts, alert),
    }));
  },
  dismissAlert: (id) => {
    set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) }));
  },
  reset: () => {
    set(initialEngineState);
  },
}));

/**
 * How the page is laid out: presentation mode (for a projector) and the panels a link hides. Set
 * from the link once; the presentation toggle changes it, and the share link carries it.
 */
export interface ViewState extends ViewSettings {
  /** The view shown (?view=): the single run, Compare, or Batch evaluation. */
  readonly page: ViewName;
  readonly setView: (view: ViewSettings) => void;
  readonly setPresent: (present: boolean) => void;
  readonly setPage: (page: ViewName) => void;
  /**
   * Presentation mode keeps the engine and settings panels in a drawer, closed unless asked for
   * (the presenter's Settings button or the s key); leaving the mode closes it.
   */
  readonly settingsOpen: boolean;
  readonly setSettingsOpen: (open: boolean) => void;
}

/**
 * What presentation mode hides: the panels a lecturer does not show an audience (the engine panel
 * stays for its status; its and the settings' advanced parts hide themselves).
 */
export const PRESENTATION_HIDES: readonly PanelName[] = ['share', 'picker', 'export', 'experiment'];

export const useViewStore = create<ViewState>()((set) => ({
  present: false,
  hide: [],
  setView: ({ present, hide }) => {
    set({ present, hide });
  },
  setPresent: (present) => {
    set({ present, settingsOpen: false });
  },
  settingsOpen: false,
  setSettingsOpen: (settingsOpen) => {
    set({ settingsOpen });
  },
  page: 'run',
  setPage: (page) => {
    set({ page });
  },
}));

/** Whether a panel shows, given the mode and the link's list. */
export function panelShown(view: ViewSettings, panel: PanelName): boolean {
  return !view.hide.includes(panel) && !(view.present && PRESENTATION_HIDES.includes(panel));
}
