import type { ShellDb } from '../store/db.ts';

export type OutboxKind = 'help.request' | 'help.cancel';

/** Lower is more important. Help requests are never dropped by the size cap. */
export const OUTBOX_PRIORITY: Record<OutboxKind, number> = { 'help.request': 0, 'help.cancel': 0 };

export type OutboxMessage = {
  seq: number;
  key: string;
  kind: OutboxKind;
  payload: unknown;
  attempts: number;
  createdAt: number;
};

export type BackoffOptions = { baseMs: number; maxMs: number; random: () => number };

/** 2 s doubling to 5 min: a few quick retries for a blip, then a slow heartbeat for a long outage. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 300_000, random: Math.random };

/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, so a fleet of
 * machines coming back after a hub outage does not retry in lockstep.
 */
export function backoffDelay(attempts: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * options.random());
}

type Row = { seq: number; key: string; kind: OutboxKind; payload: string; attempts: number; created_at: number };

export class Outbox {
  constructor(
    private readonly db: ShellDb,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  /** Queue a message; a second enqueue with the same key is ignored (idempotent). */
  enqueue(kind: OutboxKind, key: string, payload: unknown, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO outbox (key, kind, payload, priority, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`,
      )
      .run(key, kind, JSON.stringify(payload), OUTBOX_PRIORITY[kind], now, now);
  }

  /** Messages due now, most important first, then oldest first. */
  due(now = Date.now(), limit = 20): OutboxMessage[] {
    const rows = this.db
      .prepare(
        `SELECT seq, key, kind, payload, attempts, created_at FROM outbox
         WHERE rejected = 0 AND next_attempt_at <= ? ORDER BY priority, seq LIMIT ?`,
      )
      .all(now, limit) as Row[];
    return rows.map((r) => ({ seq: r.seq, key: r.key, kind: r.kind, payload: JSON.parse(r.payload), attempts: r.attempts, createdAt: r.created_at }));
  }

  /** The hub acknowledged it: forget it. */
  delivered(key: string): void {
    this.db.prepare('DELETE FROM outbox WHERE key = ?').run(key);
  }

  /** Delivery failed for a passing reason: retry later. `retryAfterMs` (from the hub) wins when longer. */
  failed(key: string, error: string, now = Date.now(), retryAfterMs = 0): void {
    const row = this.db.prepare('SELECT attempts FROM outbox WHERE key = ?').get(key) as { attempts: number } | undefined;
    if (!row) return;
    const attempts = row.attempts + 1;
    const delay = Math.max(backoffDelay(attempts, this.backoff), retryAfterMs);
    this.db
      .prepare('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE key = ?')
      .run(attempts, now + delay, error.slice(0, 500), key);
  }

  /** The hub refused the message as invalid: keep it for a technician, never resend it. */
  rejected(key: string, error: string): void {
    this.db.prepare('UPDATE outbox SET rejected = 1, last_error = ? WHERE key = ?').run(error.slice(0, 500), key);
  }

  /** Make every waiting message due now (the hub just came back). */
  retryNow(now = Date.now()): void {
    this.db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE rejected = 0').run(now);
  }

  pendingCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE rejected = 0').get() as { n: number }).n;
  }

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM outbox WHERE key = ? AND rejected = 0').get(key) !== undefined;
  }

  nextAttemptAt(): number | null {
    const row = this.db.prepare('SELECT MIN(next_attempt_at) AS t FROM outbox WHERE rejected = 0').get() as { t: number | null };
    return row.t;
  }
}
