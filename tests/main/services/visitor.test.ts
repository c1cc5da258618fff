import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_POLICY, VisitorService, idlePhase, idlePolicyFor, wipeVisitorRows, type Timers } from '../../../main/services/visitor.ts';
import { Outbox } from '../../../main/outbox/outbox.ts';
import { HelpService } from '../../../main/services/help.ts';
import { LessonService } from '../../../main/services/lessons.ts';
import { openShellDb, type ShellDb } from '../../../main/store/db.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');

describe('idlePolicyFor', () => {
  it('defaults to 5 minutes with a 1-minute warning', () => {
    expect(idlePolicyFor(null)).toEqual({ timeoutMs: 300_000, warningMs: 60_000 });
    expect(DEFAULT_IDLE_POLICY).toEqual({ timeoutMs: 300_000, warningMs: 60_000 });
  });
  it('takes a configured timeout between 30 s and 1 h; a short one is warned for its last half', () => {
    expect(idlePolicyFor('600')).toEqual({ timeoutMs: 600_000, warningMs: 60_000 });
    expect(idlePolicyFor(40)).toEqual({ timeoutMs: 40_000, warningMs: 20_000 });
  });
  it.each(['10', '99999', '-5', '3.5', 'abc', '', {}])('ignores %j', (value) => {
    expect(idlePolicyFor(value)).toEqual(DEFAULT_IDLE_POLICY);
  });
});

describe('idlePhase', () => {
  const policy = { timeoutMs: 300_000, warningMs: 60_000 };
  it('is active, then warning for the last minute, then expired', () => {
    expect(idlePhase(0, 0, policy)).toEqual({ phase: 'active', warnAt: 240_000 });
    expect(idlePhase(0, 239_999, policy)).toEqual({ phase: 'active', warnAt: 240_000 });
    expect(idlePhase(0, 240_000, policy)).toEqual({ phase: 'warning', endsAt: 300_000 });
    expect(idlePhase(0, 300_000, policy)).toEqual({ phase: 'expired' });
  });
});

