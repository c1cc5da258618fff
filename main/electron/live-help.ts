/**
 * Glue for live help in Electron (issue 11): the screen chosen when the page asks for it, the small
 * always-on-top Help button of a home loan, and the click-through overlay that draws the helper's
 * pointer over the whole desktop. Every decision is a pure function (policy/display-capture.ts,
 * help-windows.ts); this file only wires them to windows and events.
 */
import { BrowserWindow, desktopCapturer, screen, type DesktopCapturerSource, type DisplayMediaRequestHandlerHandlerRequest, type WebContents } from 'electron';
import { ipcChannel } from '../../app/bridge/contract.ts';
import { APP_HOME_URL } from '../policy/app-origin.ts';
import { desktopWindowMayCall, displayCaptureDecision, helpButtonShown, pointerOverlayShown } from '../policy/display-capture.ts';
import type { ShellServices } from '../shell.ts';
import { helpButtonWindowOptions, pointerOverlayWindowOptions } from './help-windows.ts';

type Log = (message: string, error?: unknown) => void;

export type LiveHelpOptions = {
  shell: ShellServices;
  /** The shell window of the moment (a kiosk visit replaces it). */
  shellWindow: () => BrowserWindow | null;
  preloadPath: string;
  isPackaged: boolean;
  /** Is the shell's language written right to left (the Help button goes to the other corner)? */
  rtl: () => boolean;
  log: Log;
};

export type LiveHelp = {
  /** For session.setDisplayMediaRequestHandler (harden.ts). */
  chooseDisplay(request: DisplayMediaRequestHandlerHandlerRequest): Promise<DesktopCapturerSource | null>;
  /** A new shell window: its focus decides whether the Help button shows. */
  watch(window: BrowserWindow): void;
  /** The bridge answers these windows too (they load the shell's own page), for their few calls only. */
  mayCall(sender: unknown, name: string): boolean;
};

const sameFrame = (a: { processId: number; routingId: number }, b: { processId: number; routingId: number }) => a.processId === b.processId && a.routingId === b.routingId;

export function startLiveHelp(o: LiveHelpOptions): LiveHelp {
  let button: BrowserWindow | null = null;
  let overlay: BrowserWindow | null = null;

  const buttonOptions = () => helpButtonWindowOptions({ preloadPath: o.preloadPath, isPackaged: o.isPackaged, workArea: screen.getPrimaryDisplay().workArea, rtl: o.rtl() });
  const refreshButton = () => {
    const win = o.shellWindow();
    const show =
      o.shell.kiosk.mode() === 'home' &&
      win !== null &&
      !win.isDestroyed() &&
      helpButtonShown({ mode: o.shell.kiosk.mode(), shellFocused: win.isFocused(), shellMinimized: win.isMinimized(), shellVisible: win.isVisible() });
    if (!show) {
      button?.hide();
      return;
    }
    if (!button || button.isDestroyed()) {
      button = new BrowserWindow(buttonOptions());
      button.setAlwaysOnTop(true, 'screen-saver');
      button.setVisibleOnAllWorkspaces(true);
      void button.loadURL(`${APP_HOME_URL}?view=help-button`);
    }
    button.showInactive();
  };

  // "Aide" pressed on the small button: the shell comes forward and opens its help flow (the page
  // heard helpRaised through the bridge).
  o.shell.onEvent((event) => {
    // Another language may read the other way: the button goes to the corner it ends in.
    if (event === 'personChanged' && button && !button.isDestroyed()) {
      const { x, y, width, height } = buttonOptions();
      button.setBounds({ x: x!, y: y!, width: width!, height: height! });
    }
    if (event !== 'helpRaised') return;
    const win = o.shellWindow();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    refreshButton();
  });

  // The pointer over the whole desktop while the whole screen is shown. The overlay window loads,
  // hidden, as soon as a call starts on a home loan, so that the helper's first point is not lost
  // while its page loads; it covers the display the shell is on.
  const overlayOver = (win: BrowserWindow): BrowserWindow => {
    const bounds = screen.getDisplayMatching(win.getBounds()).bounds;
    if (!overlay || overlay.isDestroyed()) {
      overlay = new BrowserWindow(pointerOverlayWindowOptions({ preloadPath: o.preloadPath, isPackaged: o.isPackaged, displayBounds: bounds }));
      overlay.setIgnoreMouseEvents(true); // the person's clicks go to the programs below
      overlay.setAlwaysOnTop(true, 'screen-saver');
      overlay.setVisibleOnAllWorkspaces(true);
      void overlay.loadURL(`${APP_HOME_URL}?view=pointer-overlay`);
    } else overlay.setBounds(bounds);
    return overlay;
  };
  o.shell.calls.onEvent((event, call) => {
    const win = o.shellWindow();
    if (!win || win.isDestroyed()) return;
    if (!pointerOverlayShown(call)) {
      // The ring goes with the shared screen (call.ended, screen.stop): cleared, then hidden.
      if (overlay && !overlay.isDestroyed()) {
        if (event.type === 'call.ended' || event.type === 'screen.stop') overlay.webContents.send(ipcChannel('callEvent'), event);
        overlay.hide();
      } else if (call !== null && o.shell.kiosk.mode() === 'home') overlayOver(win);
      return;
    }
    const shown = overlayOver(win);
    shown.showInactive();
    // Only where the helper points: the overlay is no party to the call's signalling.
    if (event.type === 'pointer') shown.webContents.send(ipcChannel('callEvent'), event);
  });

  return {
    async chooseDisplay(request) {
      const win = o.shellWindow();
      const mayCapture = o.shell.calls.mayCaptureScreen();
      const isMainFrame = win !== null && request.frame !== null && sameFrame(request.frame, win.webContents.mainFrame);
      // Only look at the windows and screens once everything else says yes.
      const looking = mayCapture && isMainFrame && win !== null;
      const decision = displayCaptureDecision({
        frameUrl: request.frame?.url,
        isMainFrame,
        videoRequested: request.videoRequested,
        mayCapture,
        mode: o.shell.kiosk.mode(),
        sources: looking ? await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } }) : [],
        shellWindowSourceId: looking ? win.getMediaSourceId() : null,
        shellDisplayId: looking ? String(screen.getDisplayMatching(win.getBounds()).id) : null,
      });
      if ('refuse' in decision) {
        o.log(`refused to share the screen: ${decision.refuse}`);
        return null;
      }
      return decision.share as DesktopCapturerSource;
    },
    watch(window) {
      for (const change of ['focus', 'blur', 'minimize', 'restore', 'show', 'hide'] as const) window.on(change as 'focus', refreshButton);
      window.on('closed', () => button?.hide());
      refreshButton();
    },
    mayCall(sender, name) {
      const own = (w: BrowserWindow | null): WebContents | null => (w && !w.isDestroyed() ? w.webContents : null);
      return sender !== null && (sender === own(button) || sender === own(overlay)) && desktopWindowMayCall(name);
    },
  };
}
