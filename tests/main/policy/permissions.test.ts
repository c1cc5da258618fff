import { describe, expect, it } from 'vitest';
import { permissionCheck, permissionDecision } from '../../../main/policy/permissions.ts';

const app = 'app://shell/index.html';

describe('permissionDecision (requests)', () => {
  it('grants the microphone alone to the shell page in its main frame (help voice message)', () => {
    expect(permissionDecision('media', app, { isMainFrame: true, mediaTypes: ['audio'], securityOrigin: 'app://shell/' })).toBe(true);
    expect(permissionDecision('media', app, { isMainFrame: true, mediaTypes: ['audio'] })).toBe(true);
  });

  it('grants the camera to the shell page in its main frame (a webzine story\'s photo), and refuses other kinds', () => {
    expect(permissionDecision('media', app, { isMainFrame: true, mediaTypes: ['video'] })).toBe(true);
    expect(permissionDecision('media', app, { isMainFrame: true, mediaTypes: ['audio', 'video'] })).toBe(true);
    expect(permissionDecision('media', app, { isMainFrame: false, mediaTypes: ['video'] })).toBe(false);
    expect(permissionDecision('media', 'https://hub.example.org/', { isMainFrame: true, mediaTypes: ['video'] })).toBe(false);
    expect(permissionDecision('media', app, { isMainFrame: true, mediaTypes: ['desktop'] })).toBe(false);
  });

  it('refuses a media request that does not say what it captures', () => {
    expect(permissionDecision('media', app, { isMainFrame: true, mediaTypes: [] })).toBe(false);
    expect(permissionDecision('media', app, { isMainFrame: true })).toBe(false);
    expect(permissionDecision('media', app, { isMainFrame: true, mediaTypes: 'audio' as unknown as string[] })).toBe(false);
  });

  it('refuses the microphone to anything but the shell main frame', () => {
    const audio = { isMainFrame: true, mediaTypes: ['audio'] };
    expect(permissionDecision('media', app, { ...audio, isMainFrame: false })).toBe(false);
    expect(permissionDecision('media', 'https://hub.example.org/', audio)).toBe(false);
    expect(permissionDecision('media', 'app://shell.evil/', audio)).toBe(false);
    expect(permissionDecision('media', 'file:///home/x/index.html', audio)).toBe(false);
    expect(permissionDecision('media', 'data:text/html,x', audio)).toBe(false);
    expect(permissionDecision('media', app, { ...audio, securityOrigin: 'https://evil.example' })).toBe(false);
    expect(permissionDecision('media', '', audio)).toBe(false);
  });

  it.each([
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'midi',
    'midiSysex',
    'openExternal',
    'fullscreen',
    'pointerLock',
    'display-capture',
    'fileSystem',
    'hid',
    'serial',
    'usb',
    'idle-detection',
    'keyboardLock',
    'window-management',
    'unknown',
    'MEDIA',
    '',
  ])('refuses %s to the shell itself', (permission) => {
    expect(permissionDecision(permission, app, { isMainFrame: true, mediaTypes: ['audio'] })).toBe(false);
  });

  it('refuses when details are missing', () => {
    expect(permissionDecision('media', app, null)).toBe(false);
    expect(permissionDecision('media', app, undefined)).toBe(false);
  });
});

describe('permissionCheck (synchronous checks)', () => {
  it('answers yes for the microphone from the shell main frame only', () => {
    expect(permissionCheck('media', 'app://shell', { isMainFrame: true, mediaType: 'audio' })).toBe(true);
    expect(permissionCheck('media', 'app://shell', { isMainFrame: true, mediaType: 'audio', securityOrigin: 'app://shell', requestingUrl: app })).toBe(true);
  });

  it('answers yes for the camera (a story\'s photo), no for unknown media and other frames or origins', () => {
    expect(permissionCheck('media', 'app://shell', { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(permissionCheck('media', 'app://shell', { isMainFrame: true, mediaType: 'unknown' })).toBe(false);
    expect(permissionCheck('media', 'app://shell', { isMainFrame: true })).toBe(false);
    expect(permissionCheck('media', 'app://shell', { isMainFrame: false, mediaType: 'audio' })).toBe(false);
    expect(permissionCheck('media', 'app://shell', { isMainFrame: true, mediaType: 'audio', embeddingOrigin: 'https://evil.example' })).toBe(false);
    expect(permissionCheck('media', 'app://shell', { isMainFrame: true, mediaType: 'audio', requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(permissionCheck('media', 'https://evil.example', { isMainFrame: true, mediaType: 'audio' })).toBe(false);
    expect(permissionCheck('media', 'null', { isMainFrame: true, mediaType: 'audio' })).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'clipboard-read', 'background-sync', 'persistent-storage', 'hid', 'usb', 'serial', 'fullscreen'])(
    'answers no for %s',
    (permission) => {
      expect(permissionCheck(permission, 'app://shell', { isMainFrame: true, mediaType: 'audio' })).toBe(false);
    },
  );
});

describe('screen capture during a helper\'s call', () => {
  const during = { mayCaptureScreen: true };
  it('is allowed to the shell main frame only while a helper in an answered call asked for the screen', () => {
    expect(permissionDecision('display-capture', app, { isMainFrame: true }, during)).toBe(true);
    expect(permissionCheck('display-capture', 'app://shell', { isMainFrame: true }, during)).toBe(true);
    expect(permissionDecision('display-capture', app, { isMainFrame: true }, { mayCaptureScreen: false })).toBe(false);
    expect(permissionDecision('display-capture', app, { isMainFrame: true })).toBe(false);
    expect(permissionCheck('display-capture', 'app://shell', { isMainFrame: true })).toBe(false);
  });

  it('is refused to other pages and frames even during a call, and gives nothing else', () => {
    expect(permissionDecision('display-capture', 'https://evil.example/', { isMainFrame: true }, during)).toBe(false);
    expect(permissionDecision('display-capture', app, { isMainFrame: false }, during)).toBe(false);
    expect(permissionCheck('display-capture', 'app://shell', { isMainFrame: true, embeddingOrigin: 'https://evil.example' }, during)).toBe(false);
    // The camera is the shell's own (a webzine story's photo), not the call's: a call adds only the screen.
    expect(permissionDecision('media', app, { isMainFrame: true, mediaTypes: ['desktop'] }, during)).toBe(false);
    expect(permissionDecision('geolocation', app, { isMainFrame: true }, during)).toBe(false);
  });
});
