/** What every area of the SQLite store shares: the open database and the clock. */
import type { SqliteDb } from '../../../lib/sqlite/open.ts';

/** An unclaimed request is shown as escalated after this many minutes unless the association sets another delay. */
export const DEFAULT_ESCALATION_MINUTES = 10;
/** Closed requests keep their personal data this many days unless the association sets another retention. */
export const DEFAULT_RETENTION_DAYS = 90;

export class SqliteContext {
  constructor(
    readonly db: SqliteDb,
    readonly now: () => Date,
  ) {}

  /** The clock as an ISO string, optionally shifted. */
  iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  /** Runs `work` in an IMMEDIATE transaction: concurrent writers (other processes too) are serialised. */
  write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}
