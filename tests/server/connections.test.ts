/**
 * Slow bodies and connection floods (20,000 trickling connections once held 19,998 of 20,000 file
 * descriptors): a request that trickles in is cut with 408 once its time is up, and one address
 * holds a bounded number of connections (a trusted proxy excepted).
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BuildHubOptions } from '../../server/hub.ts';
import { makeHub, removeTempDirs, tempDir, type TestHub } from './helpers.ts';

const hubs: TestHub[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});

async function listening(options: Partial<BuildHubOptions>): Promise<{ hub: TestHub; port: number }> {
  const hub = await makeHub(tempDir(), options);
  hubs.push(hub);
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  return { hub, port: (hub.app.server.address() as { port: number }).port };
}

/** A socket that records what the hub answers and when it closes. */
function open(port: number): Promise<{ socket: Socket; answer: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let answer = '';
    const started = Date.now();
    socket.on('data', (c) => (answer += c.toString()));
    const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now() - started)));
    socket.once('connect', () => resolve({ socket, answer: () => answer, closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` one byte every `everyMs`, until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || socket.destroyed) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

describe('slow requests', () => {
  const quick = { connections: { headersMs: 600, requestMs: 1200, checkEveryMs: 100 } };

  it('headers trickling in slower than the headers timeout: 408, and the connection is closed', async () => {
    const { port } = await listening(quick);
    const c = await open(port);
    trickle(c.socket, `GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`, 50);
    const after = await c.closed;
    expect(after).toBeLessThan(3000);
    expect(c.answer()).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.answer()).toContain('"request_timeout"');
  });

  it('a body trickling in slower than the request timeout: 408, and the connection is closed', async () => {
    const { port } = await listening(quick);
    const c = await open(port);
    c.socket.write('POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n');
    trickle(c.socket, `{"code":"${'A'.repeat(380)}"}`, 50);
    const after = await c.closed;
    expect(after).toBeLessThan(3500);
    expect(c.answer()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a whole request in time is answered as usual', async () => {
    const { port } = await listening(quick);
    const res = await fetch(`http://127.0.0.1:${port}/livez`);
    expect(res.status).toBe(200);
  });
});

describe('connections per address', () => {
  it('one address holds at most the cap: one more is closed at once, and a freed slot can be used again', async () => {
    const { port } = await listening({ connections: { perAddress: 20 } });
    const held = [];
    for (let i = 0; i < 20; i++) held.push(await open(port));
    const extra = await open(port);
    expect(await Promise.race([extra.closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 1000))])).toBe('closed');
    // The twenty are still served.
    held[0]!.socket.write('GET /livez HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(held[0]!.answer()).toMatch(/^HTTP\/1\.1 200 /);
    held[1]!.socket.destroy();
    await held[1]!.closed;
    await new Promise((r) => setTimeout(r, 50));
    const again = await open(port);
    again.socket.write('GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await again.closed;
    expect(again.answer()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a trusted proxy is not capped (its clients share its address)', async () => {
    const { port } = await listening({ connections: { perAddress: 5 }, trustProxy: ['127.0.0.1', '::1'] });
    const held = [];
    for (let i = 0; i < 12; i++) held.push(await open(port));
    await new Promise((r) => setTimeout(r, 300));
    expect(held.filter((h) => h.socket.destroyed)).toHaveLength(0);
  });
});
