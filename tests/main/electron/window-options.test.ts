import { describe, expect, it } from 'vitest';
import { shellWindowOptions } from '../../../main/electron/window-options.ts';

describe('shellWindowOptions', () => {
  const packaged = shellWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', isPackaged: true, kiosk: true });

  it('isolates and sandboxes the page, without Node anywhere', () => {
    expect(packaged.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    });
  });

  it('has no DevTools when packaged, and has them in development', () => {
    expect(packaged.webPreferences?.devTools).toBe(false);
    expect(shellWindowOptions({ preloadPath: 'p', isPackaged: false, kiosk: false }).webPreferences?.devTools).toBe(true);
  });

  it('fills the screen as a kiosk', () => {
    expect(packaged).toMatchObject({ kiosk: true, fullscreen: true, minimizable: false, autoHideMenuBar: true, show: false });
    expect(packaged.backgroundColor).toMatch(/^#[0-9A-F]{6}$/i);
  });

  it("takes the screen's bounds itself (no window manager in the kiosk session) and has no frame", () => {
    const options = shellWindowOptions({ preloadPath: 'p', isPackaged: true, kiosk: true, screenBounds: { x: 0, y: 0, width: 1024, height: 768 } });
    expect(options).toMatchObject({ frame: false, x: 0, y: 0, width: 1024, height: 768 });
  });

  it("runs a visit's window on the partition it is given, the default session otherwise", () => {
    expect(shellWindowOptions({ preloadPath: 'p', isPackaged: true, kiosk: true, partition: 'visitor-3' }).webPreferences?.partition).toBe('visitor-3');
    expect(packaged.webPreferences).not.toHaveProperty('partition');
  });

  it('is an ordinary window when not a kiosk', () => {
    expect(shellWindowOptions({ preloadPath: 'p', isPackaged: false, kiosk: false })).toMatchObject({ kiosk: false, fullscreen: false, width: 1280, height: 800 });
  });

  it('lets spoken instructions play before the first click', () => {
    expect(packaged.webPreferences?.autoplayPolicy).toBe('no-user-gesture-required');
  });
});
