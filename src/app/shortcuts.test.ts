import { describe, expect, it } from 'vitest';
import type { RunStatus } from './run-store';
import { runButtons, shortcutFor, type KeyPress, type KeyTarget, type ShortcutState } from './shortcuts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  shiftKey: false,
  defaultPrevented: false,
  ...mods,
});
const el = (tagName: string, role: string | null = null, isContentEditable = false): KeyTarget => ({
  tagName,
  role,
  isContentEditable,
});
const body = el('BODY');

function state(status: RunStatus, over: Partial<ShortcutState> = {}, twoPlayers = true): ShortcutState {
  const buttons = runButtons({
    engineReady: true,
    hasImage: true,
    experimentBusy: false,
    status,
    twoPlayers,
  });
  return { page: 'run', present: false, status, buttons, ...over };
}

describe('the Run view shortcuts', () => {
  it('Space runs, pauses a running run and resumes a paused one', () => {
    expect(shortcutFor(press(' '), body, state('idle'))).toBe('start');
    expect(shortcutFor(press(' '), body, state('done'))).toBe('start');
    expect(shortcutFor(press(' '), body, state('running'))).toBe('pause');
    expect(shortcutFor(press(' '), body, state('paused'))).toBe('resume');
  });

  it('→ steps, a and c step one player, only for two-player methods and never while running', () => {
    expect(shortcutFor(press('ArrowRight'), body, state('paused'))).toBe('step');
    expect(shortcutFor(press('a'), body, state('paused'))).toBe('step-attacker');
    expect(shortcutFor(press('c'), body, state('idle'))).toBe('step-critic');
    expect(shortcutFor(press('a'), body, state('paused', {}, false))).toBeNull();
    expect(shortcutFor(press('c'), body, state('paused', {}, false))).toBeNull();
    expect(shortcutFor(press('ArrowRight'), body, state('paused', {}, false))).toBe('step');
    for (const k of ['ArrowRight', 'a', 'c'])
      expect(shortcutFor(press(k), body, state('running'))).toBeNull();
  });

  it('Esc leaves presentation first, else cancels a run under way', () => {
    expect(shortcutFor(press('Escape'), body, state('running', { present: true }))).toBe(
      'leave-presentation',
    );
    expect(shortcutFor(press('Escape'), body, state('running'))).toBe('cancel');
    expect(shortcutFor(press('Escape'), body, state('paused'))).toBe('cancel');
    expect(shortcutFor(press('Escape'), body, state('done'))).toBeNull();
    // Leaving presentation works in every view; the run keys only in the Run view.
    expect(shortcutFor(press('Escape'), body, state('idle', { page: 'compare', present: true }))).toBe(
      'leave-presentation',
    );
    expect(shortcutFor(press(' '), body, state('idle', { page: 'compare' }))).toBeNull();
  });

  it('s opens and closes the settings drawer in presentation mode; Esc closes it before leaving', () => {
    expect(shortcutFor(press('s'), body, state('running', { present: true }))).toBe('settings');
    expect(shortcutFor(press('s'), body, state('idle', { present: true, settingsOpen: true }))).toBe(
      'close-settings',
    );
    expect(shortcutFor(press('Escape'), body, state('running', { present: true, settingsOpen: true }))).toBe(
      'close-settings',
    );
    // Outside presentation mode the settings are on the page: s is no shortcut.
    expect(shortcutFor(press('s'), body, state('idle'))).toBeNull();
    expect(shortcutFor(press('s'), body, state('idle', { page: 'compare', present: true }))).toBeNull();
  });

  it('? opens the help', () => {
    expect(shortcutFor(press('?', { shiftKey: true }), body, state('idle'))).toBe('help');
  });

  it('never fires while typing in a field, with Ctrl/Alt/Meta, or on a key the widget takes', () => {
    for (const t of [el('INPUT'), el('TEXTAREA'), el('SELECT'), el('DIV', null, true)])
      for (const k of [' ', 'ArrowRight', 'a', 'c', 's', '?', 'Escape'])
        expect(shortcutFor(press(k), t, state('paused', { present: true }))).toBeNull();
    for (const m of ['ctrlKey', 'altKey', 'metaKey'] as const)
      expect(shortcutFor(press('a', { [m]: true }), body, state('paused'))).toBeNull();
    expect(shortcutFor(press(' '), el('BUTTON'), state('idle'))).toBeNull();
    expect(shortcutFor(press(' '), el('SUMMARY'), state('idle'))).toBeNull();
    expect(shortcutFor(press('ArrowRight'), el('BUTTON', 'tab'), state('paused'))).toBeNull();
    expect(shortcutFor(press('ArrowRight'), el('BUTTON'), state('paused'))).toBe('step');
    expect(shortcutFor(press('a'), body, state('paused'))).toBe('step-attacker');
    expect(shortcutFor(press('A', { shiftKey: true }), body, state('paused'))).toBeNull();
    expect(shortcutFor(press('ArrowRight', { defaultPrevented: true }), body, state('paused'))).toBeNull();
  });

  it('does nothing its button would refuse', () => {
    const busy = runButtons({
      engineReady: true,
      hasImage: true,
      experimentBusy: true,
      status: 'idle',
      twoPlayers: true,
    });
    const s = { page: 'run', present: false, status: 'idle' as const, buttons: busy };
    for (const k of [' ', 'ArrowRight', 'a', 'c']) expect(shortcutFor(press(k), body, s)).toBeNull();
    const noEngine = runButtons({
      engineReady: false,
      hasImage: true,
      experimentBusy: false,
      status: 'idle',
      twoPlayers: true,
    });
    expect(shortcutFor(press(' '), body, { ...s, buttons: noEngine })).toBeNull();
  });
});
