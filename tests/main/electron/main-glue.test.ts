/**
 * The entry file's wiring, run under plain Node: main.ts is bundled as for the app and executed with
 * a stand-in for the `electron` module that records what the entry asks of it. The real shell
 * services start (in a temp folder), so this also proves main.ts and main/shell.ts fit together.
 * The machine is a kiosk (mode set in its store, PASSERELLE_KIOSK=1): each visit's window runs on
 * its own in-memory partition, replaced when the visit ends.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeCallNames, ipcChannel } from '../../../app/bridge/contract.ts';
import { openShellDb, setSetting } from '../../../main/store/db.ts';

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
  session: FakeSession | null = null;
  mainFrame = { processId: 7, routingId: 1, url: 'app://shell/' };
  devToolsClosed = 0;
  closeDevTools() {
    this.devToolsClosed++;
  }
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
  destroyed = false;
  fullScreenCalls: boolean[] = [];
  constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    const partition = options.webPreferences.partition as string | undefined;
    this.webContents.session = partition ? fakeElectron.session.fromPartition(partition) : defaultSession;
    record.windows.push(this);
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
  setFullScreen(on: boolean) {
    this.fullScreenCalls.push(on);
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
/** A session: what hardenSession sets on it, and what is cleared when a visit ends. */
class FakeSession extends Emitter {
  handlers: Record<string, Listener> = {};
  cleared: string[] = [];
  constructor(readonly name: string) {
    super();
  }
  protocol = { handle: (scheme: string, handler: Listener) => (this.handlers[`protocol:${scheme}`] = handler) };
  setPermissionRequestHandler = (handler: Listener) => (this.handlers.permissionRequest = handler);
  setPermissionCheckHandler = (handler: Listener) => (this.handlers.permissionCheck = handler);
  setDevicePermissionHandler = (handler: Listener) => (this.handlers.device = handler);
  setDisplayMediaRequestHandler = (handler: Listener) => (this.handlers.displayMedia = handler);
  webRequest = { onHeadersReceived: (handler: Listener) => (this.handlers.headers = handler) };
  clearStorageData = async () => void this.cleared.push('storage');
  clearCache = async () => void this.cleared.push('cache');
  clearAuthCache = async () => void this.cleared.push('auth');
  clearHostResolverCache = async () => void this.cleared.push('hosts');
}
const defaultSession = new FakeSession('default');
const sessionHandlers = defaultSession.handlers;
const partitions = new Map<string, FakeSession>();
const clipboard = { clear: vi.fn(), selection: { clear: vi.fn() } };
const ipcHandlers = new Map<string, Listener>();
const fakeElectron = {
  app,
  BrowserWindow: FakeWindow,
  Menu: { setApplicationMenu: (menu: unknown) => ((record.menu = menu), record.order.push('menu')) },
  protocol: { registerSchemesAsPrivileged: (schemes: unknown) => ((record.schemes = schemes), record.order.push('schemes')) },
  session: {
    defaultSession,
    fromPartition: (name: string) => {
      if (!partitions.has(name)) partitions.set(name, new FakeSession(name));
      return partitions.get(name)!;
    },
  },
  screen: { getPrimaryDisplay: () => ({ bounds: { x: 0, y: 0, width: 1366, height: 768 } }) },
  clipboard,
  ipcMain: { handle: (channel: string, listener: Listener) => ipcHandlers.set(channel, listener), removeHandler: (channel: string) => ipcHandlers.delete(channel) },
  net: { fetch: async (url: string) => new Response(readFileSync(new URL(url))) },
};

const savedEnv = { ...process.env };
const savedResourcesPath = (process as { resourcesPath?: string }).resourcesPath;

