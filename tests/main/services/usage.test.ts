/**
 * Anonymous usage on the shell: nothing before consent, per-day counts turned into batches that carry
 * only cohort and day, opt-out discarding everything pending, and delivery to a real hub.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, type OutboxKind } from '../../../main/outbox/outbox.ts';

/** The storage layer's tests store opaque payloads: enqueue without the per-kind payload type. */
const put = (outbox: Outbox, kind: OutboxKind, key: string, payload: unknown, now?: number): boolean => outbox.enqueue(kind, key, payload as never, now);
import { UsageService } from '../../../main/services/usage.ts';
import { openShellDb, type ShellDb } from '../../../main/store/db.ts';
import { HubClient } from '../../../main/sync/hub-client.ts';
import { hubDeliveries } from '../../../main/sync/delivery.ts';
import { SyncLoop } from '../../../main/sync/sync-loop.ts';
import { createShell } from '../../../main/shell.ts';
import { startHub } from '../../../server/hub.ts';
import type { UsageBatch } from '../../../app/protocol/reports.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function setup(cohort: string | null = 'home'): { db: ShellDb; outbox: Outbox; usage: UsageService; ids: string[] } {
  const db = openShellDb(path.join(tempDir(), 'shell.sqlite'));
  cleanups.push(() => db.close());
  const outbox = new Outbox(db);
  let n = 0;
  const ids: string[] = [];
  const usage = new UsageService(db, outbox, {
    cohort: () => cohort,
    newId: () => {
      const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
      ids.push(id);
      return id;
    },
  });
  return { db, outbox, usage, ids };
}

