import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  writeFileSync(path.join(root, 'renderer/index.html'), '<!doctype html><title>Passerelle</title>');
  writeFileSync(path.join(root, 'renderer/assets/app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'lessons/souris/souris.svg'), '<svg/>');
  writeFileSync(path.join(root, 'secret.txt'), 'not for the page');
  handler = createAppProtocolHandler({
    rendererDir: path.join(root, 'renderer'),
    lessonsDir: path.join(root, 'lessons'),
    csp,
    // Stands in for Electron's net.fetch(file:) under plain Node.
    fetchFile: async (file) => new Response(readFileSync(file)),
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
