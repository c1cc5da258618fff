/**
 * Live help in Electron (issue 11): what the shell shares when the page asks for the screen
 * (getDisplayMedia → session.setDisplayMediaRequestHandler), and when the helper-anywhere windows show.
 *
 * The person said yes to the shell's own question first; main shares only while a helper in an
 * answered call has asked for the screen (main/services/call-relay.ts), only to the shell's own page,
 * never sound, and picks the source itself (no chooser): on a home loan the screen the shell is on
 * (the person may be stuck in another program, so the helper sees the whole desktop), on a kiosk the
 * shell's own window (it is the whole screen there, and nothing else may show).
 */
import { isAppUrl } from './app-origin.ts';
import type { MachineMode } from '../../app/protocol/hub.ts';

/** The parts of Electron's DesktopCapturerSource this decision reads. */
export type CaptureSource = { id: string; name: string; display_id: string };

export type DisplayCaptureInput = {
  /** The URL of the frame that asked (Electron's DisplayMediaRequestHandlerHandlerRequest.frame.url). */
  frameUrl: unknown;
  isMainFrame: boolean;
  videoRequested: boolean;
  /** The call relay's word: an answered call whose helper asked for the screen. */
  mayCapture: boolean;
  mode: MachineMode;
  sources: readonly CaptureSource[];
  /** BrowserWindow.getMediaSourceId() of the shell window ("window:…"). */
  shellWindowSourceId: string | null;
  /** The id of the display the shell window is on (screen.getDisplayMatching). */
  shellDisplayId: string | null;
};

export type DisplayCaptureDecision = { share: CaptureSource; surface: 'monitor' | 'window' } | { refuse: string };

export function displayCaptureDecision(input: DisplayCaptureInput): DisplayCaptureDecision {
  if (!input.isMainFrame || !isAppUrl(input.frameUrl)) return { refuse: 'only the shell page itself may share the screen' };
  if (!input.videoRequested) return { refuse: 'only a picture is shared (never sound)' };
  if (!input.mayCapture) return { refuse: 'no helper in an answered call asked for the screen' };
  const screens = input.sources.filter((s) => s.id.startsWith('screen:'));
  if (input.mode === 'kiosk') {
    const own = input.sources.find((s) => s.id === input.shellWindowSourceId);
    if (own) return { share: own, surface: 'window' };
  }
  const shellScreen = screens.find((s) => s.display_id !== '' && s.display_id === input.shellDisplayId);
  // One screen (the common laptop): it is the shell's, whatever ids the platform gives.
  const chosen = shellScreen ?? (screens.length === 1 ? screens[0] : undefined);
  return chosen ? { share: chosen, surface: 'monitor' } : { refuse: 'the screen the shell is on was not found among the sources' };
}

/**
 * The small Help button of a home loan shows while the person is elsewhere on the desktop (the shell
 * window is not the one in front), and never on a kiosk, where the shell is all there is.
 */
export function helpButtonShown(state: { mode: MachineMode; shellFocused: boolean; shellMinimized: boolean; shellVisible: boolean }): boolean {
  if (state.mode !== 'home') return false;
  return state.shellMinimized || !state.shellVisible || !state.shellFocused;
}

/** The click-through overlay draws the helper's pointer only while the whole screen is shown. */
export function pointerOverlayShown(call: { screen: 'none' | 'asked' | 'shared'; surface: string | null } | null): boolean {
  return call !== null && call.screen === 'shared' && call.surface === 'monitor';
}

/**
 * What the small windows of a home loan may ask the shell: their language, a spoken word ("Ici"), and
 * the Help button's one action. Nothing else (no help requests, no lessons, no call messages).
 */
const DESKTOP_WINDOW_CALLS: ReadonlySet<string> = new Set(['getShellInfo', 'speak', 'raiseHelp']);
export function desktopWindowMayCall(name: string): boolean {
  return DESKTOP_WINDOW_CALLS.has(name);
}
