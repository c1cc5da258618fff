import type { ShellDb } from '../store/db.ts';
import { OUTBOX_PRIORITY, type OutboxKind, type OutboxMessage, type OutboxPayloads } from './messages.ts';

export { OUTBOX_PRIORITY, type OutboxKind, type OutboxMessage, type OutboxPayloads } from './messages.ts';

export type BackoffOptions = { baseMs: number; maxMs: number; random: () => number };

/** 2 s doubling to 5 min: a few quick retries for a blip, then a slow heartbeat for a long outage. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 300_000, random: Math.random };

/**
 * How much the outbox may hold. A machine offline for months keeps its help requests whatever the
 * cap; what goes beyond it is the oldest usage, then the oldest health reports. 2,000 messages or
 * 8 MiB of payload is about a year of daily health + usage reports (~3 KiB each), on a disk of a few GB.
 */
export type OutboxCap = { maxMessages: number; maxBytes: number };
export const DEFAULT_CAP: OutboxCap = { maxMessages: 2_000, maxBytes: 8 * 1024 * 1024 };

/**
 * Webzine stories (issue 17) are capped apart: one story can weigh 8 MiB (3 minutes of 16 kHz WAV and a
 * photo, base64), so they neither count against the reports' cap nor push a report out. A story that
 * does not fit is refused at once (the person hears it), never dropped later: 4 full stories offline.
 */
export const STORY_KIND = 'webzine.story';
export const STORY_CLASS_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, so a fleet of
 * machines coming back after a hub outage does not retry in lockstep.
 */
export function backoffDelay(attempts: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * options.random());
}

type Row = { seq: number; key: string; kind: OutboxKind; payload: string; attempts: number; created_at: number };

/**
 * The shell's durable queue for the hub. Every method is one SQLite statement or one transaction on
 * a WAL database with synchronous=FULL (main/store/db.ts): once `enqueue` returns, the message is on
 * disk and survives a kill -9 or a power cut; a crash in the middle leaves the previous state.
 */
// The payload was written by enqueue() for this kind: read back as that kind's payload.
const toMessage = (r: Row): OutboxMessage =>
  ({ seq: r.seq, key: r.key, kind: r.kind, payload: JSON.parse(r.payload) as unknown, attempts: r.attempts, createdAt: r.created_at }) as OutboxMessage;

/** The settings row holding the time before which the hub asked not to be sent anything (Retry-After). */
const HOLD_KEY = 'outbox.hubAskedToWaitUntil';

export class Outbox {
  constructor(
    private readonly db: ShellDb,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
    private readonly cap: OutboxCap = DEFAULT_CAP,
  ) {}

  /**
   * Queue a message. Returns false when it was not kept: a second enqueue with the same key is
   * ignored (idempotent), and a low-priority message may be the one the size cap drops.
   */
  enqueue<K extends OutboxKind>(kind: K, key: string, payload: OutboxPayloads[K], now = Date.now()): boolean {
    const json = JSON.stringify(payload);
    return this.db.transaction(() => {
      if (kind === STORY_KIND) {
        const { b } = this.db.prepare('SELECT COALESCE(SUM(bytes), 0) AS b FROM outbox WHERE kind = ? AND key != ?').get(STORY_KIND, key) as { b: number };
        if (b + Buffer.byteLength(json) > STORY_CLASS_MAX_BYTES) return this.db.prepare('SELECT 1 FROM outbox WHERE key = ?').get(key) !== undefined;
      }
      const inserted = this.db
        .prepare(
          `INSERT INTO outbox (key, kind, payload, bytes, priority, created_at, next_attempt_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`,
        )
        .run(key, kind, json, Buffer.byteLength(json), OUTBOX_PRIORITY[kind], now, now);
      if (inserted.changes === 0) return false;
      this.enforceCap();
      return this.db.prepare('SELECT 1 FROM outbox WHERE key = ?').get(key) !== undefined;
    })();
  }

  /** Drop the least important messages until the outbox fits its cap (inside the enqueue transaction). */
  private enforceCap(): void {
    const total = () => this.db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM outbox WHERE kind != ?').get(STORY_KIND) as { n: number; b: number };
    // Victims: already-refused messages first, then the least important kind, oldest first. Never help
    // (priority 0), never a story (capped apart, refused rather than dropped).
    const victim = this.db.prepare(
      `SELECT seq, bytes FROM outbox WHERE priority > 0 AND kind != '${STORY_KIND}' ORDER BY rejected DESC, priority DESC, seq LIMIT 1`,
    );
    const remove = this.db.prepare('DELETE FROM outbox WHERE seq = ?');
    let { n, b } = total();
    let dropped = 0;
    while (n > this.cap.maxMessages || b > this.cap.maxBytes) {
      const v = victim.get() as { seq: number; bytes: number } | undefined;
      if (!v) break; // only help requests left: they are kept whatever the cap
      remove.run(v.seq);
      n -= 1;
      b -= v.bytes;
      dropped += 1;
    }
    if (dropped > 0) {
      this.db
        .prepare(
          `INSERT INTO settings (key, value) VALUES ('outbox.dropped', ?)
           ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value`,
        )
        .run(String(dropped));
    }
  }