const at = (day: string, hh = 10, mm = 0) => new Date(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00`);
const batches = (outbox: Outbox) => outbox.waiting('usage.batch').map((m) => m.payload as UsageBatch);

describe('usage consent', () => {
  it('counts nothing until the person agreed', () => {
    const { usage } = setup();
    expect(usage.consent()).toEqual({ asked: false, granted: false });
    usage.count('help.requested', {}, at('2026-03-02'));
    usage.touch(at('2026-03-02'));
    expect(usage.pending()).toEqual([]);
    usage.setConsent(false);
    usage.count('help.requested', {}, at('2026-03-02'));
    expect(usage.consent()).toEqual({ asked: true, granted: false });
    expect(usage.pending()).toEqual([]);
  });

  it('opting out stops counting and discards the counts and the batches still waiting to be sent', () => {
    const { usage, outbox } = setup();
    usage.setConsent(true);
    usage.count('lesson.started', { lessonId: 'souris-cliquer' }, at('2026-03-02'));
    usage.flush(at('2026-03-03'));
    usage.count('help.requested', {}, at('2026-03-03'));
    put(outbox, 'help.request', 'help-1', {}, 0);
    expect(outbox.pendingCount('usage.batch')).toBe(1);
    usage.setConsent(false);
    expect(usage.pending()).toEqual([]);
    expect(outbox.keys()).toEqual(['help-1']);
    usage.count('help.requested', {}, at('2026-03-03'));
    expect(usage.pending()).toEqual([]);
  });
});

describe('usage batches', () => {
  it('turns each closed day into one batch with only cohort, day and counts; today stays on the machine', () => {
    const { usage, outbox, ids } = setup('Résidence Les Tilleuls');
    usage.setConsent(true);
    usage.count('lesson.started', { lessonId: 'souris-cliquer' }, at('2026-03-02'));
    usage.count('lesson.started', { lessonId: 'souris-cliquer' }, at('2026-03-02', 11));
    usage.count('lesson.step_hinted', { lessonId: 'souris-cliquer', step: 3 }, at('2026-03-02'));
    for (let minute = 0; minute < 20; minute++) usage.touch(at('2026-03-02', 9, minute));
    usage.touch(at('2026-03-02', 9, 5)); // the same minute twice is one minute
    usage.count('help.requested', {}, at('2026-03-04'));
    usage.count('help.requested', {}, at('2026-03-05'));

    expect(usage.flush(at('2026-03-05', 8))).toBe(2);
    expect(batches(outbox)).toEqual([
      {
        id: ids[0],
        version: 1,
        cohort: 'Résidence Les Tilleuls',
        day: '2026-03-02',
        counts: [
          { metric: 'lesson.started', label: 'souris-cliquer', value: 2 },
          { metric: 'lesson.step_hinted', label: 'souris-cliquer#3', value: 1 },
          { metric: 'use.day', label: '15-60', value: 1 },
        ],
      },
      { id: ids[1], version: 1, cohort: 'Résidence Les Tilleuls', day: '2026-03-04', counts: [{ metric: 'help.requested', label: '', value: 1 }] },
    ]);
    expect(usage.pending()).toEqual([{ day: '2026-03-05', metric: 'help.requested', label: '', value: 1 }]);
    expect(usage.flush(at('2026-03-05', 9))).toBe(0);
  });

  it('refuses a label that does not fit the registry (nothing free-form leaves the machine)', () => {
    const { usage } = setup();
    usage.setConsent(true);
    expect(() => usage.count('lesson.started', { lessonId: 'Jean Dupont' }, at('2026-03-02'))).toThrow();
    expect(() => usage.count('lesson.step_hinted', { lessonId: 'souris', step: 12345 }, at('2026-03-02'))).toThrow();
    expect(usage.pending()).toEqual([]);
  });

  it('keeps days while the machine is not enrolled, and drops days older than the hub accepts', () => {
    let cohort: string | null = null;
    const db = openShellDb(path.join(tempDir(), 'shell.sqlite'));
    cleanups.push(() => db.close());
    const outbox = new Outbox(db);
    const usage = new UsageService(db, outbox, { cohort: () => cohort });
    usage.setConsent(true);
    usage.count('help.requested', {}, at('2026-01-01'));
    usage.count('help.requested', {}, at('2026-03-01'));
    expect(usage.flush(at('2026-03-02'))).toBe(0);
    expect(usage.pending()).toHaveLength(2);
    cohort = 'home';
    expect(usage.flush(at('2026-03-10'))).toBe(1); // 2026-01-01 is more than 60 days old
    expect(batches(outbox).map((b) => b.day)).toEqual(['2026-03-01']);
  });
});

describe('usage to a real hub', () => {
  it('reaches the hub stored by cohort and day, and counts a confirmed help request from the shell', async () => {
    const dir = tempDir();
    const hub = await startHub({ port: 0, dataDir: path.join(dir, 'hub') });
    cleanups.push(() => hub.close());
    const shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: hub.url, lessonsDir: path.join(import.meta.dirname, '../../../lessons'), appVersion: '1' });
    cleanups.push(() => shell.close());
    await shell.enrol(hub.seed.demoMachine.enrolmentCode!.code);

    expect(await shell.handlers.getUsageConsent({})).toEqual({ asked: false, granted: false });
    await shell.handlers.requestHelp({ context: { screen: 'home' } }); // before consent: not counted
    expect(await shell.handlers.setUsageConsent({ granted: true })).toEqual({ asked: true, granted: true });
    await shell.handlers.requestHelp({ context: { screen: 'lesson', lessonId: 'souris-cliquer', stepIndex: 1 } });
    await shell.close();

    // The same store, the next morning: the day is closed, queued and sent.
    const db = openShellDb(path.join(dir, 'shell', 'shell.sqlite'));
    cleanups.push(() => db.close());
    const outbox = new Outbox(db);
    const usage = new UsageService(db, outbox, { cohort: () => 'home' });
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(usage.flush(tomorrow)).toBe(1);
    const token = (db.prepare("SELECT value FROM settings WHERE key = 'machineToken'").get() as { value: string }).value;
    const client = new HubClient({ baseUrl: hub.url, getToken: () => token });
    const loop = new SyncLoop({
      outbox,
      deliveries: hubDeliveries(client),
      onReply: {},
      onReachable: () => undefined,
    });
    outbox.retryNow(); // queued "tomorrow": make it due now
    loop.start();
    await loop.idle();
    await loop.stop();
    expect(outbox.pendingCount('usage.batch')).toBe(0);
    const now = new Date();
    const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const reports = new Database(path.join(dir, 'hub', 'reports.sqlite'), { readonly: true });
    cleanups.push(() => reports.close());
    expect(reports.prepare('SELECT cohort, day, contributors FROM usage_days').all()).toEqual([{ cohort: 'home', day, contributors: 1 }]);
    expect(reports.prepare("SELECT metric, label, total FROM usage_counts WHERE label != '' OR metric = 'help.requested' ORDER BY metric, label").all()).toEqual([
      { metric: 'help.requested', label: '', total: 1 },
      { metric: 'lesson.step_help', label: 'souris-cliquer#1', total: 1 },
      { metric: 'use.day', label: '0-15', total: 1 }, // the bridge calls made a minute or two of use
    ]);
  });
});