/** A clock the test moves by hand: timers fire when it passes their time. */
class ManualClock implements Timers {
  time = Date.parse('2025-06-01T10:00:00Z');
  private pending = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.pending.set(id, { at: this.time + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.pending.delete(handle as number);
  };
  advance(ms: number) {
    const target = this.time + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = target;
  }
}

describe('VisitorService', () => {
  let dir: string;
  let db: ShellDb;
  let clock: ManualClock;
  let changes: number;
  let visitors: VisitorService;
  const logs: string[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-visitor-'));
    db = openShellDb(path.join(dir, 'shell.sqlite'));
    clock = new ManualClock();
    changes = 0;
    visitors = new VisitorService({
      db,
      visitorsDir: path.join(dir, 'visitors'),
      policy: () => ({ timeoutMs: 300_000, warningMs: 60_000 }),
      timers: clock,
      onChange: () => void changes++,
      log: (m) => void logs.push(m),
    });
  });
  afterEach(() => {
    visitors.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A visitor who does things: lesson progress, a help request, a download, a per-person row. */
  function leaveTraces() {
    const visit = visitors.start();
    const lessons = new LessonService(lessonsDir, db);
    lessons.saveProgress('souris-cliquer', 2, false);
    const outbox = new Outbox(db);
    const help = new HelpService(db, outbox, () => undefined);
    const request = help.request({ screen: 'lesson', lessonId: 'souris-cliquer' }, new Date(clock.now()));
    fs.writeFileSync(path.join(visit.downloadsDir, 'attestation.pdf'), 'visitor file');
    db.exec('CREATE TABLE IF NOT EXISTS adaptivity (person_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL)');
    db.prepare('INSERT INTO adaptivity VALUES (?, ?, ?)').run(visit.personId, 'targetScale', '1.4');
    db.prepare('INSERT INTO adaptivity VALUES (?, ?, ?)').run('home', 'targetScale', '1.2');
    return { visit, request, outbox };
  }

  function nothingOfTheVisitor(visit: { id: string; personId: string }) {
    expect(db.prepare('SELECT COUNT(*) AS n FROM lesson_progress').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM help_requests').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM adaptivity WHERE person_id = ?').get(visit.personId)).toEqual({ n: 0 });
    expect(fs.existsSync(path.join(dir, 'visitors', visit.id))).toBe(false);
  }

  it('a visit has its own empty downloads folder and a visitor person id', () => {
    const visit = visitors.start();
    expect(visit.personId).toBe(`visitor:${visit.id}`);
    expect(fs.readdirSync(visit.downloadsDir)).toEqual([]);
    expect((fs.statSync(visit.downloadsDir).mode & 0o777).toString(8)).toBe('700');
    expect(visitors.start()).toBe(visit); // pressing "Commencer" twice is one visit
    expect(changes).toBe(1);
  });

  it('"J\'ai fini" wipes the visitor\'s rows and files; the help request stays in the outbox only', async () => {
    const { visit, request, outbox } = leaveTraces();
    const hookCalls: string[] = [];
    visitors.onVisitEnded('browser', (v, reason) => void hookCalls.push(`${v.id}:${reason}`));
    expect(await visitors.end('finished')).toBe(true);
    nothingOfTheVisitor(visit);
    expect(outbox.has(request.id)).toBe(true);
    // Another person's row (a home machine's settings) is not a visitor's.
    expect(db.prepare("SELECT COUNT(*) AS n FROM adaptivity WHERE person_id = 'home'").get()).toEqual({ n: 1 });
    expect(hookCalls).toEqual([`${visit.id}:finished`]);
    expect(visitors.view()).toBeNull();
    expect(await visitors.end('finished')).toBe(false);
  });

  it('warns after 4 minutes without activity, then ends the visit and wipes at 5', async () => {
    const { visit } = leaveTraces();
    clock.advance(239_000);
    expect(visitors.view()?.idleWarning).toBeNull();
    clock.advance(1_000);
    expect(visitors.view()?.idleWarning).toEqual({ secondsLeft: 60 });
    clock.advance(45_000);
    expect(visitors.view()?.idleWarning).toEqual({ secondsLeft: 15 });
    clock.advance(15_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(visitors.view()).toBeNull();
    nothingOfTheVisitor(visit);
    expect(logs).toContain('visit ended (idle)');
  });

  it('activity puts the idle clock back to zero, and stops a warning', () => {
    visitors.start();
    clock.advance(200_000);
    visitors.activity();
    clock.advance(200_000);
    expect(visitors.view()?.idleWarning).toBeNull();
    clock.advance(50_000);
    expect(visitors.view()?.idleWarning).not.toBeNull();
    const before = changes;
    visitors.activity();
    expect(visitors.view()?.idleWarning).toBeNull();
    expect(changes).toBe(before + 1);
    clock.advance(239_000);
    expect(visitors.view()).not.toBeNull();
  });

  it('a failing hook is logged and does not stop the others', async () => {
    visitors.start();
    const ran: string[] = [];
    visitors.onVisitEnded('broken', () => {
      throw new Error('boom');
    });
    visitors.onVisitEnded('second', () => void ran.push('second'));
    await visitors.end('staff');
    expect(ran).toEqual(['second']);
    expect(logs).toContain('visit-end hook broken failed');
  });

  it('at start-up, sweeps what a visit cut by a power failure left behind', () => {
    const { visit } = leaveTraces();
    // The shell stops without ending the visit; a new one starts on the same store and folder.
    const next = new VisitorService({ db, visitorsDir: path.join(dir, 'visitors'), policy: () => DEFAULT_IDLE_POLICY, timers: clock, onChange: () => undefined, log: () => undefined });
    next.sweepLeftovers();
    nothingOfTheVisitor(visit);
    expect(fs.existsSync(path.join(dir, 'visitors'))).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM adaptivity').get()).toEqual({ n: 1 });
  });

  it('wipeVisitorRows deletes only visitor rows from person-scoped tables, whatever their name', () => {
    db.exec('CREATE TABLE "odd ""name""" (person_id TEXT, v TEXT)');
    db.prepare('INSERT INTO "odd ""name""" VALUES (?, ?)').run('visitor:abc', 'x');
    db.prepare('INSERT INTO "odd ""name""" VALUES (?, ?)').run('visitor_abc', 'not a visitor prefix');
    wipeVisitorRows(db, null);
    expect(db.prepare('SELECT person_id FROM "odd ""name"""').all()).toEqual([{ person_id: 'visitor_abc' }]);
  });
});
