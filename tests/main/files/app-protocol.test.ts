import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../main/files/app-protocol.ts';

let root: string;
let handler: (request: Request) => Promise<Response>;
const csp = "default-src 'self'";

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'passerelle-protocol-'));
  mkdirSync(path.join(root, 'renderer/assets'), { recursive: true });
  mkdirSync(path.join(root, 'lessons/souris'), { recursive: true });
  writeFileSync(path.join(root, 'renderer/index.html'), '<!doctype html><html lang="fr"><title>Passerelle</title></html>');
  writeFileSync(path.join(root, 'lessons/souris/index.html'), '<!doctype html><html lang="fr"><title>lesson page</title></html>');
  writeFileSync(path.join(root, 'renderer/assets/app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'lessons/souris/souris.svg'), '<svg/>');
  writeFileSync(path.join(root, 'secret.txt'), 'not for the page');
  mkdirSync(path.join(root, 'outside'));
  writeFileSync(path.join(root, 'outside/other.txt'), 'not for the page either');
  // Links planted in the served folders: out to a system file, a secret, a folder; one staying inside.
  symlinkSync('/etc/passwd', path.join(root, 'lessons/souris/passwd.svg'));
  symlinkSync(path.join(root, 'secret.txt'), path.join(root, 'renderer/assets/secret.js'));
  symlinkSync(path.join(root, 'outside'), path.join(root, 'lessons/linked'));
  symlinkSync(path.join(root, 'lessons/souris/souris.svg'), path.join(root, 'lessons/souris/same.svg'));
  handler = createAppProtocolHandler({
    rendererDir: path.join(root, 'renderer'),
    lessonsDir: path.join(root, 'lessons'),
    csp,
    // Stands in for Electron's net.fetch(file:) under plain Node.
    fetchFile: async (file) => new Response(readFileSync(file)),
    firstFrame: () => ({ mode: 'kiosk', language: 'ar', asks: false }),
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the app:// handler', () => {
  it('serves index.html with the CSP, nosniff and no caching', async () => {
    const response = await handler(new Request('app://shell/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Passerelle</title>');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('writes the first frame into the shell page only (not into a lesson’s file of the same name)', async () => {
    expect(await (await handler(new Request('app://shell/'))).text()).toBe('<!doctype html><html lang="ar" dir="rtl" data-mode="kiosk"><title>Passerelle</title></html>');
    expect(await (await handler(new Request('app://shell/index.html'))).text()).toContain('data-mode="kiosk"');
    expect(await (await handler(new Request('app://shell/lessons/souris/index.html'))).text()).toBe('<!doctype html><html lang="fr"><title>lesson page</title></html>');
    // Before the shell's services are up the page goes out as built: the renderer waits for the bridge.
    const early = createAppProtocolHandler({ rendererDir: path.join(root, 'renderer'), lessonsDir: path.join(root, 'lessons'), csp, fetchFile: async (file) => new Response(readFileSync(file)), firstFrame: () => null });
    expect(await (await early(new Request('app://shell/'))).text()).toBe('<!doctype html><html lang="fr"><title>Passerelle</title></html>');
  });

  it('serves scripts and lesson pictures with their types', async () => {
    const script = await handler(new Request('app://shell/assets/app.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const picture = await handler(new Request('app://shell/lessons/souris/souris.svg'));
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/svg+xml');
    expect(await picture.text()).toBe('<svg/>');
  });

  it('answers 404 for missing files, folders and traversal, without the file content', async () => {
    for (const url of ['app://shell/missing.js', 'app://shell/assets', 'app://shell/lessons/souris', 'app://shell/%2e%2e/secret.txt', 'app://shell/lessons/..%2fsecret.txt', 'app://evil/index.html']) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('not for the page');
    }
  });

  it.each([
    ['a link to /etc/passwd in a lesson', 'app://shell/lessons/souris/passwd.svg'],
    ['a link in the renderer build', 'app://shell/assets/secret.js'],
    ['a file under a linked folder', 'app://shell/lessons/linked/other.txt'],
    ['dot-dot after a linked folder (resolved as written, never through the link)', 'app://shell/lessons/linked/../secret.txt'],
  ])('refuses %s (its real path leaves the served folder)', async (_name, url) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).not.toContain('root:');
    expect(text).not.toContain('not for the page');
  });

  it('serves a link that stays inside its folder', async () => {
    const response = await handler(new Request('app://shell/lessons/souris/same.svg'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<svg/>');
  });

  it('answers HEAD without a body and refuses writes', async () => {
    const head = await handler(new Request('app://shell/', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await handler(new Request('app://shell/', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 404 when the file cannot be fetched', async () => {
    const failing = createAppProtocolHandler({
      rendererDir: path.join(root, 'renderer'),
      lessonsDir: path.join(root, 'lessons'),
      csp,
      fetchFile: async () => new Response('gone', { status: 500 }),
    });
    expect((await failing(new Request('app://shell/'))).status).toBe(404);
  });
});
