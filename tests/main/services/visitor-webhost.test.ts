/**
 * The web host's side of a kiosk visit's end, over real HTTP and WebSocket: the page is told, its
 * socket closed, its token no longer opens the bridge, and /visit-ended answers once with
 * Clear-Site-Data and the way to the welcome screen under the new token. (The browser's side,
 * that the storage is really empty afterwards, is tests/e2e/kiosk-visit.spec.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { openShellDb, setSetting } from '../../../main/store/db.ts';
import { CLEAR_SITE_DATA, startWebHost, type WebHost } from '../../../main/webhost/server.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
let dir: string;
let shell: ShellServices;
let host: WebHost;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhost-visit-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>shell</title>');
  const db = openShellDb(path.join(dir, 'shell', 'shell.sqlite'));
  setSetting(db, 'mode', 'kiosk');
  db.close();
  shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: 'http://127.0.0.1:9', lessonsDir, appVersion: '1' });
  host = await startWebHost({ shell, rendererDir, lessonsDir });
});
afterAll(async () => {
  await host.close();
  await shell.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Frame = { id?: number | null; ok?: boolean; value?: unknown; event?: string; payload?: unknown };

function connect(token: string): Promise<{ ws: WebSocket; frames: Frame[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge?token=${token}`, { origin: host.origin });
    const frames: Frame[] = [];
    const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const send = (ws: WebSocket, id: number, call: string) => ws.send(JSON.stringify({ id, call, payload: {} }));

describe('the end of a kiosk visit in the web host', () => {
  it('rotates the token: the old page is told and cut off, and /visit-ended clears the site once', async () => {
    const oldToken = host.token;
    const page = await connect(oldToken);
    send(page.ws, 1, 'startVisit');
    await expect.poll(() => page.frames.some((f) => f.id === 1)).toBe(true);
    send(page.ws, 2, 'endVisit');
    expect(await page.closed).toBe(4001);
    const ended = page.frames.find((f) => f.event === 'visitEnded');
    expect(ended?.payload).toEqual({ visitId: expect.any(String) });
    expect(host.token).not.toBe(oldToken);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}`);

    // The old token no longer opens the bridge.
    await expect(connect(oldToken)).rejects.toThrow('HTTP 403');

    // It opens /visit-ended once: Clear-Site-Data, then the welcome screen with the new token.
    const first = await fetch(`${host.origin}/visit-ended?token=${oldToken}&lang=ar`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('clear-site-data')).toBe(CLEAR_SITE_DATA);
    expect(first.headers.get('location')).toBe(`/?token=${host.token}&lang=ar`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const again = await fetch(`${host.origin}/visit-ended?token=${oldToken}`, { redirect: 'manual' });
    expect(again.status).toBe(403);

    // The new token works.
    const next = await connect(host.token);
    send(next.ws, 3, 'getKioskState');
    await expect.poll(() => next.frames.find((f) => f.id === 3)?.value).toMatchObject({ mode: 'kiosk', visit: null });
    next.ws.close();
  });

  it('refuses /visit-ended without a known token, and a language that is not two letters', async () => {
    expect((await fetch(`${host.origin}/visit-ended`, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${host.origin}/visit-ended?token=${'x'.repeat(32)}`, { redirect: 'manual' })).status).toBe(403);
    const current = await fetch(`${host.origin}/visit-ended?token=${host.token}&lang=javascript:alert(1)`, { redirect: 'manual' });
    expect(current.headers.get('location')).toBe(`/?token=${host.token}`);
  });
});
