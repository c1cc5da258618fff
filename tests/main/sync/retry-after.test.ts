/**
 * The shell's outbox honours the hub's Retry-After on 429 and 503: the message is sent again no
 * earlier than the hub asked (seconds or an HTTP-date), even when the feed reconnecting asks for an
 * immediate retry, and a huge value is bounded. Against a real HTTP server on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../main/outbox/outbox.ts';
import { openShellDb } from '../../../main/store/db.ts';
import { hubDeliveries } from '../../../main/sync/delivery.ts';
import { HubClient } from '../../../main/sync/hub-client.ts';
import { MAX_RETRY_AFTER_MS, retryAfterMs } from '../../../main/sync/retry-after.ts';
import { SyncLoop } from '../../../main/sync/sync-loop.ts';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');
  it.each([
    ['seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['an HTTP-date 30 s ahead', 'Mon, 02 Mar 2026 10:00:30 GMT', 30_000],
    ['an HTTP-date in the past', 'Mon, 02 Mar 2026 09:59:00 GMT', 0],
    ['the obsolete RFC 850 form', 'Monday, 02-Mar-26 10:01:00 GMT', 60_000],
    ['a day of seconds (bounded)', '86400', MAX_RETRY_AFTER_MS],
    ['a date next year (bounded)', 'Tue, 02 Mar 2027 10:00:00 GMT', MAX_RETRY_AFTER_MS],
    ['a negative number', '-5', 0],
    ['a fraction', '1.5', 0],
    ['garbage', 'soon', 0],
    ['nothing', null, 0],
  ])('reads %s', (_name, header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});

type Answer = { status: number; headers?: Record<string, string> };

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

/** A hub stand-in that answers each help request with the next scripted answer, then 200. */
async function scriptedHub(script: ((arrivedAt: number) => Answer)[]) {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    const arrivedAt = Date.now();
    arrivals.push(arrivedAt);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const next = script.shift();
      if (next) {
        const { status, headers } = next(arrivedAt);
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ error: { code: 'busy', message: 'try later' } }));
        return;
      }
      const { id } = JSON.parse(body) as { id: string };
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id, state: 'new', helper: null, updatedAt: new Date().toISOString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, arrivals };
}

function shellSide(url: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retry-after-'));
  dirs.push(dir);
  const db = openShellDb(path.join(dir, 'shell.sqlite'));
  // A 1 ms backoff: any wait longer than that comes from the hub's Retry-After.
  const outbox = new Outbox(db, { baseMs: 1, maxMs: 1, random: () => 0 });
  const client = new HubClient({ baseUrl: url, getToken: () => 'machine-token' });
  const sync = new SyncLoop({ outbox, deliveries: hubDeliveries(client), onReply: {}, onReachable: () => undefined });
  closers.push(async () => {
    await sync.stop();
    db.close();
  });
  const id = randomUUID();
  outbox.enqueue('help.request', id, { id, createdAt: new Date().toISOString(), context: { screen: 'home' } });
  return { outbox, sync };
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the outbox and the hub’s Retry-After', () => {
  it('waits the seconds a 429 asks before sending again, even when the feed asks to retry now', async () => {
    const hub = await scriptedHub([() => ({ status: 429, headers: { 'retry-after': '2' } })]);
    const { outbox, sync } = shellSide(hub.url);
    sync.start();
    await until(() => hub.arrivals.length === 1 && outbox.holdUntil() > 0);
    // The machine's feed reconnecting makes every message due at once (shell.ts): the hold stands.
    outbox.retryNow();
    sync.kick();
    await until(() => outbox.pendingCount() === 0);
    expect(hub.arrivals).toHaveLength(2);
    expect(hub.arrivals[1]! - hub.arrivals[0]!).toBeGreaterThanOrEqual(2000);
  });

  it('waits until the HTTP-date a 503 names', async () => {
    let askedUntil = 0;
    const hub = await scriptedHub([
      (arrivedAt) => {
        askedUntil = Math.floor((arrivedAt + 3000) / 1000) * 1000; // HTTP-dates have whole seconds
        return { status: 503, headers: { 'retry-after': new Date(askedUntil).toUTCString() } };
      },
    ]);
    const { outbox, sync } = shellSide(hub.url);
    sync.start();
    await until(() => outbox.pendingCount() === 0);
    expect(hub.arrivals).toHaveLength(2);
    expect(hub.arrivals[1]!).toBeGreaterThanOrEqual(askedUntil);
  });

  it('bounds a huge Retry-After, and ignores it on other statuses', async () => {
    const hub = await scriptedHub([
      () => ({ status: 500, headers: { 'retry-after': '3600' } }),
      () => ({ status: 429, headers: { 'retry-after': '86400' } }),
    ]);
    const { outbox, sync } = shellSide(hub.url);
    sync.start();
    await until(() => hub.arrivals.length === 2 && outbox.holdUntil() > 0);
    const at = Date.now();
    // The 500's header was not honoured (the second attempt came within the 1 ms backoff's reach).
    expect(hub.arrivals[1]! - hub.arrivals[0]!).toBeLessThan(3_600_000);
    expect(outbox.holdUntil() - at).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
    expect(outbox.holdUntil() - at).toBeGreaterThan(MAX_RETRY_AFTER_MS - 60_000);
    expect(outbox.due(at)).toEqual([]);
    expect(outbox.nextAttemptAt()).toBe(outbox.holdUntil());
  });
});
