import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { startWebHost, type WebHost } from '../../../main/webhost/server.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
let dir: string;
let shell: ShellServices;
let host: WebHost;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhost-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html lang="fr" dir="ltr"><title>shell</title></html>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  // Not enrolled, hub unreachable: the bridge still answers from local services.
  shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: 'http://127.0.0.1:9', lessonsDir, appVersion: '1' });
  host = await startWebHost({ shell, rendererDir, lessonsDir });
});
afterAll(async () => {
  await host.close();
  await shell.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function connect(token: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge?token=${token}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, frame: unknown): Promise<{ id: number | null; ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('web host', () => {
  it('serves the renderer with a strict CSP', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>shell</title>');
    expect((await fetch(`${host.origin}/lessons/souris-cliquer/pictures/2B50.svg`)).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('writes the machine’s mode, language and start question into the page, as they are at each load', async () => {
    // Not enrolled yet: the enrolment screen comes first, so the renderer must wait for the bridge.
    expect(await (await fetch(`${host.origin}/`)).text()).toContain('<html lang="fr" dir="ltr" data-mode="home" data-asks="true">');
    await shell.handlers.setLanguage({ language: 'ar' });
    try {
      const page = await (await fetch(`${host.origin}/index.html`)).text();
      expect(page).toContain('<html lang="ar" dir="rtl" data-mode="home" data-asks="true"><title>shell</title>');
    } finally {
      await shell.handlers.setLanguage({ language: 'fr' });
    }
    // Other files are served as they are on disk.
    expect(await (await fetch(`${host.origin}/lessons/souris-cliquer/pictures/2B50.svg`)).text()).toBe(fs.readFileSync(path.join(lessonsDir, 'souris-cliquer/pictures/2B50.svg'), 'utf8'));
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/lessons/..%2f..%2fsecret.txt', '/lessons/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt'])(
    'refuses the traversal %s',
    async (attempt) => {
      const res = await fetch(`${host.origin}${attempt}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('secret');
    },
  );

  it('refuses a bridge connection without the session token or from another origin', async () => {
    await expect(connect('wrong', host.origin)).rejects.toThrow('HTTP 403');
    await expect(connect(host.token, 'http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connect(host.token, undefined)).rejects.toThrow('HTTP 403');
  });

  it('answers calls, and refuses bad frames and bad payloads with a clear error', async () => {
    const ws = await connect(host.token, host.origin);
    const info = await call(ws, { id: 1, call: 'getShellInfo', payload: {} });
    expect(info).toMatchObject({ id: 1, ok: true, value: { enrolled: false, mode: 'home', language: 'fr' } });
    expect(await call(ws, 'not json')).toMatchObject({ ok: false, error: { code: 'bad_frame' } });
    expect(await call(ws, { id: 2, call: 'requestHelp', payload: { context: {} } })).toMatchObject({ id: 2, ok: false, error: { code: 'bad_input' } });
    expect(await call(ws, { id: 3, call: 'constructor', payload: {} })).toMatchObject({ id: 3, ok: false, error: { code: 'bad_input' } });
    expect(await shell.handlers.getOpenHelpRequests({})).toEqual([]);
    ws.close();
  });
});

describe('one answer shape for both hosts', () => {
  it('the web host answers a bad call exactly as Electron’s IPC does, with the call’s id', async () => {
    const { answerBridgeCall } = await import('../../../main/bridge/ipc.ts');
    const viaIpc = await answerBridgeCall({ handlers: shell.handlers, log: () => undefined }, 'requestHelp', { senderFrame: { url: 'app://shell/', parent: null }, sender: null }, { context: {} });
    const ws = await connect(host.token, host.origin);
    const viaSocket = await call(ws, { id: 7, call: 'requestHelp', payload: { context: {} } });
    ws.close();
    expect(viaIpc.ok).toBe(false);
    expect(viaSocket).toEqual({ id: 7, ...viaIpc });
    const okIpc = await answerBridgeCall({ handlers: shell.handlers, log: () => undefined }, 'getUsageConsent', { senderFrame: { url: 'app://shell/', parent: null }, sender: null }, {});
    const ws2 = await connect(host.token, host.origin);
    expect(await call(ws2, { id: 8, call: 'getUsageConsent', payload: {} })).toEqual({ id: 8, ...okIpc });
    ws2.close();
  });
});
