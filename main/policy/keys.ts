/**
 * Keyboard shortcuts the shell swallows in `before-input-event`, so that a stray key press cannot
 * reload the page, open DevTools, print, open a file chooser, close or leave the full-screen window,
 * or walk the page history. The application menu is removed too; this is the second fence.
 *
 * Zoom (Ctrl + plus / minus / 0) stays allowed on purpose: many beneficiaries see poorly and the
 * association teaches page zoom; zooming changes only the page's scale, it cannot leave the shell.
 * Editing keys (Ctrl + A/C/V/X/Z) stay allowed: the lessons teach them.
 */

/** The subset of Electron's `Input` this decision reads. */
export type KeyInput = {
  type?: string;
  key?: string;
  control?: boolean;
  shift?: boolean;
  alt?: boolean;
  meta?: boolean;
};

/** Ctrl (or Super) + letter: R reload, W/Q close or quit, N/T new window or tab, P print,
 *  O open a file (the GTK chooser cannot be intercepted), S save, U view source, H history,
 *  J downloads. */
const CTRL_LETTERS = new Set(['r', 'w', 'q', 'n', 't', 'p', 'o', 's', 'u', 'h', 'j']);
/** Ctrl + Shift + key: I/J/C open DevTools or the inspector, Delete clears browsing data,
 *  B and O show bookmarks. */
const CTRL_SHIFT_KEYS = new Set(['i', 'j', 'c', 'delete', 'b', 'o']);
/** Keys blocked whatever the modifiers: reload, full screen, DevTools, caret browsing, and the
 *  "browser" keys some keyboards have. */
const ALWAYS_BLOCKED = new Set([
  'f5',
  'f6', // focus the address bar (a browser's; none here, but nothing to gain)
  'f7',
  'f10', // the menu bar
  'contextmenu', // the keyboard's menu key opens a context menu
  'f11',
  'f12',
  'browserback',
  'browserforward',
  'browserrefresh',
  'browserhome',
  'browsersearch',
  'browserstop',
  'browserfavorites',
]);
/** Alt + these walk the history or go home. */
const ALT_KEYS = new Set(['arrowleft', 'arrowright', 'home', 'f4']);
/** Shift + these: Shift+F10 opens the context menu. */
const SHIFT_KEYS = new Set(['f10']);

export function isBlockedShortcut(input: KeyInput | null | undefined): boolean {
  if (!input || typeof input.key !== 'string') return false;
  const key = input.key.toLowerCase();
  const ctrl = input.control === true || input.meta === true;
  if (ALWAYS_BLOCKED.has(key)) return true;
  if (input.alt === true && ALT_KEYS.has(key)) return true;
  if (ctrl && key === 'f4') return true; // close the window
  if (ctrl && CTRL_LETTERS.has(key)) return true;
  if (ctrl && input.shift === true && CTRL_SHIFT_KEYS.has(key)) return true;
  if (input.shift === true && SHIFT_KEYS.has(key)) return true;
  return false;
}
