/**
 * The reports store in PostgreSQL: the same tables as reports.sqlite (see sqlite.ts for the privacy
 * design: usage by association, cohort and day only; receipts hold a keyed hash of machine and day).
 *
 * Several hub instances write at once: every insert is idempotent in one statement (`ON CONFLICT
 * DO NOTHING` on the report id and on the receipt, `ON CONFLICT DO UPDATE SET total = total + …` on
 * the counts), so two instances given the same report store it once and two batches for one cohort
 * and day add up. A batch is one transaction (group commit); one that deadlocks with another
 * instance's batch is run again (PgContext.tx).
 *
 * Receipts are HMAC(the day's key, machine) as in SQLite (receipts.ts): the day keys live in
 * `usage_day_keys`, shared by every instance, and are deleted when their day leaves the acceptance
 * window. PostgreSQL does not overwrite a row in place (an UPDATE writes a new version, a DELETE
 * leaves the old one as a dead tuple, and VACUUM only marks its space free): so once keys are deleted
 * the table is rewritten with VACUUM FULL, which writes the live rows to a new file and unlinks the
 * old one. What PostgreSQL keeps beyond that is said in receipts.ts.
 */
import { addDays, USAGE_ACCEPT_WINDOW_DAYS } from '../../../app/usage/aggregate.ts';
import type { HistoryPoint } from '../../../app/protocol/reports.ts';
import type { PgContext, Sql } from '../postgres/db.ts';
import { cellsOf } from './sqlite.ts';
import { historySql, toHealthRow, toHistoryPoint, type HealthDbRow, type HistoryDbRow } from './rows.ts';
import { newDayKey, oldestOpenDay, receiptOf } from './receipts.ts';
import { reportSummary, type HealthRow, type IngestJob, type IngestOutcome, type ReportsStore, type RetentionResult, type UsageRow } from './types.ts';

/** How long a batch waits for a lock before the queue is told "busy" and retries. */
const WRITE_LOCK_TIMEOUT_MS = 500;

export class PgReportsStore implements ReportsStore {
  constructor(private readonly x: PgContext) {}

  /** The key of `day`, made and stored by the first instance that needs it, inside the batch's transaction. */
  private async dayKey(sql: Sql, day: string): Promise<Buffer> {
    await sql.run('INSERT INTO usage_day_keys (day, key) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING', [day, newDayKey()]);
    return ((await sql.one<{ key: Buffer }>('SELECT key FROM usage_day_keys WHERE day = $1', [day])) as { key: Buffer }).key;
  }

  /** Deletes the keys of closed days; returns how many went (the caller then rewrites the table). */
  private destroyClosedDayKeys(sql: Sql, today: string): Promise<number> {
    return sql.run('DELETE FROM usage_day_keys WHERE day < $1', [oldestOpenDay(today)]);
  }

  /** The deleted keys' dead tuples leave every file: the table is written anew and the old file unlinked. */
  private async rewriteDayKeys(): Promise<void> {
    await this.x.sql.run('VACUUM (FULL) usage_day_keys');
  }

