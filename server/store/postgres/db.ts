/**
 * What every area of the PostgreSQL store shares: the connection pool, the clock, transactions that
 * retry when PostgreSQL says to (serialization failure, deadlock), and the migrations.
 *
 * Values come back as the SQLite store gives them, so both stores share their row mappings
 * (../sqlite/rows.ts): timestamptz as ISO strings with milliseconds (the store writes the clock's
 * ISO strings, so they round-trip exactly), date as 'YYYY-MM-DD', json as its text, int8 (COUNT,
 * bigserial) as a number.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { HelpChange } from '../help.ts';

type QueryValue = unknown;

export interface Sql {
  rows<R>(text: string, params?: readonly QueryValue[]): Promise<R[]>;
  one<R>(text: string, params?: readonly QueryValue[]): Promise<R | undefined>;
  /** Runs a statement; returns how many rows it changed. */
  run(text: string, params?: readonly QueryValue[]): Promise<number>;
}

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const DATE = 1082;
const JSON_OID = 114;
const INT8 = 20;

const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ) as (v: string) => Date;

/** Type parsers for this store's pools only (pg's global parsers stay untouched). */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case TIMESTAMPTZ:
      case TIMESTAMP:
        return (v: string) => parseTimestamptz(v).toISOString();
      case DATE:
      case JSON_OID:
        return (v: string) => v;
      case INT8:
        return (v: string) => Number(v);
      default:
        return pg.types.getTypeParser(oid, format);
    }
  },
};

export interface PgPoolOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections in the pool (default 10). */
  max?: number;
  /** Names this hub instance in pg_stat_activity. */
  applicationName?: string;
}

export function createPool(opts: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types: TYPES,
    application_name: opts.applicationName ?? 'passerelle-hub',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server (restart, failover) must not crash the hub: the pool drops it.
  pool.on('error', () => undefined);
  return pool;
}

/** A client outside the pool (LISTEN, advisory locks held for a session), with the same parsers. */
export function createClient(opts: PgPoolOptions): pg.Client {
  return new pg.Client({ connectionString: opts.url, types: TYPES, application_name: opts.applicationName ?? 'passerelle-hub' });
}

function sqlOn(q: pg.Pool | pg.PoolClient | pg.Client): Sql {
  return {
    async rows<R>(text: string, params: readonly QueryValue[] = []) {
      return (await q.query(text, params as unknown[])).rows as R[];
    },
    async one<R>(text: string, params: readonly QueryValue[] = []) {
      return (await q.query(text, params as unknown[])).rows[0] as R | undefined;
    },
    async run(text: string, params: readonly QueryValue[] = []) {
      return (await q.query(text, params as unknown[])).rowCount ?? 0;
    },
  };
}

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001' /* serialization_failure */, '40P01' /* deadlock_detected */]);
const UNIQUE_VIOLATION = '23505';

export function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export interface TxOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /**
   * Also run again after a unique violation: for read-then-insert methods whose checks, run again,
   * see the row a concurrent transaction just committed and answer accordingly (one active loan…).
   */
  retryOnUnique?: boolean;
}

const MAX_ATTEMPTS = 8;

/** Sends a help request's change to the other hub instances inside the transaction on `sql` (server/cluster/pg-bus.ts). */
export type Announce = (sql: Sql, change: HelpChange) => Promise<void>;

export class PgContext {
  readonly sql: Sql;
  /** Set when this hub runs as one instance among several (server/cluster/); none on its own. */
  announce: Announce | null = null;

  constructor(
    readonly pool: pg.Pool,
    readonly now: () => Date,
  ) {
    this.sql = sqlOn(pool);
  }

  /** The clock as an ISO string, optionally shifted. */
  iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  /**
   * Runs `work` in one transaction on one connection, and runs it again (with a short random pause)
   * when PostgreSQL aborts it for a serialization failure or a deadlock. `work` must have no effect
   * outside the database, since it may run more than once.
   */
  async tx<T>(work: (sql: Sql) => Promise<T>, opts: TxOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${(opts.isolation ?? 'read committed').toUpperCase()}`);
        const result = await work(sqlOn(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        const code = pgCode(error);
        const again = (code !== undefined && RETRYABLE.has(code)) || (opts.retryOnUnique === true && code === UNIQUE_VIOLATION);
        if (!again || attempt >= MAX_ATTEMPTS) throw error;
      } finally {
        client.release(broken);
      }
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }

  /**
   * Runs `work` while this instance holds the session advisory lock named `name` (the same on every
   * instance): instances doing it at the same moment take turns. For start-up work that reads then
   * writes over several transactions (the first-run seed), where a unique constraint alone would turn
   * the loser's start into an error.
   */
  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("SELECT pg_advisory_lock(hashtext('passerelle.exclusive'), hashtext($1))", [name]);
      try {
        return await work();
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext('passerelle.exclusive'), hashtext($1))", [name]).catch(() => {
          broken = true; // a dropped connection took its lock with it
        });
      }
    } finally {
      client.release(broken);
    }
  }
}

// ---- migrations ---------------------------------------------------------------------------------

export const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

/** The migration files, `NNN-name.sql`, in order. */
export function migrationFiles(dir = MIGRATIONS_DIR): { version: number; name: string; file: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f, i) => {
      const version = Number(f.slice(0, 3));
      if (version !== i + 1) throw new Error(`migration ${f}: expected number ${String(i + 1).padStart(3, '0')} (no gaps, no duplicates)`);
      return { version, name: f.replace(/\.sql$/, ''), file: join(dir, f) };
    });
}

export const SCHEMA_VERSION = migrationFiles().length;

/** Any 64-bit number, the same on every instance: migrations run under it, one instance at a time. */
const MIGRATION_LOCK = 0x7061_7373_6d69_67n; // "passmig"

/**
 * Runs the migrations not yet recorded in `schema_migrations`, each in its own transaction, under an
 * advisory lock so that instances starting together do not race. A database migrated by a newer hub
 * (a version this hub does not know) is refused rather than misread.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<number> {
  const files = migrationFiles(dir);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = (await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r: { version: number }) => r.version);
    const newest = done.length ? Math.max(...done) : 0;
    if (newest > files.length) {
      throw new Error(`The PostgreSQL database has schema version ${newest}, newer than this hub (${files.length}); upgrade the hub`);
    }
    let applied = 0;
    for (const m of files) {
      if (done.includes(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(readFileSync(m.file, 'utf8'));
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied += 1;
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => undefined);
    client.release();
  }
}
