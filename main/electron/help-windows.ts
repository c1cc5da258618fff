/**
 * The two small windows of live help on a home loan (issue 11), as options: the always-on-top Help
 * button that stays reachable from any program of the desktop, and the transparent, click-through
 * overlay that draws the helper's pointer over the whole screen while it is shown. Their pages get
 * the very same renderer safety switches as the shell window (taken from shellWindowOptions).
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { shellWindowOptions } from './window-options.ts';

/** The Help button's window: a 120 px button (the shell's Help is 96 px at least) and its shadow. */
export const HELP_BUTTON_SIZE = 136;
/** Away from the screen's edge, where a person aims badly and panels sit. */
export const HELP_BUTTON_MARGIN = 24;

/**
 * Both windows: frameless and transparent, above every window, never focused (the person stays in
 * their program), not in the task bar, and never moved, resized, minimised or closed by the person.
 */
const floating = {
  frame: false,
  transparent: true,
  backgroundColor: '#00000000',
  hasShadow: false,
  resizable: false,
  movable: false,
  minimizable: false,
  maximizable: false,
  fullscreenable: false,
  closable: false,
  alwaysOnTop: true,
  skipTaskbar: true,
  focusable: false,
} as const satisfies BrowserWindowConstructorOptions;

const pagePreferences = (preloadPath: string, isPackaged: boolean) => shellWindowOptions({ preloadPath, isPackaged, kiosk: false }).webPreferences;

/**
 * In the bottom corner at the end of the reading direction (right in French, left in Arabic), inside
 * the work area (clear of the XFCE panel). Frameless, never takes the focus from the program the
 * person is in (on Linux a non-focusable window also stays above every window on every workspace),
 * not in the task bar, not movable or resizable: it is always in the same place.
 */
export function helpButtonWindowOptions(flags: { preloadPath: string; isPackaged: boolean; workArea: Rectangle; rtl: boolean }): BrowserWindowConstructorOptions {
  const { workArea } = flags;
  return {
    title: 'Passerelle — Aide',
    show: false,
    width: HELP_BUTTON_SIZE,
    height: HELP_BUTTON_SIZE,
    x: flags.rtl ? workArea.x + HELP_BUTTON_MARGIN : workArea.x + workArea.width - HELP_BUTTON_SIZE - HELP_BUTTON_MARGIN,
    y: workArea.y + workArea.height - HELP_BUTTON_SIZE - HELP_BUTTON_MARGIN,
    ...floating,
    webPreferences: pagePreferences(flags.preloadPath, flags.isPackaged),
  };
}

/**
 * Exactly over the display that is shared, transparent and click-through (the glue calls
 * setIgnoreMouseEvents(true): the person's mouse goes to the programs below), above everything,
 * never focused, not in the task bar.
 */
export function pointerOverlayWindowOptions(flags: { preloadPath: string; isPackaged: boolean; displayBounds: Rectangle }): BrowserWindowConstructorOptions {
  const { displayBounds } = flags;
  return {
    title: 'Passerelle — pointeur',
    show: false,
    x: displayBounds.x,
    y: displayBounds.y,
    width: displayBounds.width,
    height: displayBounds.height,
    ...floating,
    enableLargerThanScreen: true,
    webPreferences: pagePreferences(flags.preloadPath, flags.isPackaged),
  };
}