beforeAll(async () => {
  userData = mkdtempSync(path.join(os.tmpdir(), 'passerelle-main-glue-'));
  // Port 9 (discard): the sync loop fails fast instead of waiting on a real hub.
  process.env.PASSERELLE_HUB_URL = 'http://127.0.0.1:9';
  process.env.PASSERELLE_KIOSK = '1';
  delete process.env.PASSERELLE_MACHINE_DATA;
  delete process.env.XDG_CURRENT_DESKTOP;
  // A kiosk machine: the hub's mode, as enrolment would have stored it.
  const store = openShellDb(path.join(userData, 'shell.sqlite'));
  setSetting(store, 'mode', 'kiosk');
  store.close();
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

  it("opens one sandboxed kiosk window the screen's size on app://shell/ with the bundled preload, on the first visitor partition", () => {
    const [window] = record.windows;
    expect(window!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: true, partition: 'visitor-1' });
    expect(window!.options.webPreferences.preload).toBe(path.join(root, 'dist/electron/preload.cjs'));
    expect(window!.options).toMatchObject({ kiosk: true, frame: false, x: 0, y: 0, width: 1366, height: 768 });
    expect(window!.loaded).toEqual(['app://shell/']);
  });

  it('hardens the visitor partition like the default session before the window loads', async () => {
    const visitor = partitions.get('visitor-1')!;
    expect(Object.keys(visitor.handlers).sort()).toEqual(Object.keys(sessionHandlers).sort());
    const ok = (await visitor.handlers['protocol:app']!(new Request('app://shell/lessons/souris-cliquer/lesson.yaml'))) as Response;
    expect(ok.status).toBe(200);
    const answers: boolean[] = [];
    visitor.handlers.permissionRequest!({}, 'geolocation', (granted: boolean) => answers.push(granted), { isMainFrame: true, requestingUrl: 'app://shell/' });
    expect(answers).toEqual([false]);
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
    sessionHandlers.permissionRequest!(contents, 'media', (granted: boolean) => answers.push(granted), { isMainFrame: true, requestingUrl: 'app://shell/', mediaTypes: ['desktop'] });
    expect(answers).toEqual([false, true, false]);
    expect(sessionHandlers.permissionCheck!(contents, 'notifications', 'app://shell', { isMainFrame: true })).toBe(false);
    expect(sessionHandlers.device!()).toBe(false);
  });

  it("refuses the page's screen request when no helper in an answered call asked for it", async () => {
    const window = record.windows[0]!;
    const answer = await new Promise((resolve) =>
      sessionHandlers.displayMedia!({ frame: window.webContents.mainFrame, videoRequested: true, audioRequested: false, securityOrigin: 'app://shell' }, resolve),
    );
    expect(answer).toEqual({});
  });

  it('adds the CSP to http responses and refuses downloads', () => {
    let headers: unknown;
    sessionHandlers.headers!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'x-other': ['1'] } }, (answer: { responseHeaders: unknown }) => (headers = answer.responseHeaders));
    expect(headers).toEqual({ 'x-other': ['1'], 'Content-Security-Policy': [expect.stringContaining("script-src 'self'")] });
    const download = { preventDefault: vi.fn() };
    defaultSession.emit('will-download', download, { getURL: () => 'https://evil.example/x.sh', getFilename: () => 'x.sh', setSavePath: vi.fn() });
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

  const call = (name: string, contents: FakeWebContents, payload: unknown = {}) =>
    ipcHandlers.get(ipcChannel(name as never))!({ senderFrame: { url: 'app://shell/', parent: null }, sender: contents }, payload) as Promise<{ ok: boolean; value: unknown; error?: unknown }>;

  it('refuses a window-manager close of the kiosk window and goes back to full screen when it leaves it', () => {
    const window = record.windows.at(-1)!;
    const close = { preventDefault: vi.fn() };
    window.emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
    window.emit('leave-full-screen');
    expect(window.fullScreenCalls).toEqual([true]);
  });

  it("saves a visitor's download only into the visit's folder, on the visitor partition", async () => {
    const window = record.windows.at(-1)!;
    expect((await call('startVisit', window.webContents)).ok).toBe(true);
    const setSavePath = vi.fn();
    const ok = { preventDefault: vi.fn() };
    partitions.get('visitor-1')!.emit('will-download', ok, { getURL: () => 'app://shell/lessons/souris-cliquer/lesson.yaml', getFilename: () => 'lesson.yaml', setSavePath });
    expect(ok.preventDefault).not.toHaveBeenCalled();
    expect(setSavePath).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`^${userData}/visitors/[0-9a-f-]{36}/downloads/lesson.yaml$`)));
    const refused = { preventDefault: vi.fn() };
    partitions.get('visitor-1')!.emit('will-download', refused, { getURL: () => 'https://evil.example/x.sh', getFilename: () => 'x.sh', setSavePath });
    expect(refused.preventDefault).toHaveBeenCalled();
  });

  it("after \"J'ai fini\" a new window on a fresh partition replaces the old one, which is emptied; the clipboard is cleared", async () => {
    const before = record.windows.length;
    const old = record.windows.at(-1)!;
    expect((await call('endVisit', old.webContents)).ok).toBe(true);
    await vi.waitFor(() => expect(partitions.get('visitor-1')!.cleared.sort()).toEqual(['auth', 'cache', 'hosts', 'storage']));
    expect(record.windows).toHaveLength(before + 1);
    expect(old.destroyed).toBe(true);
    const fresh = record.windows.at(-1)!;
    expect(fresh.options.webPreferences.partition).toBe('visitor-2');
    expect(fresh.loaded).toEqual(['app://shell/']);
    expect(clipboard.clear).toHaveBeenCalled();
    expect(clipboard.selection.clear).toHaveBeenCalled();
    // The bridge now answers the new window only.
    expect(await call('getKioskState', old.webContents)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('getKioskState', fresh.webContents)).toMatchObject({ ok: true, value: { mode: 'kiosk', visit: null } });
  });
});
