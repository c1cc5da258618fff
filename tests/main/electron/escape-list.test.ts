/**
 * The kiosk's escape list, one row per way out a visitor might try, each checked against the pure
 * decision that blocks it inside the app. What the session blocks instead (VT switching, server
 * keys, window-manager shortcuts) is tested in tests/build/kiosk-session.test.ts; what Chromium can
 * show end to end (navigation, window.open, downloads, drag-and-drop, context menu) in
 * tests/e2e/kiosk-escapes.spec.ts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBlockedShortcut, type KeyInput } from '../../../main/policy/keys.ts';
import { downloadDecision, mayCloseWindow, mayKeepDevToolsOpen, safeDownloadName, shouldReturnToFullScreen } from '../../../main/policy/lockdown.ts';
import { isNavigationAllowed, windowOpenDecision } from '../../../main/policy/navigation.ts';
import { permissionCheck, permissionDecision } from '../../../main/policy/permissions.ts';
import { shellWindowOptions } from '../../../main/electron/window-options.ts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, shift: false, alt: false, meta: false, ...mods });

describe('keyboard escapes (before-input-event → isBlockedShortcut)', () => {
  it.each<[string, KeyInput]>([
    ['Alt+F4 close the window', key('F4', { alt: true })],
    ['Ctrl+W close', key('w', { control: true })],
    ['Ctrl+Q quit', key('q', { control: true })],
    ['Ctrl+R reload', key('r', { control: true })],
    ['Ctrl+Shift+R hard reload', key('R', { control: true, shift: true })],
    ['Ctrl+N new window', key('n', { control: true })],
    ['Ctrl+Shift+N incognito window', key('N', { control: true, shift: true })],
    ['Ctrl+T new tab', key('t', { control: true })],
    ['Ctrl+Shift+T reopen tab', key('T', { control: true, shift: true })],
    ['Ctrl+P print', key('p', { control: true })],
    ['Ctrl+O open a file (GTK chooser)', key('o', { control: true })],
    ['Ctrl+S save page (GTK chooser)', key('s', { control: true })],
    ['Ctrl+U view source', key('u', { control: true })],
    ['Ctrl+H history', key('h', { control: true })],
    ['Ctrl+J downloads', key('j', { control: true })],
    ['Ctrl+Shift+Delete clear browsing data', key('Delete', { control: true, shift: true })],
    ['Ctrl+Shift+B bookmarks', key('B', { control: true, shift: true })],
    ['Ctrl+Shift+O bookmark manager', key('O', { control: true, shift: true })],
    ['F5 reload', key('F5')],
    ['F6 address bar', key('F6')],
    ['F7 caret browsing', key('F7')],
    ['F10 menu bar', key('F10')],
    ['F11 leave full screen', key('F11')],
    ['F12 DevTools', key('F12')],
    ['Ctrl+Shift+I DevTools', key('I', { control: true, shift: true })],
    ['Ctrl+Shift+J console', key('J', { control: true, shift: true })],
    ['Ctrl+Shift+C inspector', key('C', { control: true, shift: true })],
    ['Ctrl+F4 close', key('F4', { control: true })],
    ['Alt+Left back', key('ArrowLeft', { alt: true })],
    ['Alt+Right forward', key('ArrowRight', { alt: true })],
    ['Alt+Home home page', key('Home', { alt: true })],
    ['Shift+F10 context menu', key('F10', { shift: true })],
    ['Menu key context menu', key('ContextMenu')],
    ['keyboard Back key', key('BrowserBack')],
    ['keyboard Forward key', key('BrowserForward')],
    ['keyboard Refresh key', key('BrowserRefresh')],
    ['keyboard Home key', key('BrowserHome')],
    ['keyboard Search key', key('BrowserSearch')],
    ['Super+R (meta counts as Ctrl)', key('r', { meta: true })],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
  });

  it.each<[string, KeyInput]>([
    ['Ctrl+C copy (taught in lessons)', key('c', { control: true })],
    ['Ctrl+V paste', key('v', { control: true })],
    ['Ctrl+Plus zoom (low vision)', key('+', { control: true })],
    ['Enter', key('Enter')],
    ['letters', key('a')],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(false);
  });
});

describe('navigation escapes (will-navigate, will-frame-navigate, will-redirect → isNavigationAllowed)', () => {
  it.each([
    'file:///etc/passwd',
    'file:///home/',
    'chrome://settings',
    'chrome://downloads',
    'chrome://flags',
    'devtools://devtools/bundled/inspector.html',
    'view-source:app://shell/',
    'about:blank',
    'javascript:alert(1)',
    'data:text/html,<h1>hi</h1>',
    'blob:app://shell/1234',
    'https://www.google.com/',
    'http://127.0.0.1:8600/console',
    'mailto:someone@example.org',
    'tel:+33123456789',
    'app://shell.attacker/',
  ])('refuses %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it("keeps the shell's own pages", () => {
    expect(isNavigationAllowed('app://shell/')).toBe(true);
  });
});

describe('new windows (setWindowOpenHandler → windowOpenDecision)', () => {
  it.each(['https://example.org/', 'app://shell/', 'about:blank', '', 'chrome://settings'])('denies a window for %j (window.open, target=_blank, middle click)', (url) => {
    expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
  });
});

describe('external programs and devices (permission handlers)', () => {
  it.each(['openExternal', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen', 'pointerLock', 'fileSystem', 'hid', 'serial', 'usb', 'display-capture'])(
    'denies %s, even to the shell',
    (permission) => {
      expect(permissionDecision(permission, 'app://shell/', { isMainFrame: true, mediaTypes: [] })).toBe(false);
      expect(permissionCheck(permission, 'app://shell', { isMainFrame: true })).toBe(false);
    },
  );
});

describe('downloads (will-download → downloadDecision): only into the visitor folder, never a chooser', () => {
  const visitorDownloadsDir = '/var/lib/passerelle/shell/visitors/3f2c/downloads';

  it('refuses every download outside a visit (home loans, the welcome screen)', () => {
    expect(downloadDecision({ url: 'app://shell/lessons/x/photo.jpg', suggestedFilename: 'photo.jpg', visitorDownloadsDir: null })).toMatchObject({ action: 'refuse' });
  });

  it("saves a file the shell itself offers straight into the visitor's folder", () => {
    expect(downloadDecision({ url: 'app://shell/lessons/x/photo.jpg', suggestedFilename: 'photo.jpg', visitorDownloadsDir })).toEqual({
      action: 'save',
      savePath: path.join(visitorDownloadsDir, 'photo.jpg'),
    });
    expect(downloadDecision({ url: 'blob:app://shell/5d1e-aa', suggestedFilename: 'lettre.txt', visitorDownloadsDir })).toMatchObject({ action: 'save' });
    expect(downloadDecision({ url: 'data:text/plain,hello', suggestedFilename: 'note.txt', visitorDownloadsDir })).toMatchObject({ action: 'save' });
  });

  it.each(['https://evil.example/setup.sh', 'http://127.0.0.1:8600/x', 'file:///etc/passwd', 'blob:https://evil.example/1', 'ftp://x/y', 'not a url'])('refuses a download from %s', (url) => {
    expect(downloadDecision({ url, suggestedFilename: 'x.bin', visitorDownloadsDir })).toMatchObject({ action: 'refuse' });
  });

  it.each([
    ['../../../.bashrc', 'bashrc'],
    ['/etc/passwd', 'passwd'],
    ['..\\..\\x.exe', 'x.exe'],
  ])('keeps %j inside the visitor folder, as %j', (name, saved) => {
    expect(downloadDecision({ url: 'app://shell/x', suggestedFilename: name, visitorDownloadsDir })).toEqual({ action: 'save', savePath: path.join(visitorDownloadsDir, saved) });
  });

  it('cleans file names, and refuses one that cleans to nothing', () => {
    expect(safeDownloadName('../../.bashrc')).toBe('bashrc');
    expect(safeDownloadName('facture mai 2025.pdf')).toBe('facture mai 2025.pdf');
    expect(safeDownloadName('a;rm -rf $(x).sh')).toBe('a_rm -rf __x_.sh');
    expect(safeDownloadName('..')).toBeNull();
    expect(safeDownloadName(42)).toBeNull();
    expect(downloadDecision({ url: 'app://shell/x', suggestedFilename: '...', visitorDownloadsDir })).toMatchObject({ action: 'refuse' });
  });
});

describe('the window itself', () => {
  const packagedKiosk = shellWindowOptions({ preloadPath: 'p', isPackaged: true, kiosk: true });

  it('drag-and-drop of a file or a link never navigates the page (navigateOnDragDrop: false)', () => {
    expect(packagedKiosk.webPreferences?.navigateOnDragDrop).toBe(false);
  });

  it('no DevTools in production, and an opened DevTools is closed at once', () => {
    expect(packagedKiosk.webPreferences?.devTools).toBe(false);
    expect(mayKeepDevToolsOpen(true)).toBe(false);
    expect(mayKeepDevToolsOpen(false)).toBe(true);
  });

  it('no webviews, no minimising, full screen', () => {
    expect(packagedKiosk.webPreferences?.webviewTag).toBe(false);
    expect(packagedKiosk).toMatchObject({ kiosk: true, fullscreen: true, minimizable: false });
  });

  it("a window manager's close (Alt+F4, close button at home) is refused in a kiosk unless the shell quits", () => {
    expect(mayCloseWindow({ kiosk: true, quitting: false })).toBe(false);
    expect(mayCloseWindow({ kiosk: true, quitting: true })).toBe(true);
    expect(mayCloseWindow({ kiosk: false, quitting: false })).toBe(true);
  });

  it('leaving full screen in a kiosk goes straight back', () => {
    expect(shouldReturnToFullScreen({ kiosk: true, quitting: false })).toBe(true);
    expect(shouldReturnToFullScreen({ kiosk: false, quitting: false })).toBe(false);
    expect(shouldReturnToFullScreen({ kiosk: true, quitting: true })).toBe(false);
  });
});
