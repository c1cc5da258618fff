import { describe, expect, it } from 'vitest';
import { HELP_BUTTON_MARGIN, HELP_BUTTON_SIZE, helpButtonWindowOptions, pointerOverlayWindowOptions } from '../../../main/electron/help-windows.ts';
import { shellWindowOptions } from '../../../main/electron/window-options.ts';

const workArea = { x: 0, y: 32, width: 1366, height: 736 }; // Xubuntu: the panel at the top
const flags = { preloadPath: '/app/dist/electron/preload.cjs', isPackaged: true };

describe('the Help button window of a home loan', () => {
  const ltr = helpButtonWindowOptions({ ...flags, workArea, rtl: false });

  it('sits in the bottom corner at the end of the reading direction, inside the work area', () => {
    expect(ltr).toMatchObject({ width: HELP_BUTTON_SIZE, height: HELP_BUTTON_SIZE, x: 1366 - HELP_BUTTON_SIZE - HELP_BUTTON_MARGIN, y: 32 + 736 - HELP_BUTTON_SIZE - HELP_BUTTON_MARGIN });
    expect(helpButtonWindowOptions({ ...flags, workArea, rtl: true })).toMatchObject({ x: HELP_BUTTON_MARGIN, y: ltr.y });
    // A panel on the left and at the bottom moves it in.
    expect(helpButtonWindowOptions({ ...flags, workArea: { x: 48, y: 0, width: 1318, height: 720 }, rtl: true })).toMatchObject({ x: 48 + HELP_BUTTON_MARGIN, y: 720 - HELP_BUTTON_SIZE - HELP_BUTTON_MARGIN });
  });

  it('is frameless, always on top, never takes the focus, never moves, resizes or closes, and is not in the task bar', () => {
    expect(ltr).toMatchObject({ frame: false, alwaysOnTop: true, focusable: false, skipTaskbar: true, movable: false, resizable: false, closable: false, minimizable: false, maximizable: false, fullscreenable: false, show: false });
  });

  it("has the shell window's renderer safety switches, all of them", () => {
    expect(ltr.webPreferences).toEqual(shellWindowOptions({ ...flags, kiosk: false }).webPreferences);
    expect(ltr.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
  });
});

describe('the pointer overlay window', () => {
  const display = { x: 1366, y: 0, width: 1920, height: 1080 }; // a second screen to the right
  const overlay = pointerOverlayWindowOptions({ ...flags, displayBounds: display });

  it('covers exactly the shared display', () => {
    expect(overlay).toMatchObject({ x: 1366, y: 0, width: 1920, height: 1080 });
  });

  it('is transparent, above everything, never focused, not in the task bar (click-through is set by the glue)', () => {
    expect(overlay).toMatchObject({ transparent: true, backgroundColor: '#00000000', frame: false, hasShadow: false, alwaysOnTop: true, focusable: false, skipTaskbar: true, movable: false, resizable: false, closable: false, show: false });
    expect(overlay.webPreferences).toEqual(shellWindowOptions({ ...flags, kiosk: false }).webPreferences);
  });
});
