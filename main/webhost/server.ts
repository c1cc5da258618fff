/**
 * The web host: the shell's renderer and bridge served to any Chromium on 127.0.0.1.
 * The bridge is a WebSocket that only accepts this host's own origin and a random session token,
 * so another local program or a web page cannot drive the shell.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { BridgeInputError, dispatchBridgeCall } from '../../app/bridge/contract.ts';
import type { ShellServices } from '../shell.ts';
import { APP_ORIGIN } from '../electron/app-origin.ts';
import { resolveAppRequest } from '../electron/protocol.ts';
import { contentTypeFor } from './static.ts';

export type WebHostOptions = {
  shell: ShellServices;
  rendererDir: string;
  lessonsDir: string;
  port?: number;
  host?: string;
  /** Extra origin allowed to reach the hub from the page (connect-src). */
  contentSecurityPolicy?: string;
};

export type WebHost = { url: string; origin: string; token: string; close(): Promise<void> };

/** Same rules as the Electron window: only our own files, our own socket, no inline script. */
const DEFAULT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' data: blob:; " +
  "connect-src 'self' ws://127.0.0.1:*; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

type Incoming = { id: number; call: string; payload: unknown };

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const csp = options.contentSecurityPolicy ?? DEFAULT_CSP;

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // One path resolver for both hosts: the web host answers exactly what app://shell/ would.
    const file = resolveAppRequest(`${APP_ORIGIN}${req.url ?? '/'}`, { rendererDir: options.rendererDir, lessonsDir: options.lessonsDir });
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': contentTypeFor(file),
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': path.basename(file) === 'index.html' ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const sockets = new Set<WebSocket>();
  let origin = '';

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const expected = Buffer.from(token);
    const tokenOk = given.length === expected.length && timingSafeEqual(given, expected);
    if (url.pathname !== '/bridge' || !tokenOk || req.headers.origin !== origin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const unsubscribe = options.shell.onEvent((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) ws.send(message);
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', async (data) => {
      let incoming: Incoming;
      try {
        incoming = JSON.parse(data.toString()) as Incoming;
        if (typeof incoming !== 'object' || incoming === null || typeof incoming.id !== 'number') throw new Error('bad frame');
      } catch {
        ws.send(JSON.stringify({ id: null, ok: false, error: { code: 'bad_frame', message: 'expected {id, call, payload}' } }));
        return;
      }
      try {
        const result = await dispatchBridgeCall(options.shell.handlers, incoming.call, incoming.payload);
        ws.send(JSON.stringify({ id: incoming.id, ok: true, result }));
      } catch (error) {
        // Same answers as Electron's IPC: a refused payload says why; an internal error stays in the log.
        if (error instanceof BridgeInputError) {
          ws.send(JSON.stringify({ id: incoming.id, ok: false, error: { code: 'bad_input', message: error.message } }));
        } else {
          console.error(`[passerelle] bridge call ${String(incoming.call)} failed`, error);
          ws.send(JSON.stringify({ id: incoming.id, ok: false, error: { code: 'internal', message: 'the shell could not do this' } }));
        }
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const address = server.address() as { port: number };
  origin = `http://${host}:${address.port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
