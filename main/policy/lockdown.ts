/**
 * The kiosk's remaining escape decisions, each a pure function the glue (harden.ts, main.ts) wires
 * to an Electron event: where a download may be saved, whether the window may close or leave full
 * screen, whether DevTools may stay open. Keys are in keys.ts, navigation and new windows in
 * navigation.ts, permissions (external protocols included) in permissions.ts.
 */
import path from 'node:path';
import { APP_ORIGIN, originOf, parseUrl } from './app-origin.ts';

export type DownloadRequest = {
  url: unknown;
  suggestedFilename: unknown;
  /** The current visitor's downloads folder (wiped when the visit ends), or null outside a visit. */
  visitorDownloadsDir: string | null;
};

export type DownloadDecision = { action: 'refuse'; reason: string } | { action: 'save'; savePath: string };

/** A file name safe to create: letters, digits, spaces, dots, dashes and underscores, no leading dot. */
export function safeDownloadName(suggested: unknown): string | null {
  if (typeof suggested !== 'string') return null;
  const base = suggested.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 120);
  return cleaned === '' ? null : cleaned;
}

/**
 * `will-download`: a download is never handed to the GTK "save as" chooser (a way out to the whole
 * file system). It is saved straight into the visitor's own folder, which the end of the visit
 * wipes, and only when it comes from the shell itself (its own files, or a blob: or data: it made).
 * Outside a visit (home loans, the kiosk's welcome screen) nothing is downloaded at all.
 */
export function downloadDecision(request: DownloadRequest): DownloadDecision {
  if (request.visitorDownloadsDir === null) return { action: 'refuse', reason: 'no visit in progress: downloads are off' };
  const url = parseUrl(request.url);
  if (!url) return { action: 'refuse', reason: 'not a URL' };
  const fromShell =
    (url.protocol === 'app:' && originOf(url) === APP_ORIGIN) ||
    url.protocol === 'data:' ||
    (url.protocol === 'blob:' && parseUrl(url.pathname) !== null && originOf(parseUrl(url.pathname)!) === APP_ORIGIN);
  if (!fromShell) return { action: 'refuse', reason: `downloads come only from the shell, not ${url.protocol}` };
  const name = safeDownloadName(request.suggestedFilename);
  if (!name) return { action: 'refuse', reason: 'no usable file name' };
  const dir = path.resolve(request.visitorDownloadsDir);
  const savePath = path.resolve(dir, name);
  if (path.dirname(savePath) !== dir) return { action: 'refuse', reason: 'the name leaves the visitor folder' };
  return { action: 'save', savePath };
}

/**
 * `close` on the window: in a kiosk only the shell itself closes its window (when it quits). A
 * window manager's Alt+F4 or close button at home never reaches `before-input-event`, so this is
 * where it is refused.
 */
export function mayCloseWindow(state: { kiosk: boolean; quitting: boolean }): boolean {
  return !state.kiosk || state.quitting;
}

/** `leave-full-screen`: a kiosk window goes straight back to full screen. */
export function shouldReturnToFullScreen(state: { kiosk: boolean; quitting: boolean }): boolean {
  return state.kiosk && !state.quitting;
}

/** `devtools-opened`: a packaged shell closes DevTools at once (they are also off in webPreferences). */
export function mayKeepDevToolsOpen(isPackaged: boolean): boolean {
  return !isPackaged;
}
