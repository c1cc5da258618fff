/**
 * The reports store: health reports and anonymous usage, in its own SQLite file (`reports.sqlite`)
 * beside the help queue's `hub.sqlite`. Two files on purpose: a burst of reports after an outage
 * never holds the write lock the help queue needs, and the usage tables sit in a file that holds
 * no machine, account or loan table to join them with.
 *
 * Writes come in batches from the ingest queue (server/routes/reports-queue.ts): one IMMEDIATE
 * transaction and one fsync (WAL, synchronous=FULL) for many reports — group commit — and each
 * report is acknowledged only after that commit. busy_timeout is 0: when another process holds the
 * lock (a backup, an admin's sqlite3 shell), the write fails at once with SQLITE_BUSY and the queue
 * retries, instead of freezing the hub's only thread in a busy-wait.
 *
 * Privacy (DESIGN.md): `usage_days` and `usage_counts` have no machine, person, install or address
 * column — only association, cohort and day. `contributors` counts accepted batches, that is
 * machine-days: each machine sends at most one batch per day, enforced with `usage_receipts`, which
 * holds only HMAC(day key, machine) and its expiry, never the counts, cohort or day in clear. Day
 * keys (`usage_day_keys`, receipts.ts) are destroyed when their day leaves the acceptance window:
 * with secure_delete and a truncated WAL, the deleted key is overwritten, not left in a free page.
 */
