/**
 * The README's reverse-proxy setup, for real: nginx runs build/nginx/passerelle-hub.conf and its
 * locations snippet (only its ports, certificate and upstream changed for the test: one hub) in front of a hub started with
 * --trust-proxy 127.0.0.1, with a self-signed certificate made by openssl. Over HTTPS the session
 * cookie is Secure and HSTS is sent; a client's forged X-Forwarded-For is replaced by nginx, so the
 * per-address limits count the real client; the live feed works through the proxy; plain HTTP is
 * redirected to HTTPS.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConsoleEvent } from '../../app/protocol/hub.ts';
import { startHub, type StartedHub } from '../../server/hub.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { firstSignIn } from './first-sign-in.ts';
import { removeTempDirs, tempDir } from './helpers.ts';

const EXAMPLE = join(import.meta.dirname, '../../build/nginx/passerelle-hub.conf');

let dir: string;
let hub: StartedHub;
let nginx: ChildProcess;
let httpsPort: number;
let httpPort: number;
let ca: Buffer;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function https(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port: httpsPort, method, path, ca, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The example config with only what a test must change: ports, certificate, upstream. */
function testConfig(hubPort: number): string {
  const example = readFileSync(EXAMPLE, 'utf8')
    // One hub instead of two: the first upstream line on the test's hub, the second dropped.
    .replace(/server 127\.0\.0\.1:8611 ([^;]*);/, `server 127.0.0.1:${hubPort} $1;`)
    .replace(/\n\s*server 127\.0\.0\.1:8612 [^;]*;/, '')
    .replace(/\n\s*listen \[::\]:\d+[^;]*;/g, '')
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace('/etc/nginx/snippets/passerelle-hub-locations.conf', join(import.meta.dirname, '../../build/nginx/snippets/passerelle-hub-locations.conf'))
    .replace('/etc/letsencrypt/live/hub.example.org/fullchain.pem', join(dir, 'cert.pem'))
    .replace('/etc/letsencrypt/live/hub.example.org/privkey.pem', join(dir, 'key.pem'));
  const temp = (name: string) => `${name}_temp_path ${join(dir, 'tmp', name)};`;
  return [
    // As root nginx would run its workers as nobody, who cannot enter this private temp folder.
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    `error_log ${join(dir, 'error.log')};`,
    `pid ${join(dir, 'nginx.pid')};`,
    'events { worker_connections 256; }',
    'http {',
    'access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp),
    example,
    '}',
  ].join('\n');
}

beforeAll(async () => {
  dir = tempDir();
  mkdirSync(join(dir, 'tmp'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  ca = readFileSync(join(dir, 'cert.pem'));
  hub = await startHub({ port: 0, dataDir: join(dir, 'hub'), trustProxy: ['127.0.0.1'] });
  [httpsPort, httpPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'nginx.conf'), testConfig(hub.port));
  execFileSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
  nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await https('GET', '/livez').then(
      (a) => a.status === 200,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not come up: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
}, 30_000);

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await exited;
  }
  await hub?.close();
  removeTempDirs();
});

describe('the hub behind nginx (build/nginx/passerelle-hub.conf)', () => {
  it('answers over HTTPS with HSTS, and plain HTTP is redirected to HTTPS', async () => {
    const live = await https('GET', '/livez');
    expect(live.status).toBe(200);
    expect(live.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const plain = await new Promise<Answer>((resolve, reject) =>
      httpRequest({ host: '127.0.0.1', port: httpPort, path: '/console/' }, (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }))
        .on('error', reject)
        .end(),
    );
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toMatch(/^https:\/\//);
  });

  it('signs in over HTTPS with a Secure session cookie, and the console feed works through the proxy', async () => {
    if (!hub.seed.admin.created) throw new Error('fresh hub expected');
    const password = (await firstSignIn(hub.url, hub.seed.admin.email, hub.seed.admin.oneTimePassword)).password;
    const res = await https('POST', '/api/v1/console/login', {}, { email: hub.seed.admin.email, password });
    expect(res.status).toBe(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('passerelle_session='))!;
    expect(cookie).toMatch(/; Secure/);
    const ws = new WebSocket(`wss://127.0.0.1:${httpsPort}/api/v1/console/feed`, { ca, headers: { cookie: cookie.split(';')[0]!, origin: `https://127.0.0.1:${httpsPort}` } });
    const first = await new Promise<unknown>((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, r) => reject(new Error(`HTTP ${r.statusCode}`)));
    });
    expect(ConsoleEvent.parse(first).type).toBe('hello');
    ws.close();
  });

  it("a client's forged X-Forwarded-For is replaced by nginx: the per-address limit holds", async () => {
    const { max } = DEFAULT_LIMITS.enrolment;
    const statuses: number[] = [];
    for (let i = 0; i < max + 2; i++) {
      statuses.push((await https('POST', '/api/v1/enrol', { 'x-forwarded-for': `198.18.0.${i}` }, { code: 'ABCD2345' })).status);
    }
    expect(statuses).toEqual([...Array<number>(max).fill(403), 429, 429]);
  });
});
