/**
 * The PostgreSQL store, for several hub instances sharing one database: the same per-area interfaces
 * as the embedded SQLite store (../index.ts), plus the reports store on the same database.
 * Migrations are the plain SQL files of `migrations/`, run in order at open and recorded in
 * `schema_migrations` (db.ts).
 */
import type pg from 'pg';
import type { HubStore } from '../index.ts';
import { PgReportsStore } from '../reports/postgres.ts';
import { PgAccounts } from './accounts.ts';
import { sharedContentKeyPem } from './content-key.ts';
import { createPool, migrate, PgContext, type Announce } from './db.ts';
import { PgHelp } from './help.ts';
import { PgAccompaniment } from './accompaniment.ts';
import { PgLessons } from './lessons.ts';
import { PgOperators } from './operators.ts';
import { PgTiles } from './tiles.ts';
import { PgUpdates } from './updates.ts';
import { PgStudio } from './studio.ts';
import { PgVisitors } from './visitors.ts';
import { PgWebzine } from './webzine.ts';
import { PgRegister } from './register.ts';

export { SCHEMA_VERSION } from './db.ts';

export interface PgStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Injectable clock for tests (expiry, ages). */
  now?: () => Date;
  /** Connections in this instance's pool (default 10). */
  poolSize?: number;
}

export function isPostgresUrl(value: string | undefined): value is string {
  return value !== undefined && /^postgres(ql)?:\/\//.test(value);
}

export class PgHubStore implements HubStore {
  readonly accounts: PgAccounts;
  readonly register: PgRegister;
  readonly help: PgHelp;
  readonly operators: PgOperators;
  readonly lessons: PgLessons;
  readonly updates: PgUpdates;
  readonly tiles: PgTiles;
  readonly accompaniment: PgAccompaniment;
  readonly visitors: PgVisitors;
  readonly studio: PgStudio;
  readonly webzine: PgWebzine;
  /** Health reports and anonymous usage, in the same database. */
  readonly reports: PgReportsStore;
  private readonly context: PgContext;
  private closed = false;

  private constructor(
    /** The pool, for the hub's own tests and diagnosis; not part of HubStore. */
    readonly pool: pg.Pool,
    readonly url: string,
    now: () => Date,
  ) {
    const context = new PgContext(pool, now);
    this.context = context;
    this.accounts = new PgAccounts(context);
    this.register = new PgRegister(context);
    this.help = new PgHelp(context);
    this.operators = new PgOperators(context);
    this.lessons = new PgLessons(context);
    this.updates = new PgUpdates(context);
    this.tiles = new PgTiles(context);
    this.accompaniment = new PgAccompaniment(context);
    this.visitors = new PgVisitors(context);
    this.studio = new PgStudio(context);
    this.webzine = new PgWebzine(context);
    this.reports = new PgReportsStore(context);
  }

  /**
   * How changes to help requests reach the other hub instances from inside their transactions
   * (server/cluster/): set when the hub joins its cluster.
   */
  announceWith(announce: Announce | null): void {
    this.context.announce = announce;
  }

  /** Connects, migrates, and returns the store. */
  static async open(opts: PgStoreOptions): Promise<PgHubStore> {
    const pool = createPool({ url: opts.url, max: opts.poolSize ?? 10 });
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgHubStore(pool, opts.url, opts.now ?? (() => new Date()));
  }

  /**
   * The lesson-signing key every instance on this database shares (private PEM); made once, by
   * `make()`, when there is none yet. Not part of HubStore: the SQLite hub keeps it in its data folder.
   */
  sharedContentKey(make: () => string): Promise<{ pem: string; created: boolean }> {
    return sharedContentKeyPem(this.context, make);
  }

  /** `work` while no other instance on this database runs work of the same name (PgContext.exclusive). */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.context.exclusive(name, work);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
