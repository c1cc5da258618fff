import { describe, expect, it } from 'vitest';
import { desktopWindowMayCall, displayCaptureDecision, helpButtonShown, pointerOverlayShown, type DisplayCaptureInput } from '../../../main/policy/display-capture.ts';

const sources = [
  { id: 'screen:0:0', name: 'Écran 1', display_id: '101' },
  { id: 'screen:1:0', name: 'Écran 2', display_id: '102' },
  { id: 'window:4242:0', name: 'Passerelle', display_id: '' },
  { id: 'window:777:0', name: 'Mozilla Firefox — banque', display_id: '' },
];
const base: DisplayCaptureInput = {
  frameUrl: 'app://shell/',
  isMainFrame: true,
  videoRequested: true,
  mayCapture: true,
  mode: 'home',
  sources,
  shellWindowSourceId: 'window:4242:0',
  shellDisplayId: '102',
};

describe('what the shell shares when the page asks for the screen (Electron)', () => {
  it('on a home loan: the screen the shell is on, so the helper sees whatever program the person is stuck in', () => {
    expect(displayCaptureDecision(base)).toEqual({ share: sources[1], surface: 'monitor' });
    // One screen with platform ids that do not match: it is still the shell's.
    expect(displayCaptureDecision({ ...base, sources: [{ id: 'screen:0:0', name: 'Entire screen', display_id: '' }], shellDisplayId: '55' })).toEqual({
      share: { id: 'screen:0:0', name: 'Entire screen', display_id: '' },
      surface: 'monitor',
    });
  });

  it("on a kiosk: the shell's own window, never another program's", () => {
    expect(displayCaptureDecision({ ...base, mode: 'kiosk' })).toEqual({ share: sources[2], surface: 'window' });
  });

  it('refuses without a helper in an answered call asking, for another page or a frame, for sound only, or when the screen is not found', () => {
    expect(displayCaptureDecision({ ...base, mayCapture: false })).toHaveProperty('refuse');
    for (const frameUrl of ['https://evil.example/', 'app://shell.evil/', 'app://hub@shell/', 'file:///etc/passwd', null]) {
      expect(displayCaptureDecision({ ...base, frameUrl })).toHaveProperty('refuse');
    }
    expect(displayCaptureDecision({ ...base, isMainFrame: false })).toHaveProperty('refuse');
    expect(displayCaptureDecision({ ...base, videoRequested: false })).toHaveProperty('refuse');
    expect(displayCaptureDecision({ ...base, shellDisplayId: '999' })).toHaveProperty('refuse'); // two screens, neither the shell's
    expect(displayCaptureDecision({ ...base, sources: sources.filter((s) => s.id.startsWith('window:')) })).toHaveProperty('refuse');
  });
});

describe('when the helper-anywhere windows show', () => {
  it('shows the Help button on a home loan while the person is in another program, never on a kiosk', () => {
    const inFront = { mode: 'home' as const, shellFocused: true, shellMinimized: false, shellVisible: true };
    expect(helpButtonShown(inFront)).toBe(false);
    expect(helpButtonShown({ ...inFront, shellFocused: false })).toBe(true);
    expect(helpButtonShown({ ...inFront, shellMinimized: true })).toBe(true);
    expect(helpButtonShown({ ...inFront, shellVisible: false })).toBe(true);
    expect(helpButtonShown({ ...inFront, mode: 'kiosk', shellFocused: false })).toBe(false);
  });

  it('draws the pointer on the overlay only while the whole screen is shown', () => {
    expect(pointerOverlayShown({ screen: 'shared', surface: 'monitor' })).toBe(true);
    expect(pointerOverlayShown({ screen: 'shared', surface: 'window' })).toBe(false);
    expect(pointerOverlayShown({ screen: 'shared', surface: 'browser' })).toBe(false);
    expect(pointerOverlayShown({ screen: 'asked', surface: null })).toBe(false);
    expect(pointerOverlayShown(null)).toBe(false);
  });
});

describe('what the small windows of a home loan may ask the shell', () => {
  it('their language, a spoken word and Help; never a help request, a lesson, a call message or a kiosk action', () => {
    for (const name of ['getShellInfo', 'speak', 'raiseHelp']) expect(desktopWindowMayCall(name)).toBe(true);
    for (const name of ['requestHelp', 'cancelHelp', 'getLesson', 'sendCallMessage', 'staffAction', 'endVisit', 'enrol', 'setLanguage']) expect(desktopWindowMayCall(name)).toBe(false);
  });
});
