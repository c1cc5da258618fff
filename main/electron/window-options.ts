/**
 * The shell window's options. Every renderer safety switch is set explicitly, even where it is
 * Electron's default, so that a reader (and a test) sees the whole policy in one place.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export type ShellWindowFlags = { preloadPath: string; isPackaged: boolean; kiosk: boolean };

/** The renderer's page background, shown before the first paint instead of a white flash. */
export const SHELL_BACKGROUND = '#FFFFFF';

export function shellWindowOptions({ preloadPath, isPackaged, kiosk }: ShellWindowFlags): BrowserWindowConstructorOptions {
  return {
    title: 'Passerelle',
    show: false, // shown on 'ready-to-show', so no one sees an empty frame
    backgroundColor: SHELL_BACKGROUND,
    autoHideMenuBar: true,
    kiosk,
    fullscreen: kiosk,
    fullscreenable: kiosk,
    minimizable: !kiosk,
    ...(kiosk ? {} : { width: 1280, height: 800 }),
    webPreferences: {
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