  async write(jobs: IngestJob[]): Promise<IngestOutcome[]> {
    const receivedAt = this.x.iso();
    const today = receivedAt.slice(0, 10);
    let destroyed = 0;
    const result = await this.x.tx(async (sql) => {
      // Behind another client's lock (a long transaction, an admin's LOCK TABLE), give up soon and
      // let the ingest queue retry, as with SQLite's busy lock, rather than hold the batch unanswered.
      await sql.run(`SET LOCAL lock_timeout = '${WRITE_LOCK_TIMEOUT_MS}ms'`);
      destroyed = await this.destroyClosedDayKeys(sql, today);
      const outcomes: IngestOutcome[] = [];
      for (const job of jobs) {
        if (job.kind === 'health') {
          const s = reportSummary(job.report);
          const stored = await sql.run(
            `INSERT INTO health_reports (id, machine_id, asset_tag, taken_at, received_at, verdict, app_version, os_name,
               battery_health, root_free_bytes, home_free_bytes, max_temperature_c, report)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING`,
            [job.id, job.machineId, job.report.assetTag, s.takenAt, receivedAt, s.verdict, s.appVersion, s.osName,
              s.batteryHealth, s.rootFreeBytes, s.homeFreeBytes, s.maxTemperatureC, JSON.stringify(job.report)],
          );
          if (stored === 1) {
            outcomes.push({ status: 'stored' });
            continue;
          }
          const owner = (await sql.one<{ machine_id: string }>('SELECT machine_id FROM health_reports WHERE id = $1', [job.id])) as { machine_id: string };
          outcomes.push({ status: owner.machine_id === job.machineId ? 'duplicate' : 'conflict' });
          continue;
        }
        const { batch } = job;
        if (batch.day < addDays(today, -USAGE_ACCEPT_WINDOW_DAYS) || batch.day > addDays(today, 1)) {
          outcomes.push({ status: 'out_of_window' });
          continue;
        }
        const receipt = receiptOf(await this.dayKey(sql, batch.day), job.machineId);
        const fresh = await sql.run('INSERT INTO usage_receipts (receipt, expires_on) VALUES ($1, $2) ON CONFLICT (receipt) DO NOTHING', [
          receipt,
          addDays(batch.day, USAGE_ACCEPT_WINDOW_DAYS + 2),
        ]);
        if (fresh === 0) {
          outcomes.push({ status: 'duplicate' });
          continue;
        }
        await sql.run(
          `INSERT INTO usage_days (association_id, cohort, day, contributors) VALUES ($1, $2, $3, 1)
           ON CONFLICT (association_id, cohort, day) DO UPDATE SET contributors = usage_days.contributors + 1`,
          [job.associationId, job.cohort, batch.day],
        );
        const cells = cellsOf(batch);
        if (cells.length) {
          // One statement for every cell of the batch, in key order (fewer deadlocks between instances).
          cells.sort((a, b) => (a.metric === b.metric ? (a.label < b.label ? -1 : 1) : a.metric < b.metric ? -1 : 1));
          await sql.run(
            `INSERT INTO usage_counts (association_id, cohort, day, metric, label, total, contributors)
             SELECT $1, $2, $3, c.metric, c.label, c.total, 1 FROM unnest($4::text[], $5::text[], $6::bigint[]) AS c(metric, label, total)
             ON CONFLICT (association_id, cohort, day, metric, label)
             DO UPDATE SET total = usage_counts.total + excluded.total, contributors = usage_counts.contributors + 1`,
            [job.associationId, job.cohort, batch.day, cells.map((c) => c.metric), cells.map((c) => c.label), cells.map((c) => c.total)],
          );
        }
        outcomes.push({ status: 'stored' });
      }
      return outcomes;
    });
    if (destroyed > 0) await this.rewriteDayKeys();
    return result;
  }

  async latestHealth(): Promise<Map<string, HealthRow>> {
    const rows = await this.x.sql.rows<HealthDbRow>(
      `SELECT DISTINCT ON (machine_id) * FROM health_reports ORDER BY machine_id, taken_at DESC, received_at DESC`,
    );
    return new Map(rows.map((r) => [r.machine_id, toHealthRow(r)]));
  }

  async latestReport(machineId: string): Promise<HealthRow | null> {
    const r = await this.x.sql.one<HealthDbRow>('SELECT * FROM health_reports WHERE machine_id = $1 ORDER BY taken_at DESC, received_at DESC LIMIT 1', [machineId]);
    return r ? toHealthRow(r) : null;
  }

  async history(machineId: string, since: string): Promise<HistoryPoint[]> {
    return (await this.x.sql.rows<HistoryDbRow>(historySql((n) => `$${n}`), [machineId, since])).map(toHistoryPoint);
  }

  async countHealth(machineId?: string): Promise<number> {
    const row = machineId
      ? await this.x.sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM health_reports WHERE machine_id = $1', [machineId])
      : await this.x.sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM health_reports');
    return row?.n ?? 0;
  }

  async usage(associationId: string, from: string, to: string): Promise<{ days: string[]; rows: UsageRow[]; contributors: { cohort: string; day: string; contributors: number }[] }> {
    const rows = await this.x.sql.rows<UsageRow>(
      `SELECT cohort, day, metric, label, total, contributors AS machines FROM usage_counts
       WHERE association_id = $1 AND day >= $2 AND day <= $3 ORDER BY cohort, day, metric, label`,
      [associationId, from, to],
    );
    const contributors = await this.x.sql.rows<{ cohort: string; day: string; contributors: number }>(
      'SELECT cohort, day, contributors FROM usage_days WHERE association_id = $1 AND day >= $2 AND day <= $3 ORDER BY cohort, day',
      [associationId, from, to],
    );
    return { days: [...new Set(contributors.map((c) => c.day))], rows, contributors };
  }

  async retention(cutoffs: { usageBefore: string; healthBefore: string; today: string }): Promise<RetentionResult> {
    const result = await this.x.tx(async (sql) => ({
      usageCounts: await sql.run('DELETE FROM usage_counts WHERE day < $1', [cutoffs.usageBefore]),
      usageDays: await sql.run('DELETE FROM usage_days WHERE day < $1', [cutoffs.usageBefore]),
      usageReceipts: await sql.run('DELETE FROM usage_receipts WHERE expires_on < $1', [cutoffs.today]),
      usageDayKeys: await this.destroyClosedDayKeys(sql, cutoffs.today),
      healthReports: await sql.run('DELETE FROM health_reports WHERE taken_at < $1', [cutoffs.healthBefore]),
    }));
    if (result.usageDayKeys > 0) await this.rewriteDayKeys();
    return result;
  }

  /** The pool is the hub store's: it closes it. */
  async close(): Promise<void> {}
}
