/**
 * The web host: the shell's renderer and bridge served to any Chromium on 127.0.0.1.
 * The bridge is a WebSocket that only accepts this host's own origin and a random session token,
 * so another local program or a web page cannot drive the shell.
 *
 * A kiosk visit's equivalent of Electron's fresh partition: when a visit ends the token changes
 * (the old page can no longer reach the bridge) and the page goes through /visit-ended, whose
 * answer carries `Clear-Site-Data: "cache", "cookies", "storage"`: the browser itself empties the
 * site's storage, cookies and cache, then lands on the welcome screen with the new token.
 */
import { STORY_BODY_MAX_BYTES } from '../../app/protocol/webzine.ts';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BridgeReply } from '../../app/bridge/names.ts';
import { answerCall } from '../bridge/answer.ts';
import { shellLog } from '../log.ts';
import type { ShellServices } from '../shell.ts';
import { APP_ORIGIN } from '../policy/app-origin.ts';
import { resolveServedFile } from '../files/resolve.ts';
import { contentTypeFor } from '../files/content-types.ts';
import { isShellPage, shellPage } from '../files/page.ts';
import { isSiteTile, siteFrameDocument } from './site-frame.ts';

export type WebHostOptions = {
  shell: ShellServices;
  rendererDir: string;
  lessonsDir: string;
  port?: number;
  host?: string;
  /** Extra origin allowed to reach the hub from the page (connect-src). */
  contentSecurityPolicy?: string;
};

export type WebHost = {
  /** The address to open, with the current token (it changes when a kiosk visit ends). */
  readonly url: string;
  origin: string;
  readonly token: string;
  close(): Promise<void>;
};

/** What the browser must forget when a visitor leaves: everything the site stored. */
export const CLEAR_SITE_DATA = '"cache", "cookies", "storage"';

const newToken = () => randomBytes(24).toString('base64url');
const sameSecret = (given: string | null, expected: string | null): boolean => {
  if (given === null || expected === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Same rules as the Electron window: only our own files, our own socket, no inline script. */
const DEFAULT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' data: blob:; " +
  "connect-src 'self' ws://127.0.0.1:*; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'; frame-src 'self'";

type Incoming = { id: number; call: string; payload: unknown };

const PLAIN = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } as const;
const BAD_REQUEST = 'bad request: this host answers GET or HEAD for a path such as /index.html';

/**
 * The request target as a URL, or null when it is not a plain path (`/…`). The absolute form
 * (`http://host/…`), the authority form and anything the URL parser refuses (`//[`) are refused
 * here rather than thrown from a handler.
 */
export function parseTarget(target: string | undefined): URL | null {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.length > 8192) return null;
  try {
    return new URL(target, 'http://web-host');
  } catch {
    return null;
  }
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  let token = newToken();
  /** The token of the visit that just ended: good once, for /visit-ended only. */
  let previousToken: string | null = null;
  const host = options.host ?? '127.0.0.1';
  const csp = options.contentSecurityPolicy ?? DEFAULT_CSP;

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      shellLog('web host could not answer', error);
      if (!res.headersSent) res.writeHead(500, PLAIN).end('the shell could not answer');
      else res.destroy();
    });
  });
  // Whatever Node's parser cannot read (bad method, NUL bytes, headers too large, broken framing):
  // a 400 that says what is accepted, then the connection closes. Never an exception.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\n${BAD_REQUEST}`);
    else socket.destroy();
  });

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requested = parseTarget(req.url);
    if (!requested) {
      res.writeHead(400, PLAIN).end(BAD_REQUEST);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...PLAIN, allow: 'GET, HEAD' }).end('this host answers GET and HEAD only');
      return;
    }
    if (requested.pathname === '/visit-ended') {
      const given = requested.searchParams.get('token');
      const known = sameSecret(given, previousToken) || sameSecret(given, token);
      if (!known) {
        res.writeHead(403, PLAIN).end('forbidden');
        return;
      }
      if (sameSecret(given, previousToken)) previousToken = null;
      const language = requested.searchParams.get('lang');
      const next = `/?token=${token}${language && /^[a-z]{2}$/.test(language) ? `&lang=${language}` : ''}`;
      res.writeHead(303, { location: next, 'clear-site-data': CLEAR_SITE_DATA, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end();
      return;
    }
    // A website tile's frame (issue 13, site-frame.ts): only for this page's session.
    if (requested.pathname === '/site-frame') {
      const tile = options.shell.tiles.find(requested.searchParams.get('tile') ?? '');
      const frame = sameSecret(requested.searchParams.get('token'), token) && isSiteTile(tile) ? siteFrameDocument(tile, requested.searchParams.get('to')) : null;
      if (!frame) {
        res.writeHead(404, PLAIN).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': frame.csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      res.end(req.method === 'HEAD' ? undefined : frame.html);
      return;
    }
    // One file resolver for both hosts: the web host answers exactly what app://shell/ would.
    const file = await resolveServedFile(`${APP_ORIGIN}${req.url}`, { rendererDir: options.rendererDir, lessonsDir: options.lessonsDir, packsDir: options.shell.packsDir });
    if (!file) {
      res.writeHead(404, PLAIN).end('not found');
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
    // The page carries the machine's mode and language, so the first frame needs no bridge answer.
    else if (await isShellPage(file, options.rendererDir))
      res.end(shellPage(await fs.promises.readFile(file, 'utf8'), () => options.shell.firstFrame()));
    else fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  // A webzine story (issue 17) crosses the bridge whole: up to STORY_BODY_MAX_BYTES of base64 in one frame.
  const wss = new WebSocketServer({ noServer: true, maxPayload: STORY_BODY_MAX_BYTES });
  const sockets = new Set<WebSocket>();
  let origin = '';

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = parseTarget(req.url);
    if (!url) {
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\n${BAD_REQUEST}`);
      return;
    }
    const tokenOk = sameSecret(url.searchParams.get('token'), token);
    if (url.pathname !== '/bridge' || !tokenOk || req.headers.origin !== origin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const unsubscribe = options.shell.onEvent((event, payload) => {
    const message = JSON.stringify({ event, payload });
    if (event === 'visitEnded') {
      // The visitor's page is cut off from the bridge; it goes through /visit-ended with its token.
      previousToken = token;
      token = newToken();
      for (const ws of sockets) {
        ws.send(message);
        ws.close(4001, 'visit ended');
      }
      return;
    }
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
        const refused: BridgeReply = { ok: false, error: { code: 'bad_frame', message: 'expected {id, call, payload}' } };
        ws.send(JSON.stringify({ id: null, ...refused }));
        return;
      }
      // The same answer as Electron's IPC (main/bridge/answer.ts), with the call's id.
      const reply = await answerCall(options.shell.handlers, incoming.call, incoming.payload, shellLog);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: incoming.id, ...reply }));
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const address = server.address() as { port: number };
  origin = `http://${host}:${address.port}`;

  return {
    get url() {
      return `${origin}/?token=${token}`;
    },
    origin,
    get token() {
      return token;
    },
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
