/**
 * The entry file's wiring, run under plain Node: main.ts is bundled as for the app and executed with
 * a stand-in for the `electron` module that records what the entry asks of it. The real shell
 * services start (in a temp folder), so this also proves main.ts and main/shell.ts fit together.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeCallNames, ipcChannel } from '../../../app/bridge/contract.ts';

const root = path.resolve(import.meta.dirname, '../../..');
type Listener = (...args: unknown[]) => unknown;

class Emitter {
  listeners = new Map<string, Listener[]>();
  on(name: string, listener: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener) {
    return this.on(name, listener);
  }
  emit(name: string, ...args: unknown[]) {
    return (this.listeners.get(name) ?? []).map((listener) => listener(...args));
  }
}

class FakeWebContents extends Emitter {
  sent: unknown[][] = [];
  windowOpenHandler: Listener | null = null;
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
}

const record: { order: string[]; schemes: unknown; menu: unknown; windows: FakeWindow[] } = { order: [], schemes: null, menu: undefined, windows: [] };

class FakeWindow extends Emitter {
  webContents = new FakeWebContents();
  loaded: string[] = [];
  constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    record.windows.push(this);
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show() {}
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
}

let resolveReady: () => void = () => {};
const ready = new Promise<void>((resolve) => (resolveReady = resolve));
let userData: string;
const app = Object.assign(new Emitter(), {
  isPackaged: false,
  enableSandbox: vi.fn(() => record.order.push('enableSandbox')),
  requestSingleInstanceLock: () => true,
  whenReady: () => ready,
  getPath: (name: string) => (name === 'userData' ? userData : os.tmpdir()),
  getVersion: () => '0.0.0-test',
  quit: vi.fn(),
  exit: vi.fn(),
});
const sessionHandlers: Record<string, Listener> = {};
const defaultSession = Object.assign(new Emitter(), {
  protocol: { handle: (scheme: string, handler: Listener) => (sessionHandlers[`protocol:${scheme}`] = handler) },
  setPermissionRequestHandler: (handler: Listener) => (sessionHandlers.permissionRequest = handler),
  setPermissionCheckHandler: (handler: Listener) => (sessionHandlers.permissionCheck = handler),
  setDevicePermissionHandler: (handler: Listener) => (sessionHandlers.device = handler),
  webRequest: { onHeadersReceived: (handler: Listener) => (sessionHandlers.headers = handler) },
});
const ipcHandlers = new Map<string, Listener>();
const fakeElectron = {
  app,
  BrowserWindow: FakeWindow,
  Menu: { setApplicationMenu: (menu: unknown) => ((record.menu = menu), record.order.push('menu')) },
  protocol: { registerSchemesAsPrivileged: (schemes: unknown) => ((record.schemes = schemes), record.order.push('schemes')) },
  session: { defaultSession },
  ipcMain: { handle: (channel: string, listener: Listener) => ipcHandlers.set(channel, listener), removeHandler: (channel: string) => ipcHandlers.delete(channel) },
  net: { fetch: async (url: string) => new Response(readFileSync(new URL(url))) },
};

const savedEnv = { ...process.env };
const savedResourcesPath = (process as { resourcesPath?: string }).resourcesPath;

beforeAll(async () => {
  userData = mkdtempSync(path.join(os.tmpdir(), 'passerelle-main-glue-'));
  // Port 9 (discard): the sync loop fails fast instead of waiting on a real hub.
  process.env.PASSERELLE_HUB_URL = 'http://127.0.0.1:9';
  delete process.env.PASSERELLE_KIOSK;
  (process as { resourcesPath?: string }).resourcesPath = path.join(userData, 'resources');
  vi.spyOn(console, 'error').mockImplementation(() => {});

  const bundle = await build({
    entryPoints: [path.join(root, 'main/electron/main.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    external: ['electron', 'better-sqlite3', 'electron-updater'],
    logLevel: 'silent',
  });
  const realRequire = createRequire(path.join(root, 'package.json'));
  const bundleDir = path.join(root, 'dist', 'electron');
  const fakeRequire = (id: string) => (id === 'electron' ? fakeElectron : realRequire(id));
  new Function('require', 'module', 'exports', '__dirname', '__filename', bundle.outputFiles[0]!.text)(fakeRequire, { exports: {} }, {}, bundleDir, path.join(bundleDir, 'main.cjs'));
  expect(record.order).toEqual(['schemes', 'enableSandbox', 'menu']); // all before 'ready'
  resolveReady();
  await vi.waitFor(() => expect(record.windows).toHaveLength(1), { timeout: 10_000 });
});

afterAll(async () => {
  // Quit as the app would: the services close, then the app quits.
  const event = { preventDefault: vi.fn() };
  app.emit('before-quit', event);
  expect(event.preventDefault).toHaveBeenCalled();
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalled(), { timeout: 10_000 });
  process.env = savedEnv;
  (process as { resourcesPath?: string }).resourcesPath = savedResourcesPath;
  vi.restoreAllMocks();
  rmSync(userData, { recursive: true, force: true });
});

describe('main.ts wiring, with a stand-in electron', () => {
  it('registers app:// as a standard, secure scheme and removes the menu before ready', () => {
    expect(record.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(record.menu).toBeNull();
    expect(app.enableSandbox).toHaveBeenCalled();
  });

  it('opens one sandboxed, windowed (unpackaged) window on app://shell/ with the bundled preload', () => {
    const [window] = record.windows;
    expect(window!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: true });
    expect(window!.options.webPreferences.preload).toBe(path.join(root, 'dist/electron/preload.cjs'));
    expect(window!.options.kiosk).toBe(false);
    expect(window!.loaded).toEqual(['app://shell/']);
  });

  it('serves lesson files over app:// with the CSP naming the configured hub, and refuses traversal', async () => {
    const handler = sessionHandlers['protocol:app']!;
    const picture = readFileSync(path.join(root, 'lessons/souris-cliquer/lesson.yaml'));
    const ok = (await handler(new Request('app://shell/lessons/souris-cliquer/lesson.yaml'))) as Response;
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(picture)).toBe(true);
    expect(ok.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:9 ws://127.0.0.1:9");
    expect(((await handler(new Request('app://shell/lessons/%2e%2e/package.json'))) as Response).status).toBe(404);
  });

  it('answers permissions with the pure decisions', () => {
    const answers: boolean[] = [];
    const contents = {};
    sessionHandlers.permissionRequest!(contents, 'geolocation', (granted: boolean) => answers.push(granted), { isMainFrame: true, requestingUrl: 'app://shell/' });
    sessionHandlers.permissionRequest!(contents, 'media', (granted: boolean) => answers.push(granted), { isMainFrame: true, requestingUrl: 'app://shell/', mediaTypes: ['audio'] });
    sessionHandlers.permissionRequest!(contents, 'media', (granted: boolean) => answers.push(granted), { isMainFrame: true, requestingUrl: 'app://shell/', mediaTypes: ['video'] });
    expect(answers).toEqual([false, true, false]);
    expect(sessionHandlers.permissionCheck!(contents, 'notifications', 'app://shell', { isMainFrame: true })).toBe(false);
    expect(sessionHandlers.device!()).toBe(false);
  });

  it('adds the CSP to http responses and refuses downloads', () => {
    let headers: unknown;
    sessionHandlers.headers!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'x-other': ['1'] } }, (answer: { responseHeaders: unknown }) => (headers = answer.responseHeaders));
    expect(headers).toEqual({ 'x-other': ['1'], 'Content-Security-Policy': [expect.stringContaining("script-src 'self'")] });
    const download = { preventDefault: vi.fn() };
    defaultSession.emit('will-download', download, { getURL: () => 'https://evil.example/x.sh' });
    expect(download.preventDefault).toHaveBeenCalled();
  });

  it('guards every new webContents: navigation, redirects, new windows, webviews, shortcuts', () => {
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    const away = { url: 'https://hub.example.org.attacker.com/', preventDefault: vi.fn() };
    const home = { url: 'app://shell/', preventDefault: vi.fn() };
    contents.emit('will-navigate', away);
    contents.emit('will-navigate', home);
    const redirect = { url: 'file:///etc/passwd', preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(home.preventDefault).not.toHaveBeenCalled();
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const reload = { preventDefault: vi.fn() };
    contents.emit('before-input-event', reload, { type: 'keyDown', key: 'F5' });
    expect(reload.preventDefault).toHaveBeenCalled();
  });

  it('answers the bridge over IPC for the shell window only', async () => {
    expect([...ipcHandlers.keys()].sort()).toEqual(bridgeCallNames.map(ipcChannel).sort());
    const window = record.windows[0]!;
    const handler = ipcHandlers.get(ipcChannel('getShellInfo'))!;
    const reply = (await handler({ senderFrame: { url: 'app://shell/', parent: null }, sender: window.webContents }, {})) as { ok: boolean; value: { appVersion: string } };
    expect(reply).toMatchObject({ ok: true, value: { appVersion: '0.0.0-test', enrolled: false } });
    const other = await handler({ senderFrame: { url: 'app://shell/', parent: null }, sender: new FakeWebContents() }, {});
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('reloads the home screen after a renderer crash', () => {
    const window = record.windows[0]!;
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(window.loaded.at(-1)).toBe('app://shell/');
    expect(window.loaded).toHaveLength(2);
  });
});