import { join } from 'node:path';
import { openSqlite, type SqliteDb } from '../../../lib/sqlite/open.ts';
import { addDays, USAGE_ACCEPT_WINDOW_DAYS } from '../../../app/usage/aggregate.ts';
import type { HistoryPoint, UsageBatch } from '../../../app/protocol/reports.ts';
import { newDayKey, oldestOpenDay, receiptOf } from './receipts.ts';
import { historySql, toHealthRow, toHistoryPoint, type HealthDbRow, type HistoryDbRow } from './rows.ts';
import { reportSummary, type ReportsStore, type HealthRow, type IngestJob, type IngestOutcome, type UsageRow, type RetentionResult } from './types.ts';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE health_reports (
    id TEXT PRIMARY KEY,                 -- the shell's idempotency key for this report
    machine_id TEXT NOT NULL,            -- hardware belongs to the association: keyed to the machine
    asset_tag TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    verdict TEXT NOT NULL,
    app_version TEXT NOT NULL,
    os_name TEXT,
    battery_health REAL,
    root_free_bytes INTEGER,
    home_free_bytes INTEGER,
    max_temperature_c REAL,
    report TEXT NOT NULL                 -- the whole validated report, JSON
  );
  CREATE INDEX health_by_machine ON health_reports (machine_id, taken_at);
  CREATE INDEX health_by_taken ON health_reports (taken_at);

  -- Usage: association, cohort and day only. No machine, person, install or address column.
  CREATE TABLE usage_days (
    association_id TEXT NOT NULL,
    cohort TEXT NOT NULL,
    day TEXT NOT NULL,
    contributors INTEGER NOT NULL,       -- accepted batches = machine-days (one batch per machine and day)
    PRIMARY KEY (association_id, cohort, day)
  );
  CREATE TABLE usage_counts (
    association_id TEXT NOT NULL,
    cohort TEXT NOT NULL,
    day TEXT NOT NULL,
    metric TEXT NOT NULL,
    label TEXT NOT NULL,                 -- '' is the metric's total over its labels
    total INTEGER NOT NULL,
    contributors INTEGER NOT NULL,       -- batches (machine-days) with a non-zero count in this cell
    PRIMARY KEY (association_id, cohort, day, metric, label)
  );
  CREATE INDEX usage_counts_day ON usage_counts (day);
  CREATE TABLE usage_receipts (
    receipt TEXT PRIMARY KEY,            -- HMAC(secret, machine | day): dedupe only, not reversible without the secret
    expires_on TEXT NOT NULL
  );
  `,
  // One key per day, destroyed when the day closes, instead of one key kept forever that linked
  // every receipt to its machine and day (receipts.ts). The old key and its receipts are erased.
  `
  DELETE FROM meta WHERE key = 'usage_receipt_key';
  DELETE FROM usage_receipts;
  CREATE TABLE usage_day_keys (
    day TEXT PRIMARY KEY,
    key BLOB NOT NULL                    -- random; deleted once the day leaves the acceptance window
  );
  `,
];

export interface SqliteReportsOptions {
  dataDir: string;
  now?: () => Date;
}

export class SqliteReportsStore implements ReportsStore {
  readonly db: SqliteDb;
  private readonly now: () => Date;

  constructor(opts: SqliteReportsOptions) {
    // busy_timeout 0 while serving: see above.
    this.db = openSqlite(join(opts.dataDir, 'reports.sqlite'), { name: 'reports.sqlite', owner: 'hub', migrations: MIGRATIONS, busyTimeoutMs: 0 });
    this.now = opts.now ?? (() => new Date());
    // Deleted rows (day keys, receipts, the old key) are overwritten, not left in free pages.
    this.db.pragma('secure_delete = ON');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * The key of `day`, made and stored by the first instance that needs it. Called inside the write
   * transaction and never cached: a rolled-back transaction must not leave a key only here.
   */
  private dayKey(day: string): Buffer {
    const read = () => this.db.prepare('SELECT key FROM usage_day_keys WHERE day = ?').get(day) as { key: Buffer } | undefined;
    const found = read();
    if (found) return found.key;
    this.db.prepare('INSERT INTO usage_day_keys (day, key) VALUES (?, ?) ON CONFLICT(day) DO NOTHING').run(day, newDayKey());
    return read()!.key;
  }

  /** Destroys the keys of closed days. Returns how many went (the caller then truncates the WAL). */
  private destroyClosedDayKeys(today: string): number {
    return this.db.prepare('DELETE FROM usage_day_keys WHERE day < ?').run(oldestOpenDay(today)).changes;
  }

  private truncateWal(): void {
    // Old WAL frames may still hold a deleted key: copy the pages back and empty the WAL.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Stores a batch of jobs in one transaction; throws (SQLITE_BUSY…) without storing any of them. */
  async write(jobs: IngestJob[]): Promise<IngestOutcome[]> {
    const receivedAt = this.now().toISOString();
    const today = receivedAt.slice(0, 10);
    const insertHealth = this.db.prepare(
      `INSERT INTO health_reports (id, machine_id, asset_tag, taken_at, received_at, verdict, app_version, os_name,
         battery_health, root_free_bytes, home_free_bytes, max_temperature_c, report)
       VALUES (@id, @machineId, @assetTag, @takenAt, @receivedAt, @verdict, @appVersion, @osName,
         @batteryHealth, @rootFreeBytes, @homeFreeBytes, @maxTemperatureC, @report)
       ON CONFLICT(id) DO NOTHING`,
    );
    const healthOwner = this.db.prepare('SELECT machine_id FROM health_reports WHERE id = ?');
    const insertReceipt = this.db.prepare('INSERT INTO usage_receipts (receipt, expires_on) VALUES (?, ?) ON CONFLICT(receipt) DO NOTHING');
    const upsertDay = this.db.prepare(
      `INSERT INTO usage_days (association_id, cohort, day, contributors) VALUES (?, ?, ?, 1)
       ON CONFLICT(association_id, cohort, day) DO UPDATE SET contributors = contributors + 1`,
    );
    const upsertCount = this.db.prepare(
      `INSERT INTO usage_counts (association_id, cohort, day, metric, label, total, contributors) VALUES (?, ?, ?, ?, ?, ?, 1)
       ON CONFLICT(association_id, cohort, day, metric, label) DO UPDATE SET total = total + excluded.total, contributors = contributors + 1`,
    );

    let destroyed = 0;
    const outcomes = this.db.transaction((): IngestOutcome[] => {
      destroyed = this.destroyClosedDayKeys(today);
      return jobs.map((job): IngestOutcome => {
        if (job.kind === 'health') {
          const s = reportSummary(job.report);
          const info = insertHealth.run({ id: job.id, machineId: job.machineId, assetTag: job.report.assetTag, receivedAt, ...s, report: JSON.stringify(job.report) });
          if (info.changes === 1) return { status: 'stored' };
          const owner = healthOwner.get(job.id) as { machine_id: string };
          return owner.machine_id === job.machineId ? { status: 'duplicate' } : { status: 'conflict' };
        }
        const { batch } = job;
        if (batch.day < addDays(today, -USAGE_ACCEPT_WINDOW_DAYS) || batch.day > addDays(today, 1)) return { status: 'out_of_window' };
        const receipt = receiptOf(this.dayKey(batch.day), job.machineId);
        if (insertReceipt.run(receipt, addDays(batch.day, USAGE_ACCEPT_WINDOW_DAYS + 2)).changes === 0) return { status: 'duplicate' };
        upsertDay.run(job.associationId, job.cohort, batch.day);
        for (const row of cellsOf(batch)) upsertCount.run(job.associationId, job.cohort, batch.day, row.metric, row.label, row.total);
        return { status: 'stored' };
      });
    }).immediate();
    if (destroyed > 0) this.truncateWal();
    return outcomes;
  }

  async latestHealth(): Promise<Map<string, HealthRow>> {
    const rows = this.db
      .prepare(
        `SELECT h.* FROM health_reports h
         JOIN (SELECT machine_id, MAX(taken_at) AS t FROM health_reports GROUP BY machine_id) last
           ON last.machine_id = h.machine_id AND last.t = h.taken_at`,
      )
      .all() as HealthDbRow[];
    const out = new Map<string, HealthRow>();
    for (const r of rows) out.set(r.machine_id, toHealthRow(r));
    return out;
  }

  async latestReport(machineId: string): Promise<HealthRow | null> {
    const r = this.db
      .prepare('SELECT * FROM health_reports WHERE machine_id = ? ORDER BY taken_at DESC, received_at DESC LIMIT 1')
      .get(machineId) as HealthDbRow | undefined;
    return r ? toHealthRow(r) : null;
  }

  async history(machineId: string, since: string): Promise<HistoryPoint[]> {
    return (this.db.prepare(historySql(() => '?')).all(machineId, since) as HistoryDbRow[]).map(toHistoryPoint);
  }

  async countHealth(machineId?: string): Promise<number> {
    const row = machineId
      ? this.db.prepare('SELECT COUNT(*) AS n FROM health_reports WHERE machine_id = ?').get(machineId)
      : this.db.prepare('SELECT COUNT(*) AS n FROM health_reports').get();
    return (row as { n: number }).n;
  }

  async usage(associationId: string, from: string, to: string): Promise<{ days: UsageRow['day'][]; rows: UsageRow[]; contributors: { cohort: string; day: string; contributors: number }[] }> {
    const rows = this.db
      .prepare(
        `SELECT cohort, day, metric, label, total, contributors AS machines FROM usage_counts
         WHERE association_id = ? AND day >= ? AND day <= ? ORDER BY cohort, day, metric, label`,
      )
      .all(associationId, from, to) as UsageRow[];
    const contributors = this.db
      .prepare('SELECT cohort, day, contributors FROM usage_days WHERE association_id = ? AND day >= ? AND day <= ? ORDER BY cohort, day')
      .all(associationId, from, to) as { cohort: string; day: string; contributors: number }[];
    return { days: [...new Set(contributors.map((c) => c.day))], rows, contributors };
  }

  async retention(cutoffs: { usageBefore: string; healthBefore: string; today: string }): Promise<RetentionResult> {
    const result = this.db.transaction((): RetentionResult => ({
      usageCounts: this.db.prepare('DELETE FROM usage_counts WHERE day < ?').run(cutoffs.usageBefore).changes,
      usageDays: this.db.prepare('DELETE FROM usage_days WHERE day < ?').run(cutoffs.usageBefore).changes,
      usageReceipts: this.db.prepare('DELETE FROM usage_receipts WHERE expires_on < ?').run(cutoffs.today).changes,
      usageDayKeys: this.destroyClosedDayKeys(cutoffs.today),
      healthReports: this.db.prepare('DELETE FROM health_reports WHERE taken_at < ?').run(cutoffs.healthBefore).changes,
    })).immediate();
    if (result.usageDayKeys > 0) this.truncateWal();
    return result;
  }

  /** Column names of every table (the privacy test reads the real schema). */
  schema(): Record<string, string[]> {
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [name, (this.db.prepare(`PRAGMA table_info(${JSON.stringify(name)})`).all() as { name: string }[]).map((c) => c.name)]),
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** A batch's cells, plus one total row per metric (label '') so weekly totals get their own machine count. */
export function cellsOf(batch: UsageBatch): { metric: string; label: string; total: number }[] {
  const cells = new Map<string, { metric: string; label: string; total: number }>();
  const add = (metric: string, label: string, value: number) => {
    const key = `${metric}\u0000${label}`;
    const cell = cells.get(key) ?? { metric, label, total: 0 };
    cell.total += value;
    cells.set(key, cell);
  };
  for (const c of batch.counts) {
    if (c.label !== '') add(c.metric, c.label, c.value);
    add(c.metric, '', c.value);
  }
  return [...cells.values()];
}

