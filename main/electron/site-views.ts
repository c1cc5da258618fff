/**
 * Glue (issue 13): a website or video-call tile in its own WebContentsView, on its own partition
 * (main/policy/site-views.ts), with every decision taken by the pure guard (main/policy/site-guard.ts):
 * navigations and redirects (allowed, asked through `onAsk`, or blocked), window.open (never a second
 * window: the tile's own site opens in place, anything else is asked), downloads (into "Mes documents"
 * under a safe name, programs refused), permissions (refused, camera and microphone only for a call
 * tile's own room), zoom from 125 %, printing through the system dialog, and "Écouter" (the selection or
 * the main text, read by the shell's speech service).
 *
 * Electron's objects are passed in (type-only import), as in harden.ts. main.ts hands `openSiteView` to
 * the shell's SiteHost (main/services/site-host.ts), which the page drives through the bridge's site
 * calls; the guard's questions and the view's address go back to the page as bridge events.
 */
import fs from 'node:fs';
import type { BaseWindow, Rectangle, Session, WebContentsView, WebContentsViewConstructorOptions } from 'electron';
import { downloadDecision, navigationDecision, popupDecision, sitePermissionDecision, SITE_ZOOM, nextZoom, type SiteTile } from '../policy/site-guard.ts';
import { downloadNotice, downloadPath, LISTEN_SCRIPT, siteViewPartition, textToListen } from '../policy/site-views.ts';
import type { SiteDownload } from '../../app/bridge/contract.ts';
import type { MachineMode } from '../../app/protocol/hub.ts';
import type { Log } from '../log.ts';
import type { SiteViewEvents, SiteViewHandle } from '../services/site-host.ts';

export type SiteViewDeps = {
  createView: (options: WebContentsViewConstructorOptions) => WebContentsView;
  fromPartition: (partition: string) => Session;
  window: BaseWindow;
  mode: MachineMode;
  /** "Mes documents" (a kiosk visit's own downloads folder on a kiosk). */
  documentsDir: () => string | null;
  /** A download was refused (a program), saved or failed: the page says so with a picture and a voice. */
  onDownload: (notice: SiteDownload) => void;
  log: Log;
};

/** Sessions already guarded: a partition's handlers are set once, whichever tile view uses it. */
const guarded = new WeakSet<Session>();

/** A site view's session: main.ts leaves its webContents to this file's guard, not the shell page's allow list. */
export function isSiteSession(ses: Session): boolean {
  return guarded.has(ses);
}

function guardSession(ses: Session, tile: SiteTile, deps: SiteViewDeps): void {
  if (guarded.has(ses)) return;
  guarded.add(ses);
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(sitePermissionDecision(tile, permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => sitePermissionDecision(tile, permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (_event, item) => {
    const name = item.getFilename();
    const decision = downloadDecision(name, item.getMimeType());
    const dir = deps.documentsDir();
    if (decision.action === 'refuse' || !dir) {
      item.cancel();
      deps.log(`refused the download of ${name.slice(0, 120)} (${decision.action === 'refuse' ? decision.reason : 'no documents folder'})`);
      deps.onDownload(downloadNotice(decision, name, 'no_folder'));
      return;
    }
    const savedAs = downloadPath(dir, decision.fileName, (f) => fs.existsSync(f));
    item.setSavePath(savedAs);
    item.once('done', (_done, state) => deps.onDownload(downloadNotice(decision, name, { savedAs, state })));
  });
}

export function openSiteView(tile: SiteTile, deps: SiteViewDeps, events: SiteViewEvents): SiteViewHandle {
  const partition = siteViewPartition(tile.id, deps.mode);
  const ses = deps.fromPartition(partition);
  guardSession(ses, tile, deps);
  const view = deps.createView({
    webPreferences: { partition, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, devTools: false, spellcheck: false, safeDialogs: true },
  });
  const contents = view.webContents;
  let zoom: number = SITE_ZOOM.initial;
  /** The origin the person chose to leave to ("Quitter le site"): allowed from then on, like the frame's `to`. */
  let leftTo: string | null = null;
  const originOf = (url: string) => {
    try {
      return new URL(url).origin;
    } catch {
      return null;
    }
  };

  const guardNavigation = (event: { preventDefault(): void }, url: string) => {
    if (leftTo !== null && originOf(url) === leftTo) return;
    const decision = navigationDecision(tile, url);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'ask') events.ask(url, decision.host);
    else deps.log(`blocked a navigation of ${tile.id} to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', (event) => guardNavigation(event, event.url));
  contents.on('will-redirect', (event) => guardNavigation(event, event.url));
  contents.setWindowOpenHandler(({ url }) => {
    const decision = popupDecision(tile, url);
    if (decision.action === 'allow') void contents.loadURL(url);
    else if (decision.action === 'ask') events.ask(url, decision.host);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('did-finish-load', () => contents.setZoomFactor(zoom));
  contents.on('did-navigate', (_event, url) => events.navigated(url));
  contents.on('did-navigate-in-page', (_event, url, isMainFrame) => {
    if (isMainFrame) events.navigated(url);
  });
  contents.setZoomFactor(zoom);
  deps.window.contentView.addChildView(view);
  void contents.loadURL(tile.url);

  return {
    back: () => {
      if (contents.navigationHistory.canGoBack()) contents.navigationHistory.goBack();
    },
    zoom: (direction) => {
      zoom = nextZoom(zoom, direction);
      contents.setZoomFactor(zoom);
      return zoom;
    },
    // The system's print dialog: the person (or their helper) chooses the printer.
    print: () => contents.print({ silent: false, printBackground: true }),
    read: async () => textToListen(await contents.executeJavaScript(LISTEN_SCRIPT, false).catch(() => null)),
    setBounds: (bounds: Rectangle) => view.setBounds(bounds),
    go: (url) => {
      leftTo = originOf(url);
      void contents.loadURL(url);
    },
    close: () => {
      deps.window.contentView.removeChildView(view);
      contents.close();
    },
  };
}

/** A kiosk visit ended: empty the partitions of the site tiles the visitor opened (main/policy/site-views.ts decides which). */
export async function wipeSitePartitions(partitions: readonly string[], fromPartition: (partition: string) => Session): Promise<void> {
  await Promise.all(
    partitions.map(async (p) => {
      const ses = fromPartition(p);
      await Promise.all([ses.clearStorageData(), ses.clearCache(), ses.clearAuthCache(), ses.clearHostResolverCache()]);
    }),
  );
}