  /**
   * Messages due now, most important first. Within one priority class (help, health, usage) a
   * message never overtakes an older one still waiting: a voice message sent before its help
   * request would be refused by the hub as "unknown request" and lost. So each class offers only
   * its oldest waiting message, and only once that message's backoff has passed.
   */
  due(now = Date.now(), limit = 20): OutboxMessage[] {
    if (now < this.holdUntil()) return [];
    const rows = this.db
      .prepare(
        `SELECT seq, key, kind, payload, attempts, created_at FROM outbox AS o
         WHERE rejected = 0 AND next_attempt_at <= ?
           AND seq = (SELECT MIN(seq) FROM outbox WHERE rejected = 0 AND priority = o.priority)
         ORDER BY priority, seq LIMIT ?`,
      )
      .all(now, limit) as Row[];
    return rows.map(toMessage);
  }

  /** The hub acknowledged it: forget it. */
  delivered(key: string): void {
    this.db.prepare('DELETE FROM outbox WHERE key = ?').run(key);
  }

  /**
   * Delivery failed for a passing reason: retry later. `retryAfterMs` is the hub's Retry-After (429,
   * 503): nothing at all is sent before it has passed, not even after retryNow() (the feed coming
   * back does not mean the hub stopped asking to wait).
   */
  failed(key: string, error: string, now = Date.now(), retryAfterMs = 0): void {
    const row = this.db.prepare('SELECT attempts FROM outbox WHERE key = ?').get(key) as { attempts: number } | undefined;
    if (!row) return;
    const attempts = row.attempts + 1;
    const delay = Math.max(backoffDelay(attempts, this.backoff), retryAfterMs);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE key = ?')
        .run(attempts, now + delay, error.slice(0, 500), key);
      if (retryAfterMs > 0 && now + retryAfterMs > this.holdUntil()) {
        this.db
          .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(HOLD_KEY, String(now + retryAfterMs));
      }
    })();
  }

  /** The time before which the hub asked not to be sent anything (0 when it did not ask). */
  holdUntil(): number {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(HOLD_KEY) as { value: string } | undefined;
    return row ? Number(row.value) || 0 : 0;
  }

  /** The hub refused the message as invalid: keep it for a technician, never resend it. */
  rejected(key: string, error: string): void {
    this.db.prepare('UPDATE outbox SET rejected = 1, last_error = ? WHERE key = ?').run(error.slice(0, 500), key);
  }

  /** Forget every message of a kind (usage opt-out discards what is pending). Returns how many. */
  discard(kind: OutboxKind): number {
    return this.db.prepare('DELETE FROM outbox WHERE kind = ?').run(kind).changes;
  }

  /** Make every waiting message due now (the hub just came back). */
  retryNow(now = Date.now()): void {
    this.db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE rejected = 0').run(now);
  }

  pendingCount(kind?: OutboxKind): number {
    const row = kind
      ? this.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE rejected = 0 AND kind = ?').get(kind)
      : this.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE rejected = 0').get();
    return (row as { n: number }).n;
  }

  /** How many messages the size cap has dropped since the store was created. */
  /** How long the oldest message still to deliver has waited (ms), or null when nothing waits: the shell tells the hub (its metrics). */
  oldestAgeMs(now = Date.now()): number | null {
    const row = this.db.prepare('SELECT MIN(created_at) AS t FROM outbox WHERE rejected = 0').get() as { t: number | null };
    return row.t === null ? null : Math.max(0, now - row.t);
  }

  droppedCount(): number {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'outbox.dropped'").get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM outbox WHERE key = ? AND rejected = 0').get(key) !== undefined;
  }

  /** Every waiting message, in sending order, due or not (tests and diagnosis). */
  waiting(kind?: OutboxKind): OutboxMessage[] {
    const rows = (
      kind
        ? this.db.prepare('SELECT seq, key, kind, payload, attempts, created_at FROM outbox WHERE rejected = 0 AND kind = ? ORDER BY priority, seq').all(kind)
        : this.db.prepare('SELECT seq, key, kind, payload, attempts, created_at FROM outbox WHERE rejected = 0 ORDER BY priority, seq').all()
    ) as Row[];
    return rows.map(toMessage);
  }

  /** Every waiting key, in sending order (tests and diagnosis). */
  keys(): string[] {
    return (this.db.prepare('SELECT key FROM outbox WHERE rejected = 0 ORDER BY priority, seq').all() as { key: string }[]).map((r) => r.key);
  }

  /** When the next message can be offered: the earliest retry among the head of each class, not
   *  before the hub's Retry-After. */
  nextAttemptAt(): number | null {
    const row = this.db
      .prepare(
        `SELECT MIN(next_attempt_at) AS t FROM outbox AS o
         WHERE rejected = 0 AND seq = (SELECT MIN(seq) FROM outbox WHERE rejected = 0 AND priority = o.priority)`,
      )
      .get() as { t: number | null };
    return row.t === null ? null : Math.max(row.t, this.holdUntil());
  }
}
