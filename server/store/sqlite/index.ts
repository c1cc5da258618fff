/**
 * The embedded store: one SQLite file, `hub.sqlite`, in the hub's data folder (better-sqlite3,
 * synchronous API). The hub promises that an acknowledged help request survives a restart or a power
 * cut, and its write rate is small (people pressing Help), so every commit is fsynced (WAL + FULL,
 * see lib/sqlite/open.ts). Writes that read-then-write run in IMMEDIATE transactions, so concurrent
 * writers — other processes on the same file too — are serialised.
 */
import { join } from 'node:path';
import { openSqlite, type SqliteDb } from '../../../lib/sqlite/open.ts';
import type { HubStore } from '../index.ts';
import { SqliteAccompaniment } from './accompaniment.ts';
import { SqliteAccounts } from './accounts.ts';
import { SqliteContext } from './context.ts';
import { SqliteHelp } from './help.ts';
import { SqliteLessons } from './lessons.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteOperators } from './operators.ts';
import { SqliteRegister } from './register.ts';
import { SqliteTiles } from './tiles.ts';
import { SqliteStudio } from './studio.ts';
import { SqliteUpdates } from './updates.ts';
import { SqliteVisitors } from './visitors.ts';
import { SqliteWebzine } from './webzine.ts';

export { SCHEMA_VERSION } from './migrations.ts';

export interface SqliteStoreOptions {
  /** Folder holding `hub.sqlite` (created 0700 if missing). */
  dataDir: string;
  /** Injectable clock for tests (expiry, ages). */
  now?: () => Date;
}

export class SqliteHubStore implements HubStore {
  /** The open database, for the hub's own tests and diagnosis; not part of HubStore. */
  readonly db: SqliteDb;
  readonly accounts: SqliteAccounts;
  readonly register: SqliteRegister;
  readonly help: SqliteHelp;
  readonly lessons: SqliteLessons;
  readonly updates: SqliteUpdates;
  readonly accompaniment: SqliteAccompaniment;
  readonly visitors: SqliteVisitors;
  readonly operators: SqliteOperators;
  readonly tiles: SqliteTiles;
  readonly studio: SqliteStudio;
  readonly webzine: SqliteWebzine;

  constructor(opts: SqliteStoreOptions) {
    this.db = openSqlite(join(opts.dataDir, 'hub.sqlite'), { name: 'hub.sqlite', owner: 'hub', migrations: MIGRATIONS });
    const context = new SqliteContext(this.db, opts.now ?? (() => new Date()));
    this.accounts = new SqliteAccounts(context);
    this.register = new SqliteRegister(context);
    this.help = new SqliteHelp(context);
    this.lessons = new SqliteLessons(context);
    this.updates = new SqliteUpdates(context);
    this.accompaniment = new SqliteAccompaniment(context);
    this.visitors = new SqliteVisitors(context);
    this.operators = new SqliteOperators(context);
    this.tiles = new SqliteTiles(context);
    this.studio = new SqliteStudio(context);
    this.webzine = new SqliteWebzine(context);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
