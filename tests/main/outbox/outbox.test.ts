import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, STORY_CLASS_MAX_BYTES, backoffDelay, type OutboxKind } from '../../../main/outbox/outbox.ts';

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

describe('the webzine stories’ own class', () => {
  const cap = (maxMessages: number, maxBytes: number) => ({ maxMessages, maxBytes });
  // A quarter of the class, less 16 bytes: four such stories leave 4 × 14 bytes of the class free
  // (each JSON string is its characters plus two quotes).
  const quarter = 'x'.repeat(STORY_CLASS_MAX_BYTES / 4 - 16);

  it('holds stories up to its own byte cap, to the byte, and refuses at once the story that does not fit', () => {
    const outbox = new Outbox(tempDb().db, fixed(0), cap(2_000, 8 * 1024 * 1024));
    for (let i = 0; i < 4; i++) expect(put(outbox, 'webzine.story', `s${i}`, quarter, i)).toBe(true);
    // 56 bytes are left: a 57-byte story is refused, a 56-byte one (54 characters and the quotes) fits.
    expect(put(outbox, 'webzine.story', 'too-big', 'y'.repeat(55), 4)).toBe(false);
    expect(outbox.has('too-big')).toBe(false);
    expect(put(outbox, 'webzine.story', 'just-fits', 'y'.repeat(54), 5)).toBe(true);
    expect(put(outbox, 'webzine.story', 'one-more', '', 6)).toBe(false);
    // Nothing was pushed out to make room, and nothing counts as dropped: the person was told at once.
    expect(outbox.keys().sort()).toEqual(['just-fits', 's0', 's1', 's2', 's3']);
    expect(outbox.droppedCount()).toBe(0);
  });

  it('counts a story’s bytes, not its characters (an Arabic or accented title weighs more)', () => {
    const outbox = new Outbox(tempDb().db, fixed(0), cap(2_000, 8 * 1024 * 1024));
    for (let i = 0; i < 4; i++) put(outbox, 'webzine.story', `s${i}`, quarter, i);
    // 28 characters of two bytes each: 58 bytes with the quotes, over the 56 left.
    expect(put(outbox, 'webzine.story', 'accented', 'é'.repeat(28), 4)).toBe(false);
    expect(put(outbox, 'webzine.story', 'accented', 'é'.repeat(27), 4)).toBe(true);
  });

  it('room comes back once a story is delivered (or withdrawn while it waits)', () => {
    const outbox = new Outbox(tempDb().db, fixed(0), cap(2_000, 8 * 1024 * 1024));
    for (let i = 0; i < 4; i++) put(outbox, 'webzine.story', `s${i}`, quarter, i);
    expect(put(outbox, 'webzine.story', 's4', quarter, 4)).toBe(false);
    outbox.delivered('s0');
    expect(put(outbox, 'webzine.story', 's4', quarter, 5)).toBe(true);
  });

  it('neither counts against the reports’ cap nor is ever the message that cap drops', () => {
    // A reports' cap far smaller than one story: if stories counted, every report would be dropped.
    const outbox = new Outbox(tempDb().db, fixed(0), cap(3, 10_000));
    for (let i = 0; i < 4; i++) expect(put(outbox, 'webzine.story', `s${i}`, quarter, i)).toBe(true);
    for (let i = 0; i < 5; i++) expect(put(outbox, 'health.report', `h${i}`, { i }, 10 + i)).toBe(true);
    expect(outbox.keys().filter((k) => k.startsWith('h'))).toEqual(['h2', 'h3', 'h4']);
    expect(outbox.keys().filter((k) => k.startsWith('s')).sort()).toEqual(['s0', 's1', 's2', 's3']);
    expect(outbox.droppedCount()).toBe(2);
  });
});
