/**
 * Entry of the shell's main process (bundled to dist/electron/main.cjs). It only composes: the
 * privileged app:// scheme, the hardened session, the guards on every webContents, the window, the
 * shell services and their IPC. Each decision lives in its own tested module beside this file.
 */
import { app, BrowserWindow, ipcMain, Menu, net, protocol, session } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createShell, type ShellServices } from '../shell.ts';
import { APP_HOME_URL, APP_SCHEME } from './app-origin.ts';
import { resolveShellConfig } from './config.ts';
import { afterRendererGone } from './crash.ts';
import { contentSecurityPolicy } from './csp.ts';
import { guardWebContents, hardenSession } from './harden.ts';
import { forwardShellEvents, registerBridgeIpc } from './ipc.ts';
import { DEFAULT_NAVIGATION_ALLOW_LIST } from './navigation.ts';
import { appLocations } from './paths.ts';
import { canAutoUpdate } from './updates.ts';
import { shellWindowOptions } from './window-options.ts';

const log = (message: string, error?: unknown): void => {
  if (error === undefined) console.error(`[passerelle] ${message}`);
  else console.error(`[passerelle] ${message}`, error);
};

// Before 'ready': app:// must be a standard, secure scheme so the page gets a real origin ('self'
// in the CSP, storage, fetch) and media can stream from it. corsEnabled lets Vite's
// `<script type="module" crossorigin>` load from it; other origins still cannot read app:// files
// because the handler never sends Access-Control-Allow-Origin.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } },
]);
app.enableSandbox();
// `npm start` runs an unpackaged shell on the repository's data folder, already enrolled there.
if (!app.isPackaged && process.env.PASSERELLE_SHELL_DATA) app.setPath('userData', path.resolve(process.env.PASSERELLE_SHELL_DATA));
// No menu: its accelerators (reload, DevTools, quit) would be shortcuts out of the shell.
Menu.setApplicationMenu(null);

function readTextIfExists(file: string): string | null {
  try {
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  } catch (error) {
    log(`could not read ${file}`, error);
    return null;
  }
}

function start(): void {
  let window: BrowserWindow | null = null;
  let services: ShellServices | null = null;
  let recentCrashes: number[] = [];
  let closing = false;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, { allowList: DEFAULT_NAVIGATION_ALLOW_LIST, log }));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (closing || !services) return;
    event.preventDefault();
    closing = true;
    services
      .close()
      .catch((error: unknown) => log('closing the shell services failed', error))
      .finally(() => app.quit());
  });

  const createWindow = (preloadPath: string, kiosk: boolean): BrowserWindow => {
    const win = new BrowserWindow(shellWindowOptions({ preloadPath, isPackaged: app.isPackaged, kiosk }));
    win.once('ready-to-show', () => win.show());
    win.webContents.on('render-process-gone', (_event, details) => {
      const next = afterRendererGone(details.reason, Date.now(), recentCrashes);
      recentCrashes = next.recentCrashes;
      log(`renderer gone (${details.reason}): ${next.action}`);
      if (next.action === 'reload-home') void win.loadURL(APP_HOME_URL);
      else if (next.action === 'restart-app') app.exit(1); // the session's loop starts us again
    });
    void win.loadURL(APP_HOME_URL);
    return win;
  };

  app
    .whenReady()
    .then(async () => {
      const userData = app.getPath('userData');
      const config = resolveShellConfig({ env: process.env, configFileText: readTextIfExists(path.join(userData, 'config.json')), isPackaged: app.isPackaged });
      for (const warning of config.warnings) log(warning);
      // The bundle is dist/electron/main.cjs, in the repository or in app.asar alike.
      const locations = appLocations({ isPackaged: app.isPackaged, bundleDir: __dirname, resourcesPath: process.resourcesPath });

      hardenSession(session.defaultSession, {
        rendererDir: locations.rendererDir,
        lessonsDir: locations.lessonsDir,
        csp: contentSecurityPolicy(config.hubUrl),
        fetchFile: (file) => net.fetch(pathToFileURL(file).href),
        log,
      });

      services = await createShell({ dataDir: userData, hubUrl: config.hubUrl, lessonsDir: locations.lessonsDir, appVersion: app.getVersion() });
      registerBridgeIpc({ ipcMain, handlers: services.handlers, isExpectedSender: (sender) => window !== null && sender === window.webContents, log });
      forwardShellEvents(services, () => window?.webContents ?? null);

      window = createWindow(locations.preloadPath, config.kiosk);
      window.on('closed', () => {
        window = null;
      });

      const updates = canAutoUpdate({
        isPackaged: app.isPackaged,
        platform: process.platform,
        appImagePath: process.env.APPIMAGE,
        // electron-builder writes the package format into resources/package-type.
        isDeb: readTextIfExists(path.join(process.resourcesPath, 'package-type'))?.trim() === 'deb',
      });
      log(`updates: ${updates.mode} (${updates.reason})`);
    })
    .catch((error: unknown) => {
      log('the shell could not start', error);
      app.exit(1);
    });
}

if (app.requestSingleInstanceLock()) start();
else app.quit();
