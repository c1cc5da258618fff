import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, backoffDelay, type OutboxKind } from '../../../main/outbox/outbox.ts';

/** The storage layer's tests store opaque payloads: enqueue without the per-kind payload type. */
const put = (outbox: Outbox, kind: OutboxKind, key: string, payload: unknown, now?: number): boolean => outbox.enqueue(kind, key, payload as never, now);
import { openShellDb, type ShellDb } from '../../../main/store/db.ts';

const dirs: string[] = [];
function tempDb(): { db: ShellDb; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
  dirs.push(dir);
  const file = path.join(dir, 'shell.sqlite');
  return { db: openShellDb(file), file };
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const fixed = (value: number) => ({ baseMs: 1000, maxMs: 60_000, random: () => value });

describe('backoff', () => {
  it('doubles from the base up to the cap, with half of each delay random', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, fixed(0)))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, fixed(1)))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(50, fixed(1))).toBe(60_000);
  });
});

describe('outbox', () => {
  it('ignores a second enqueue with the same idempotency key', () => {
    const outbox = new Outbox(tempDb().db);
    put(outbox, 'help.request', 'k1', { a: 1 }, 0);
    put(outbox, 'help.request', 'k1', { a: 2 }, 0);
    expect(outbox.due(0)).toEqual([expect.objectContaining({ key: 'k1', payload: { a: 1 } })]);
  });

  it('hands out messages in order, one class head at a time, and forgets delivered ones', () => {
    const outbox = new Outbox(tempDb().db);
    put(outbox, 'help.request', 'a', 1, 0);
    put(outbox, 'help.cancel', 'b', 2, 0);
    expect(outbox.due(0).map((m) => m.key)).toEqual(['a']);
    outbox.delivered('a');
    expect(outbox.due(0).map((m) => m.key)).toEqual(['b']);
    expect(outbox.pendingCount()).toBe(1);
  });

  it('never lets a later help message overtake an earlier one in backoff (a voice before its request)', () => {
    const outbox = new Outbox(tempDb().db, fixed(1));
    put(outbox, 'help.request', 'request', 1, 0);
    put(outbox, 'help.voice', 'voice', 2, 0);
    put(outbox, 'usage.batch', 'usage', 3, 0);
    // The request failed twice (hub down): its backoff runs longer than the voice's would.
    outbox.failed('request', 'offline', 0);
    outbox.failed('request', 'offline', 1000);
    expect(outbox.due(1500).map((m) => m.key)).toEqual(['usage']);
    expect(outbox.nextAttemptAt()).toBe(0); // the usage head is due; the voice is not offered
    outbox.delivered('usage');
    expect(outbox.nextAttemptAt()).toBe(3000);
    expect(outbox.due(2999)).toEqual([]);
    expect(outbox.due(3000).map((m) => m.key)).toEqual(['request']);
    outbox.delivered('request');
    expect(outbox.due(3000).map((m) => m.key)).toEqual(['voice']);
  });

  it('lets a rejected message stop blocking its class', () => {
    const outbox = new Outbox(tempDb().db);
    put(outbox, 'health.report', 'h1', 1, 0);
    put(outbox, 'health.report', 'h2', 2, 0);
    outbox.rejected('h1', '400 bad_request');
    expect(outbox.due(0).map((m) => m.key)).toEqual(['h2']);
  });

  it('waits for the backoff after a failure, and honours a longer retry-after', () => {
    const outbox = new Outbox(tempDb().db, fixed(1));
    put(outbox, 'help.request', 'a', 1, 0);
    outbox.failed('a', 'offline', 0);
    expect(outbox.due(999)).toEqual([]);
    expect(outbox.due(1000).map((m) => m.attempts)).toEqual([1]);
    outbox.failed('a', 'busy', 1000, 30_000);
    expect(outbox.nextAttemptAt()).toBe(31_000);
    // The feed coming back makes messages due again, but not before the hub's Retry-After.
    outbox.retryNow(1001);
    expect(outbox.due(1001)).toEqual([]);
    expect(outbox.due(31_000)).toHaveLength(1);
  });

  it('keeps a rejected message for diagnosis but never hands it out again', () => {
    const outbox = new Outbox(tempDb().db);
    put(outbox, 'help.request', 'bad', 1, 0);
    outbox.rejected('bad', '400 bad_request');
    expect(outbox.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(outbox.pendingCount()).toBe(0);
  });

  it('survives closing and reopening the database file', () => {
    const { db, file } = tempDb();
    put(new Outbox(db), 'help.request', 'persisted', { hello: 'world' }, 5);
    db.close();
    const reopened = new Outbox(openShellDb(file));
    expect(reopened.due(5)).toEqual([expect.objectContaining({ key: 'persisted', payload: { hello: 'world' } })]);
  });
});

describe('outbox size cap', () => {
  const cap = (maxMessages: number, maxBytes = 1e9) => ({ maxMessages, maxBytes });

  it('drops the oldest usage first, then the oldest health report, and counts what it dropped', () => {
    const outbox = new Outbox(tempDb().db, fixed(0), cap(4));
    put(outbox, 'usage.batch', 'u1', {}, 0);
    put(outbox, 'health.report', 'h1', {}, 1);
    put(outbox, 'usage.batch', 'u2', {}, 2);
    put(outbox, 'help.request', 'help1', {}, 3);
    expect(put(outbox, 'health.report', 'h2', {}, 4)).toBe(true);
    expect(outbox.keys()).toEqual(['help1', 'h1', 'h2', 'u2']);
    put(outbox, 'health.report', 'h3', {}, 5);
    expect(outbox.keys()).toEqual(['help1', 'h1', 'h2', 'h3']);
    put(outbox, 'help.request', 'help2', {}, 6);
    expect(outbox.keys()).toEqual(['help1', 'help2', 'h2', 'h3']);
    expect(outbox.droppedCount()).toBe(3);
  });

  it('never drops a help request, even when help requests alone exceed the cap', () => {
    const outbox = new Outbox(tempDb().db, fixed(0), cap(2));
    for (let i = 0; i < 5; i++) expect(put(outbox, 'help.request', `help${i}`, {}, i)).toBe(true);
    expect(put(outbox, 'usage.batch', 'u', {}, 9)).toBe(false); // the newcomer is the least important
    expect(outbox.keys()).toEqual(['help0', 'help1', 'help2', 'help3', 'help4']);
  });

  it('caps by bytes as well as by count, and drops refused messages before waiting ones', () => {
    const outbox = new Outbox(tempDb().db, fixed(0), cap(100, 2_500));
    const kilo = 'x'.repeat(1_000);
    put(outbox, 'health.report', 'refused', kilo, 0);
    outbox.rejected('refused', '400 invalid');
    put(outbox, 'usage.batch', 'u1', kilo, 1);
    put(outbox, 'health.report', 'h1', kilo, 2);
    expect(outbox.keys()).toEqual(['h1', 'u1']);
    expect(outbox.droppedCount()).toBe(1);
  });

  it('discards every pending message of one kind (usage opt-out)', () => {
    const outbox = new Outbox(tempDb().db);
    put(outbox, 'usage.batch', 'u1', {}, 0);
    put(outbox, 'usage.batch', 'u2', {}, 0);
    put(outbox, 'help.request', 'h', {}, 0);
    expect(outbox.discard('usage.batch')).toBe(2);
    expect(outbox.keys()).toEqual(['h']);
  });
});
