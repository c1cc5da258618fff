/**
 * Attacks the shell's web host did not survive, tried on the hub: raw malformed requests over a plain
 * TCP socket (a bad absolute URL, bad methods, NUL bytes, huge headers, a broken upgrade) get a 4xx or
 * a closed connection and never take the hub down; a symlink planted in the console's folder (to a
 * file outside it, or a linked folder) is not followed.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../server/hub.ts';
import { removeTempDirs, tempDir } from './helpers.ts';

let hub: Hub;
let port: number;
let outside: string;

beforeAll(async () => {
  const dir = tempDir();
  const consoleDir = join(dir, 'console');
  mkdirSync(join(consoleDir, 'assets'), { recursive: true });
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Console</title>');
  writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log(1)');
  outside = join(dir, 'secret');
  mkdirSync(outside);
  writeFileSync(join(outside, 'hub-secret.txt'), 'TOP SECRET');
  symlinkSync(join(outside, 'hub-secret.txt'), join(consoleDir, 'planted.txt'));
  symlinkSync('/etc/passwd', join(consoleDir, 'passwd'));
  symlinkSync(outside, join(consoleDir, 'linked'));
  hub = await buildHub({ dataDir: join(dir, 'data'), consoleDir, escalationIntervalMs: 0, purgeIntervalMs: 0 });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  port = (hub.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

/** Sends raw bytes and returns what came back before the hub closed or went quiet. */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(2000, done);
    socket.on('data', (c) => (answer += c.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

const malformed: [string, string | Buffer][] = [
  ['an absolute URL that does not parse', 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['a bad absolute URL on the API', 'POST http://[::1/api/v1/enrol HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}'],
  ['a WebSocket upgrade to //[', 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'],
  ['an upgrade to a feed with a broken key', 'GET /api/v1/machine/feed HTTP/1.1\r\nHost: x\r\nConnection: close\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: !\r\nSec-WebSocket-Version: 99\r\n\r\n'],
  ['a method that does not exist', 'BREW /api/v1/enrol HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['a NUL byte in the path', Buffer.from('GET /console/\0../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'latin1')],
  ['encoded dots and a NUL', 'GET /console/%2e%2e/%2e%2e/etc/passwd%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['a huge header', `GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`],
  ['a body longer than announced', 'POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"code":"ABCDEFGH"}'],
  ['garbage', '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003'],
];

describe('raw malformed requests', () => {
  for (const [what, bytes] of malformed) {
    it(`${what}: a 4xx or a closed connection, and the hub keeps answering`, async () => {
      const answer = await raw(bytes);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status) {
        expect(Number(status), answer.slice(0, 200)).toBeGreaterThanOrEqual(400);
        expect(Number(status), answer.slice(0, 200)).toBeLessThan(500);
        // Where the hub answers with a body, it is the API's error shape.
        const body = answer.split('\r\n\r\n')[1] ?? '';
        if (body.startsWith('{')) expect(JSON.parse(body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      }
      expect(answer).not.toContain('root:x:0:0');
      const live = await fetch(`http://127.0.0.1:${port}/livez`);
      expect(live.status).toBe(200);
    });
  }
});

describe('symlinks planted in the console folder', () => {
  it('serves the console’s own files', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/console/assets/app.js`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/console/`)).status).toBe(200);
  });

  for (const path of ['planted.txt', 'passwd', 'linked/hub-secret.txt', 'linked/../linked/hub-secret.txt', 'assets/../passwd']) {
    it(`does not follow /console/${path} out of the folder`, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/console/${path}`);
      const body = await res.text();
      expect(res.status).toBe(404);
      expect(body).not.toContain('TOP SECRET');
      expect(body).not.toContain('root:x:0:0');
    });
  }
});
