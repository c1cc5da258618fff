/**
 * The web host against what anything on 127.0.0.1 may send: raw malformed requests over a plain TCP
 * socket (each gets a 400 and the host keeps serving), and symbolic links planted in a served
 * folder (a file whose real path leaves the folder is never served).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { startWebHost, type WebHost } from '../../../main/webhost/server.ts';

let dir: string;
let shell: ShellServices;
let host: WebHost;
let port: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhost-hostile-'));
  const rendererDir = path.join(dir, 'renderer');
  const lessonsDir = path.join(dir, 'lessons');
  fs.mkdirSync(rendererDir);
  fs.mkdirSync(path.join(lessonsDir, 'souris'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>shell</title>');
  fs.writeFileSync(path.join(lessonsDir, 'souris', 'picture.svg'), '<svg/>');
  fs.mkdirSync(path.join(dir, 'outside'));
  fs.writeFileSync(path.join(dir, 'outside', 'secret.txt'), 'secret');
  // Links planted in the served folders: to a system file, to a folder outside, and one inside (allowed).
  fs.symlinkSync('/etc/passwd', path.join(lessonsDir, 'souris', 'passwd.svg'));
  fs.symlinkSync(path.join(dir, 'outside'), path.join(lessonsDir, 'linked'));
  fs.symlinkSync(path.join(dir, 'outside', 'secret.txt'), path.join(rendererDir, 'secret.js'));
  fs.symlinkSync(path.join(lessonsDir, 'souris', 'picture.svg'), path.join(lessonsDir, 'souris', 'same.svg'));
  shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: 'http://127.0.0.1:9', lessonsDir, appVersion: '1' });
  host = await startWebHost({ shell, rendererDir, lessonsDir });
  port = Number(new URL(host.origin).port);
});
afterAll(async () => {
  await host.close();
  await shell.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Send raw bytes, collect what comes back until the host closes the connection (or 3 s). */
function raw(request: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.write(request);
  });
}

const statusOf = (answer: string) => answer.split('\r\n', 1)[0];
const upgrade = (target: string) =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

const MALFORMED: [string, string | Buffer][] = [
  ['an absolute target that is not a URL', 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['an absolute target', 'GET http://evil.example/index.html HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a protocol-relative target', 'GET //[ HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['an authority-form target', 'GET 127.0.0.1:80 HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['an asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a WebSocket upgrade to //[', upgrade('//[')],
  ['a WebSocket upgrade to http://[', upgrade('http://[')],
  ['a WebSocket upgrade to a relative target', upgrade('bridge')],
  ['an invented method', 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a method in lower case', 'get / HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a NUL byte in the target', Buffer.from('GET /\0index.html HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')],
  ['a NUL byte in a header', Buffer.from('GET / HTTP/1.1\r\nHost: x\0y\r\n\r\n', 'latin1')],
  ['headers larger than the parser allows', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`],
  ['a header without a colon', 'GET / HTTP/1.1\r\nHost x\r\n\r\n'],
  ['a space before the colon', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n'],
  ['an unknown protocol version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n'],
  ['a bad Content-Length', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
  ['two different Content-Lengths', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
  ['both Transfer-Encoding and Content-Length', 'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n'],
  ['a bad chunk size', 'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ['binary garbage', Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a])],
  ['a bare line feed line', 'GET / HTTP/1.1\nHost: x\n\n\0'],
];

describe('the web host against malformed raw requests', () => {
  it.each(MALFORMED)('answers 400 to %s and keeps serving', async (_name, request) => {
    const answer = await raw(request);
    expect(statusOf(answer)).toMatch(/^HTTP\/1\.[01] 400 /);
    // The host is still up and still answers an ordinary request.
    expect((await fetch(`${host.origin}/`)).status).toBe(200);
  });

  it('answers 405 with the accepted methods to a well-formed POST', async () => {
    const answer = await raw('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    expect(statusOf(answer)).toMatch(/ 405 /);
    expect(answer.toLowerCase()).toContain('allow: get, head');
  });
});

describe('the web host and symbolic links', () => {
  it.each([
    ['a link to /etc/passwd in a lesson', '/lessons/souris/passwd.svg'],
    ['a file under a linked folder', '/lessons/linked/secret.txt'],
    ['dot-dot after a linked folder', '/lessons/linked/../souris/picture.svg'],
    ['a link in the renderer build', '/secret.js'],
  ])('refuses %s', async (_name, target) => {
    const answer = await raw(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(statusOf(answer)).toMatch(/ 404 /);
    expect(answer).not.toContain('root:');
    expect(answer).not.toContain('secret');
  });

  it('serves a link that stays inside its folder', async () => {
    const res = await fetch(`${host.origin}/lessons/souris/same.svg`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<svg/>');
  });
});
