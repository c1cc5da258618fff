/**
 * Kiosk visits. Each visitor starts fresh and leaves nothing behind: when a visit ends ("J'ai fini",
 * the idle timeout, or the animateur), everything of that visitor is wiped: their rows in the local
 * store, their downloads folder, and, through the hosts' hooks, the browser storage (Electron drops
 * the visit's in-memory partition; the web host makes the browser clear the site's data). A help
 * request or voice message that has not reached the hub yet stays in the outbox only: it is
 * delivered, but the next visitor does not see it.
 *
 * Idle: with no activity for `timeoutMs - warningMs` the visitor is warned (voice and a visible
 * countdown, in the renderer); with none for `timeoutMs` the visit ends.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Log } from '../log.ts';
import type { ShellDb } from '../store/db.ts';

export type IdlePolicy = { timeoutMs: number; warningMs: number };

/** Five minutes without a touch ends a visit (the default); the last minute is warned. */
export const DEFAULT_IDLE_POLICY: IdlePolicy = { timeoutMs: 5 * 60_000, warningMs: 60_000 };
/** The range an association may set: below 30 s a slow reader is thrown out mid-sentence. */
export const IDLE_TIMEOUT_RANGE_SECONDS = { min: 30, max: 3600 } as const;

/**
 * The idle policy for a configured timeout in seconds (the `kioskIdleSeconds` setting), or the
 * default when unset or out of range. The warning is the last minute, or the last half of a
 * shorter timeout.
 */
export function idlePolicyFor(timeoutSeconds: unknown): IdlePolicy {
  const seconds = typeof timeoutSeconds === 'string' && /^[0-9]{1,5}$/.test(timeoutSeconds) ? Number(timeoutSeconds) : typeof timeoutSeconds === 'number' ? timeoutSeconds : NaN;
  if (!Number.isInteger(seconds) || seconds < IDLE_TIMEOUT_RANGE_SECONDS.min || seconds > IDLE_TIMEOUT_RANGE_SECONDS.max) return DEFAULT_IDLE_POLICY;
  const timeoutMs = seconds * 1000;
  return { timeoutMs, warningMs: Math.min(DEFAULT_IDLE_POLICY.warningMs, Math.floor(timeoutMs / 2)) };
}

export type IdlePhase = { phase: 'active'; warnAt: number } | { phase: 'warning'; endsAt: number } | { phase: 'expired' };

/** Where a visit stands `now`, given its last activity. */
export function idlePhase(lastActivityAt: number, now: number, policy: IdlePolicy): IdlePhase {
  const endsAt = lastActivityAt + policy.timeoutMs;
  const warnAt = endsAt - policy.warningMs;
  if (now >= endsAt) return { phase: 'expired' };
  if (now >= warnAt) return { phase: 'warning', endsAt };
  return { phase: 'active', warnAt };
}

export type Visit = {
  id: string;
  /** The person id a visitor's rows carry in the store (column `person_id`). */
  personId: string;
  startedAt: string;
  /** Downloads are saved only here (main/policy/lockdown.ts); wiped at the end. */
  downloadsDir: string;
};

export type VisitView = { id: string; startedAt: string; idleWarning: { secondsLeft: number } | null };
export type VisitEndReason = 'finished' | 'idle' | 'staff' | 'mode';

