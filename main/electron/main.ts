/**
 * Entry of the shell's main process (bundled to dist/electron/main.cjs). It only composes: the
 * privileged app:// scheme, the hardened session, the guards on every webContents, the window, the
 * shell services and their IPC. Each decision lives in its own tested module beside this file.
 */
import { app, BrowserWindow, clipboard, ipcMain, Menu, net, protocol, screen, session, WebContentsView, type Session } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lessonPacksDir } from '../lesson-feed/pack-store.ts';
import { createShell, type ShellServices } from '../shell.ts';
import { APP_HOME_URL, APP_SCHEME } from '../policy/app-origin.ts';
import { resolveShellConfig } from '../config.ts';
import { afterRendererGone } from '../policy/crash.ts';
import { contentSecurityPolicy } from '../policy/csp.ts';
import { guardWebContents, hardenSession } from './harden.ts';
import { RESTART_EXIT_CODE } from '../policy/kiosk-exit.ts';
import { mayCloseWindow, shouldReturnToFullScreen } from '../policy/lockdown.ts';
import { forwardShellEvents, registerBridgeIpc } from '../bridge/ipc.ts';
import { DEFAULT_NAVIGATION_ALLOW_LIST } from '../policy/navigation.ts';
import { appLocations } from '../policy/paths.ts';
import { canAutoUpdate } from './updates.ts';
import { afterVisitEnded, hostActionPlan, visitorPartition } from '../policy/visits.ts';
import { shellWindowOptions } from './window-options.ts';
import { startLiveHelp, type LiveHelp } from './live-help.ts';
import { shellLog } from '../log.ts';
import { isSiteSession, openSiteView, wipeSitePartitions } from './site-views.ts';
import { partitionsToWipe } from '../policy/site-views.ts';

const log = shellLog;

