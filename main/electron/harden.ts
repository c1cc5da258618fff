/**
 * Glue: wires the pure decisions to a session and to every webContents. Electron objects are passed
 * in (type-only import), so the entry file decides when, and this file only says what.
 */
import type { DesktopCapturerSource, DisplayMediaRequestHandlerHandlerRequest, Session, WebContents } from 'electron';
import { APP_SCHEME } from '../policy/app-origin.ts';
import { isBlockedShortcut } from '../policy/keys.ts';
import { downloadDecision, mayKeepDevToolsOpen } from '../policy/lockdown.ts';
import { isNavigationAllowed, windowOpenDecision } from '../policy/navigation.ts';
import { permissionCheck, permissionDecision, type PermissionContext } from '../policy/permissions.ts';
import { createAppProtocolHandler, type FetchFile } from '../files/app-protocol.ts';
import type { AppDirs } from '../files/resolve.ts';
import type { FirstFrameSource } from '../files/page.ts';

import type { Log } from '../log.ts';

/** Serve app://, answer permissions, enforce the CSP and decide downloads on one session. */
export function hardenSession(
  ses: Session,
  options: AppDirs & {
    csp: string;
    fetchFile: FetchFile;
    log: Log;
    /** The machine's mode and language, written into the shell's page (main/files/page.ts). */
    firstFrame?: FirstFrameSource;
    /** The visitor's downloads folder during a kiosk visit, else null (no downloads at all). */
    visitorDownloadsDir?: () => string | null;
    /** What main knows of a helper's call when a permission is asked (the screen: policy/permissions.ts). */
    permissionContext?: () => PermissionContext;
    /** The screen to share when the page asks for it (policy/display-capture.ts), or null to refuse. */
    chooseDisplay?: (request: DisplayMediaRequestHandlerHandlerRequest) => Promise<DesktopCapturerSource | null>;
  },
): void {
  ses.protocol.handle(APP_SCHEME, createAppProtocolHandler(options));

  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = permissionDecision(permission, details.requestingUrl, details, options.permissionContext?.());
    if (!granted) options.log(`denied permission ${permission} to ${details.requestingUrl}`);
    callback(granted);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => permissionCheck(permission, requestingOrigin, details, options.permissionContext?.()));
  // The screen during a helper's call: main picks it (no chooser); anything else is refused.
  ses.setDisplayMediaRequestHandler((request, callback) => {
    const refuse = () => callback({});
    if (!options.chooseDisplay) return refuse();
    options.chooseDisplay(request).then(
      (source) => (source ? callback({ video: source }) : refuse()),
      (error: unknown) => {
        options.log('could not choose the screen to share', error);
        refuse();
      },
    );
  });
  // USB, serial and HID devices: never.
  ses.setDevicePermissionHandler(() => false);

  // The app:// handler sets the policy itself; this covers any http(s) response the page receives.
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'));
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [options.csp] } });
  });

  // A download never reaches the GTK "save as" chooser: it is saved straight into the visitor's
  // folder (wiped when the visit ends) or refused.
  ses.on('will-download', (event, item) => {
    const decision = downloadDecision({ url: item.getURL(), suggestedFilename: item.getFilename(), visitorDownloadsDir: options.visitorDownloadsDir?.() ?? null });
    if (decision.action === 'save') {
      item.setSavePath(decision.savePath);
      return;
    }
    options.log(`refused download of ${item.getURL()}: ${decision.reason}`);
    event.preventDefault();
  });
}

/** Navigation, new windows, webviews and shortcuts, for every webContents as it is created. */
export function guardWebContents(contents: WebContents, options: { allowList: readonly string[]; isPackaged: boolean; log: Log }): void {
  const refuseOutside = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isNavigationAllowed(event.url, options.allowList)) return;
    options.log(`refused ${kind} to ${JSON.stringify(event.url)}`);
    event.preventDefault();
  };
  contents.on('will-navigate', refuseOutside('navigation'));
  contents.on('will-frame-navigate', refuseOutside('frame navigation'));
  contents.on('will-redirect', refuseOutside('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    options.log(`refused to open a window for ${JSON.stringify(url)}`);
    return windowOpenDecision(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
  // Keys typed inside DevTools bypass before-input-event: DevTools stay shut in a packaged shell.
  contents.on('devtools-opened', () => {
    if (mayKeepDevToolsOpen(options.isPackaged)) return;
    options.log('closed DevTools');
    contents.closeDevTools();
  });
}