export type Timers = { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const VISITOR_PREFIX = 'visitor:';
/** The column names that mark a table as holding one person's rows. */
const PERSON_COLUMNS = ['person', 'person_id'] as const;

/**
 * The store's side of the wipe. Convention for every service keeping one person's data (lesson
 * adaptivity settings…): a `person` (or `person_id`) column; a visitor's rows carry
 * `visitor:<visit id>`, the one person of a loaned PC `owner` (main/services/lessons.ts).
 * Rows of this visitor, and of any earlier visitor left by a power cut, are deleted from every such
 * table. `lesson_progress` predates the convention: on a kiosk all of it is visitors' and it goes.
 * Local copies of help requests made during the visit go too (the outbox keeps the messages).
 */
export function wipeVisitorRows(db: ShellDb, visit: { personId: string; startedAt: string } | null): void {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((t) => t.name);
  const columnsOf = (table: string) => (db.prepare(`PRAGMA table_info("${table.replaceAll('"', '""')}")`).all() as Array<{ name: string }>).map((c) => c.name);
  db.transaction(() => {
    for (const table of tables) {
      const quoted = `"${table.replaceAll('"', '""')}"`;
      const columns = columnsOf(table);
      const personColumn = PERSON_COLUMNS.find((c) => columns.includes(c));
      if (personColumn) {
        db.prepare(`DELETE FROM ${quoted} WHERE ${personColumn} = ? OR ${personColumn} LIKE ?`).run(visit?.personId ?? '', `${VISITOR_PREFIX}%`);
      } else if (table === 'lesson_progress') {
        db.prepare(`DELETE FROM ${quoted}`).run();
      }
    }
    if (tables.includes('help_requests')) {
      if (visit) db.prepare('DELETE FROM help_requests WHERE created_at >= ?').run(visit.startedAt);
      else db.prepare('DELETE FROM help_requests').run();
    }
  })();
}

export type VisitorServiceOptions = {
  db: ShellDb;
  /** `<dataDir>/visitors`: one folder per visit, removed at its end. */
  visitorsDir: string;
  /** Read at each visit, so a new setting applies from the next visitor. */
  policy: () => IdlePolicy;
  timers?: Timers;
  /** The visit started, changed (idle warning on or off) or ended. */
  onChange: () => void;
  log: Log;
};

type Hook = (visit: Visit, reason: VisitEndReason) => void | Promise<void>;

export class VisitorService {
  private visit: Visit | null = null;
  private lastActivityAt = 0;
  private warningEndsAt: number | null = null;
  private timer: unknown = null;
  private readonly hooks: Array<{ name: string; run: Hook }> = [];
  private readonly timers: Timers;

  constructor(private readonly options: VisitorServiceOptions) {
    this.timers = options.timers ?? realTimers;
  }

  currentVisit(): Visit | null {
    return this.visit;
  }

  view(): VisitView | null {
    if (!this.visit) return null;
    const secondsLeft = this.warningEndsAt === null ? null : Math.max(0, Math.ceil((this.warningEndsAt - this.timers.now()) / 1000));
    return { id: this.visit.id, startedAt: this.visit.startedAt, idleWarning: secondsLeft === null ? null : { secondsLeft } };
  }

  /** Start a visit (or return the one in progress: a double press on "Commencer" is one visit). */
  start(): Visit {
    if (this.visit) {
      this.activity();
      return this.visit;
    }
    const id = randomUUID();
    const downloadsDir = path.join(this.options.visitorsDir, id, 'downloads');
    fs.mkdirSync(downloadsDir, { recursive: true, mode: 0o700 });
    this.visit = { id, personId: `${VISITOR_PREFIX}${id}`, startedAt: new Date(this.timers.now()).toISOString(), downloadsDir };
    this.lastActivityAt = this.timers.now();
    this.warningEndsAt = null;
    this.schedule();
    this.options.onChange();
    return this.visit;
  }

  /** The visitor touched the screen or a key: the idle clock starts again (and a warning stops). */
  activity(): void {
    if (!this.visit) return;
    this.lastActivityAt = this.timers.now();
    const wasWarning = this.warningEndsAt !== null;
    this.warningEndsAt = null;
    this.schedule();
    if (wasWarning) this.options.onChange();
  }

  /**
   * Something else to wipe when a visit ends (the hosts' browser storage, another service's files).
   * Hooks run in registration order after the store and the downloads folder are wiped; one that
   * fails is logged and the others still run.
   */
  onVisitEnded(name: string, run: Hook): () => void {
    const hook = { name, run };
    this.hooks.push(hook);
    return () => {
      const at = this.hooks.indexOf(hook);
      if (at !== -1) this.hooks.splice(at, 1);
    };
  }

  /** End the visit in progress and wipe everything of it. False when there was none. */
  async end(reason: VisitEndReason): Promise<boolean> {
    const visit = this.visit;
    if (!visit) return false;
    this.clearTimer();
    // From here on nothing is attributed to this visitor any more.
    this.visit = null;
    this.warningEndsAt = null;
    try {
      wipeVisitorRows(this.options.db, visit);
    } catch (error) {
      this.options.log('could not wipe the visitor rows', error);
    }
    fs.rmSync(path.join(this.options.visitorsDir, visit.id), { recursive: true, force: true });
    for (const hook of [...this.hooks]) {
      try {
        await hook.run(visit, reason);
      } catch (error) {
        this.options.log(`visit-end hook ${hook.name} failed`, error);
      }
    }
    this.options.log(`visit ended (${reason})`);
    this.options.onChange();
    return true;
  }

  /**
   * At start-up on a kiosk: whatever a visit interrupted by a power cut or a crash left behind
   * (rows, downloads folders) goes before the first visitor arrives.
   */
  sweepLeftovers(): void {
    wipeVisitorRows(this.options.db, null);
    fs.rmSync(this.options.visitorsDir, { recursive: true, force: true });
  }

  close(): void {
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.clearTimer();
    if (!this.visit) return;
    const now = this.timers.now();
    const phase = idlePhase(this.lastActivityAt, now, this.options.policy());
    if (phase.phase === 'expired') {
      void this.end('idle');
      return;
    }
    if (phase.phase === 'warning' && this.warningEndsAt === null) {
      this.warningEndsAt = phase.endsAt;
      this.options.onChange();
    }
    const next = phase.phase === 'active' ? phase.warnAt : phase.endsAt;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.schedule();
    }, Math.max(0, next - now));
  }
}
