/**
 * The shell window's options. Every renderer safety switch is set explicitly, even where it is
 * Electron's default, so that a reader (and a test) sees the whole policy in one place.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export type ShellWindowFlags = {
  preloadPath: string;
  isPackaged: boolean;
  kiosk: boolean;
  /** The screen's bounds: a kiosk session has no window manager to honour "full screen", so the
   *  window is given the screen's size itself. */
  screenBounds?: { x: number; y: number; width: number; height: number };
  /** The session partition (a kiosk visit's in-memory one); the default session when absent. */
  partition?: string;
};

/** The renderer's page background, shown before the first paint instead of a white flash. */
export const SHELL_BACKGROUND = '#FFFFFF';

export function shellWindowOptions({ preloadPath, isPackaged, kiosk, screenBounds, partition }: ShellWindowFlags): BrowserWindowConstructorOptions {
  return {
    title: 'Passerelle',
    show: false, // shown on 'ready-to-show', so no one sees an empty frame
    backgroundColor: SHELL_BACKGROUND,
    autoHideMenuBar: true,
    kiosk,
    fullscreen: kiosk,
    fullscreenable: kiosk,
    minimizable: !kiosk,
    ...(kiosk ? { frame: false, ...(screenBounds ?? {}) } : { width: 1280, height: 800 }),
    webPreferences: {
      ...(partition ? { partition } : {}),
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      devTools: !isPackaged,
      spellcheck: false,
      navigateOnDragDrop: false,
      // A page looping on alert() would lock the screen: after the first dialog Chromium offers to
      // silence the others.
      safeDialogs: true,
      // Instructions are spoken as soon as a screen opens, before anyone has clicked anything.
      autoplayPolicy: 'no-user-gesture-required',
    },
  };
}
