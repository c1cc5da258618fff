import { openSqlite, type SqliteDb } from '../../lib/sqlite/open.ts';

export type ShellDb = SqliteDb;

/**
 * Schema migrations, applied in order; `user_version` records how many have run.
 * Never edit a shipped migration: add a new one.
 */
const migrations: string[] = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,            -- idempotency key, sent to the hub
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,               -- JSON
    priority INTEGER NOT NULL,           -- lower is more important; help requests are 0
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    rejected INTEGER NOT NULL DEFAULT 0  -- the hub refused it as invalid: kept for diagnosis, not retried
  );
  CREATE INDEX outbox_due ON outbox (rejected, next_attempt_at, priority, seq);
  CREATE TABLE help_requests (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    helper_first_name TEXT,
    context TEXT NOT NULL
  );
  CREATE TABLE lesson_progress (
    lesson_id TEXT PRIMARY KEY,
    step_index INTEGER NOT NULL,
    finished INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // Reports (issue 5): outbox size accounting, and the day's usage counts kept on the machine until
  // the day is closed and sent as one anonymous batch (see app/usage/registry.ts).
  `
  ALTER TABLE outbox ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
  UPDATE outbox SET bytes = length(CAST(payload AS BLOB));
  CREATE TABLE usage_counts (
    day TEXT NOT NULL,                   -- the machine's local day, YYYY-MM-DD
    metric TEXT NOT NULL,
    label TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (day, metric, label)
  );
  CREATE TABLE usage_active_minutes (
    day TEXT NOT NULL,
    minute INTEGER NOT NULL,             -- minute of the day with activity; only the day's bucket leaves
    PRIMARY KEY (day, minute)
  );
  `,
  // Lessons (issue 3): kind adaptivity per person (target size, double-click gap, drag room), keyed so
  // a kiosk can wipe one visitor's settings when they leave.
  `
  CREATE TABLE lesson_adaptivity (
    person TEXT PRIMARY KEY,
    settings TEXT NOT NULL,              -- JSON, see app/lessons/engine.ts Adaptivity
    updated_at TEXT NOT NULL
  );
  `,
];

/**
 * Open (and migrate) the shell's local store (lib/sqlite/open.ts: a private file, WAL with
 * synchronous=FULL so a help request the person was told is "saved" survives a power cut, and a
 * store written by a newer shell is refused rather than misread).
 */
export function openShellDb(file: string): ShellDb {
  return openSqlite(file, { name: 'the shell store', owner: 'shell', migrations });
}

export function getSetting(db: ShellDb, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setSetting(db: ShellDb, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