// Before 'ready': app:// must be a standard, secure scheme so the page gets a real origin ('self'
// in the CSP, storage, fetch) and media can stream from it. corsEnabled lets Vite's
// `<script type="module" crossorigin>` load from it; other origins still cannot read app:// files
// because the handler never sends Access-Control-Allow-Origin.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } },
]);
app.enableSandbox();
// `npm start` runs an unpackaged shell on the repository's data folder, already enrolled there.
const startConfig = resolveShellConfig({ env: process.env, configFileText: null, isPackaged: app.isPackaged });
if (startConfig.devDataDir) app.setPath('userData', path.resolve(startConfig.devDataDir));
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
  let liveHelp: LiveHelp | null = null;
  let recentCrashes: number[] = [];
  let closing = false;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    // A website tile's view is guarded by its tile's own rules (site-views.ts), not the shell page's allow list.
    if (isSiteSession(contents.session)) return;
    guardWebContents(contents, { allowList: DEFAULT_NAVIGATION_ALLOW_LIST, isPackaged: app.isPackaged, log });
  });
  // Between two visitors the new window opens before the old one goes, so this means a real close.
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

  app
    .whenReady()
    .then(async () => {
      const userData = app.getPath('userData');
      const config = resolveShellConfig({ env: process.env, configFileText: readTextIfExists(path.join(userData, 'config.json')), isPackaged: app.isPackaged });
      for (const warning of config.warnings) log(warning);
      // The bundle is dist/electron/main.cjs, in the repository or in app.asar alike.
      const locations = appLocations({ isPackaged: app.isPackaged, bundleDir: __dirname, resourcesPath: process.resourcesPath });
      const harden = (ses: Session) =>
        hardenSession(ses, {
          rendererDir: locations.rendererDir,
          lessonsDir: locations.lessonsDir,
          packsDir: lessonPacksDir(config.machineDataDir ?? userData),
          csp: contentSecurityPolicy(config.hubUrl),
          fetchFile: (file) => net.fetch(pathToFileURL(file).href),
          log,
          firstFrame: () => services?.firstFrame() ?? null,
          visitorDownloadsDir: () => services?.kiosk.currentVisit()?.downloadsDir ?? null,
          // Live help: the screen only while a helper in an answered call asked, chosen by main.
          permissionContext: () => ({ mayCaptureScreen: services?.calls.mayCaptureScreen() ?? false }),
          chooseDisplay: (request) => liveHelp?.chooseDisplay(request) ?? Promise.resolve(null),
        });
      harden(session.defaultSession);

      // The kiosk session keeps the machine's store outside the wiped home (config.ts).
      services = await createShell({ dataDir: config.machineDataDir ?? userData, hubUrl: config.hubUrl, lessonsDir: locations.lessonsDir, appVersion: app.getVersion() });
      const shell = services;
      // Live help: the screen to share, the Help button of a home loan, the pointer over the desktop.
      liveHelp = startLiveHelp({
        shell,
        shellWindow: () => window,
        preloadPath: locations.preloadPath,
        isPackaged: app.isPackaged,
        rtl: () => shell.language() === 'ar',
        log,
      });
      const help = liveHelp;
      registerBridgeIpc({ ipcMain, handlers: shell.handlers, isExpectedSender: (sender, name) => (window !== null && sender === window.webContents) || help.mayCall(sender, name), log });
      forwardShellEvents(shell, () => window?.webContents ?? null);
      // Website tiles (issue 13): each in its own view over the shell's window, placed by the page under its site bar.
      shell.sites.useViews((tile, events) => {
        if (!window) throw new Error('no shell window to show a site in');
        return openSiteView(
          tile,
          {
            createView: (options) => new WebContentsView(options),
            fromPartition: (partition) => session.fromPartition(partition),
            window,
            mode: shell.kiosk.mode(),
            documentsDir: () => (shell.kiosk.mode() === 'kiosk' ? (shell.kiosk.currentVisit()?.downloadsDir ?? null) : app.getPath('documents')),
            onDownload: (notice) => shell.sites.downloaded(notice),
            log,
          },
          events,
        );
      });

      // ---- the window: one per kiosk visit, each on a fresh in-memory partition (visits.ts)
      let windowNumber = 0;
      let visitsSinceStart = 0;
      const openWindow = (): BrowserWindow => {
        const kioskMode = shell.kiosk.mode() === 'kiosk';
        let partition: string | undefined;
        if (kioskMode) {
          partition = visitorPartition(++windowNumber);
          harden(session.fromPartition(partition));
        }
        const win = new BrowserWindow(
          shellWindowOptions({
            preloadPath: locations.preloadPath,
            isPackaged: app.isPackaged,
            kiosk: config.kiosk,
            ...(config.kiosk ? { screenBounds: screen.getPrimaryDisplay().bounds } : {}),
            ...(partition ? { partition } : {}),
          }),
        );
        win.once('ready-to-show', () => win.show());
        // destroy() (a window replaced between visitors) does not emit 'close': only an outside
        // request to close (a window manager's Alt+F4 or close button) reaches this.
        win.on('close', (event) => {
          if (mayCloseWindow({ kiosk: config.kiosk, quitting: closing })) return;
          log('refused to close the kiosk window');
          event.preventDefault();
        });
        win.on('leave-full-screen', () => {
          if (shouldReturnToFullScreen({ kiosk: config.kiosk, quitting: closing })) win.setFullScreen(true);
        });
        win.on('closed', () => {
          if (window === win) window = null;
        });
        win.webContents.on('render-process-gone', (_event, details) => {
          const next = afterRendererGone(details.reason, Date.now(), recentCrashes);
          recentCrashes = next.recentCrashes;
          log(`renderer gone (${details.reason}): ${next.action}`);
          if (next.action === 'reload-home') void win.loadURL(APP_HOME_URL);
          else if (next.action === 'restart-app') app.exit(1); // the session's loop starts us again
        });
        void win.loadURL(APP_HOME_URL);
        help.watch(win);
        return win;
      };
      /** A new window (fresh partition in kiosk mode) replaces the current one; the old session is emptied. */
      const replaceWindow = async (): Promise<void> => {
        const old = window;
        window = openWindow();
        if (!old) return;
        const oldSession = old.webContents.session;
        old.destroy();
        // An in-memory partition cannot be deleted, only emptied. The default session (home mode)
        // is the owner's own and is kept.
        if (oldSession !== session.defaultSession) {
          await Promise.all([oldSession.clearStorageData(), oldSession.clearCache(), oldSession.clearAuthCache(), oldSession.clearHostResolverCache()]);
        }
      };

      shell.kiosk.onVisitEnded('electron', async () => {
        visitsSinceStart += 1;
        // The sites the visitor opened forget their logins, cookies and storage (site-views.ts decides which).
        await wipeSitePartitions(partitionsToWipe(shell.kiosk.mode(), shell.sites.endVisit()), (partition) => session.fromPartition(partition)).catch((error: unknown) =>
          log('wiping the site partitions failed', error),
        );
        // What the visitor copied must not be pasted by the next one.
        clipboard.clear();
        clipboard.selection?.clear();
        if (afterVisitEnded(visitsSinceStart, config.underKioskSession) === 'restart-app') {
          log(`restarting after ${visitsSinceStart} visits`);
          app.exit(RESTART_EXIT_CODE);
          return;
        }
        await replaceWindow();
      });
      shell.kiosk.onHostAction((action) => {
        const plan = hostActionPlan(action, config.underKioskSession);
        log(`staff asked to ${action}: ${plan.kind}`);
        if (plan.kind === 'exit') app.exit(plan.code);
        else if (plan.kind === 'relaunch') {
          app.relaunch();
          app.exit(RESTART_EXIT_CODE);
        } else void replaceWindow();
      });

      window = openWindow();

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
