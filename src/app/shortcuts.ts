/**
 * The Run view's keyboard shortcuts, decided without the DOM: which buttons are live (shared with
 * RunBar, so a key never does what its button would refuse) and what a key press does.
 */
import type { RunStatus } from './run-store';

/** What RunBar's buttons allow now; the shortcuts allow exactly the same. */
export interface RunButtons {
  readonly run: boolean;
  readonly pauseResume: boolean;
  readonly step: boolean;
  /** Step attacker / Step critic: two-player methods only (METHOD_TRAITS.twoPlayers). */
  readonly stepPlayer: boolean;
  readonly cancel: boolean;
}

export interface RunButtonInputs {
  readonly engineReady: boolean;
  readonly hasImage: boolean;
  readonly experimentBusy: boolean;
  readonly status: RunStatus;
  readonly twoPlayers: boolean;
}

export function runButtons(i: RunButtonInputs): RunButtons {
  const active = i.status === 'running' || i.status === 'paused';
  const canStart = i.engineReady && i.hasImage && !i.experimentBusy;
  const canStep = canStart && i.status !== 'running';
  return {
    run: canStart,
    pauseResume: active,
    step: canStep,
    stepPlayer: canStep && i.twoPlayers,
    cancel: active,
  };
}

export type ShortcutAction =
  | 'start'
  | 'pause'
  | 'resume'
  | 'step'
  | 'step-attacker'
  | 'step-critic'
  | 'cancel'
  | 'leave-presentation'
  | 'settings'
  | 'close-settings'
  | 'help';

/** The shortcuts as the help overlay lists them, in this order. */
export const SHORTCUT_LIST: readonly { readonly keys: string; readonly does: string }[] = [
  { keys: 'Space', does: 'Run; pause a running run; resume a paused one' },
  { keys: '→', does: 'Step: one whole iteration (starts a paused run when none is under way)' },
  { keys: 'a', does: 'Step attacker: move δ and c once, the critic frozen (MinMax, MINE-UAE)' },
  { keys: 'c', does: 'Step critic: train the MINE critic once, δ frozen (MinMax, MINE-UAE)' },
  { keys: 's', does: 'Presentation mode: open or close the settings drawer (engine and attack settings)' },
  {
    keys: 'Esc',
    does: 'Close the settings drawer; else leave presentation mode; outside it, cancel the run under way',
  },
  { keys: '?', does: 'Show this list' },
];

/** The part of a key event the decision reads (a KeyboardEvent has all of it). */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly defaultPrevented: boolean;
}

/** The part of the focused element the decision reads. */
export interface KeyTarget {
  readonly tagName: string;
  readonly isContentEditable: boolean;
  /** The element's role attribute, or null. */
  readonly role: string | null;
}

export interface ShortcutState {
  readonly page: string;
  readonly present: boolean;
  /** Presentation mode's settings drawer is open (absent: closed). */
  readonly settingsOpen?: boolean;
  readonly status: RunStatus;
  readonly buttons: RunButtons;
}

const FIELDS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Elements that Space presses (a button, a disclosure): their own key, not the page's. */
const PRESSABLE_TAGS = new Set(['BUTTON', 'A', 'SUMMARY']);
const PRESSABLE_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'switch',
  'radio',
  'tab',
  'menuitem',
  'option',
]);
/** Widgets whose arrow keys move within them. */
const ARROW_ROLES = new Set([
  'tab',
  'tablist',
  'slider',
  'radio',
  'radiogroup',
  'listbox',
  'option',
  'menu',
  'grid',
]);

/** Typing in a field (any input, a text area, a select, editable text): no shortcut fires there. */
export function isTyping(t: KeyTarget | null): boolean {
  return t !== null && (FIELDS.has(t.tagName.toUpperCase()) || t.isContentEditable);
}

/**
 * What a key press does, or null to leave it to the browser. Never with Ctrl, Alt or Meta, never
 * while typing in a field, never a key the focused widget handles itself (Space on a button, arrows
 * in the view tabs). Esc leaves presentation mode before it cancels: leaving is undone by one key,
 * a cancelled run is not.
 */
export function shortcutFor(e: KeyPress, target: KeyTarget | null, s: ShortcutState): ShortcutAction | null {
  if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || isTyping(target)) return null;
  const tag = target?.tagName.toUpperCase() ?? '';
  const role = target?.role ?? '';
  if (e.key === 'Escape' && !e.shiftKey) {
    if (s.present) return s.settingsOpen === true ? 'close-settings' : 'leave-presentation';
    return s.page === 'run' && s.buttons.cancel ? 'cancel' : null;
  }
  if (s.page !== 'run') return null;
  switch (e.key) {
    case ' ':
      if (e.shiftKey || PRESSABLE_TAGS.has(tag) || PRESSABLE_ROLES.has(role)) return null;
      if (s.status === 'running') return s.buttons.pauseResume ? 'pause' : null;
      if (s.status === 'paused') return s.buttons.pauseResume ? 'resume' : null;
      return s.buttons.run ? 'start' : null;
    case 'ArrowRight':
      if (e.shiftKey || ARROW_ROLES.has(role)) return null;
      return s.buttons.step ? 'step' : null;
    case 'a':
      return s.buttons.stepPlayer ? 'step-attacker' : null;
    case 'c':
      return s.buttons.stepPlayer ? 'step-critic' : null;
    case 's':
      return s.present ? (s.settingsOpen === true ? 'close-settings' : 'settings') : null;
    case '?':
      return 'help';
    default:
      return null;
  }
}
