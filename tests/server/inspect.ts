/**
 * Test-only readers of the hub's store: what the tests check behind the API's back (every request
 * whatever its association, the raw journal, counts, whole tables). Not part of HubStore on purpose.
 * They read either store — SQLite, or PostgreSQL under `npm run test:postgres` — with the same SQL:
 * write it with `?` placeholders in the SQL both understand.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { HelpState } from '../../app/help/states.ts';
import type { HelpRequestView } from '../../app/protocol/hub.ts';
import type { HubStore } from '../../server/store/index.ts';
import { PgHubStore } from '../../server/store/postgres/index.ts';
import { SqliteReportsStore } from '../../server/store/reports/sqlite.ts';
import { SqliteHubStore } from '../../server/store/sqlite/index.ts';
import { HELP_SELECT, toView, type HelpRow } from '../../server/store/sqlite/rows.ts';

export interface HelpEvent {
  requestId: string;
  actor: string;
  action: string;
  fromState: HelpState | null;
  toState: HelpState;
  at: string;
  detail: string | null;
}

/** Rows of a query on whichever store the hub runs on (`?` placeholders). */
export async function sqlRows<R = Record<string, unknown>>(store: HubStore, sql: string, ...params: unknown[]): Promise<R[]> {
  if (store instanceof SqliteHubStore) return store.db.prepare(sql).all(...params) as R[];
  if (store instanceof PgHubStore) {
    let n = 0;
    return (await store.pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as R[];
  }
  throw new Error('these readers know the SQLite and PostgreSQL stores only');
}

/** `SELECT COUNT(*) AS n …` as a number. */
export async function sqlCount(store: HubStore, sql: string, ...params: unknown[]): Promise<number> {
  const [row] = await sqlRows<{ n: number | string }>(store, sql, ...params);
  return Number(row?.n ?? 0);
}

/**
 * The store's own tables by name: not the migrations' bookkeeping, nor the hub instances' (their
 * heartbeat, presence and bus payloads change on their own every few seconds: server/cluster/), nor
 * the shared rate-limit counters (every request counts, a refused one too: postgres/rate-limits.ts).
 */
const BOOKKEEPING = new Set(['hub_instances', 'presence_connections', 'presence_on_duty', 'bus_payloads', 'rate_counters']);
export async function tableNames(store: HubStore): Promise<string[]> {
  const rows =
    store instanceof SqliteHubStore
      ? await sqlRows<{ name: string }>(store, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      : await sqlRows<{ name: string }>(store, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1");
  return rows.map((r) => r.name).filter((n) => !BOOKKEEPING.has(n));
}

export function countHelpRequests(store: HubStore): Promise<number> {
  return sqlCount(store, 'SELECT COUNT(*) AS n FROM help_requests');
}

/** A request by id, whatever its association. */
export async function helpRequest(store: HubStore, id: string): Promise<HelpRequestView | null> {
  const [r] = await sqlRows<HelpRow>(store, `${HELP_SELECT} WHERE h.id = ?`, id);
  return r ? toView(r) : null;
}

/** Every open request, whatever its association, oldest first. */
export async function openHelpRequests(store: HubStore): Promise<HelpRequestView[]> {
  const rows = await sqlRows<HelpRow>(store, `${HELP_SELECT} WHERE h.state NOT IN ('resolved', 'cancelled') ORDER BY h.received_at, h.id`);
  return rows.map(toView);
}

export async function helpEvents(store: HubStore, requestId: string): Promise<HelpEvent[]> {
  const rows = await sqlRows<{
    request_id: string;
    actor: string;
    action: string;
    from_state: HelpState | null;
    to_state: HelpState;
    at: string;
    detail: string | null;
  }>(store, 'SELECT request_id, actor, action, from_state, to_state, at, detail FROM help_events WHERE request_id = ? ORDER BY seq', requestId);
  return rows.map((r) => ({ requestId: r.request_id, actor: r.actor, action: r.action, fromState: r.from_state, toState: r.to_state, at: r.at, detail: r.detail }));
}

// ---- the reports store (reports.sqlite beside hub.sqlite, or the same PostgreSQL database) ----------

interface HubOnDisk {
  store: HubStore;
  dataDir: string;
}

function reportsDb(hub: HubOnDisk): Database.Database {
  return new Database(join(hub.dataDir, 'reports.sqlite'), { readonly: true });
}

export async function reportsCount(hub: HubOnDisk, table: string): Promise<number> {
  if (hub.store instanceof PgHubStore) return sqlCount(hub.store, `SELECT COUNT(*) AS n FROM ${table}`);
  const db = reportsDb(hub);
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Column names of every reports table (the privacy tests read the real schema). */
export async function reportsSchema(hub: HubOnDisk): Promise<Record<string, string[]>> {
  if (hub.store instanceof PgHubStore) {
    const rows = await sqlRows<{ t: string; c: string }>(
      hub.store,
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name IN ('reports_meta', 'health_reports', 'usage_days', 'usage_counts', 'usage_receipts', 'usage_day_keys')
       ORDER BY table_name, ordinal_position`,
    );
    const schema: Record<string, string[]> = {};
    for (const r of rows) (schema[r.t] ??= []).push(r.c);
    return schema;
  }
  const store = new SqliteReportsStore({ dataDir: hub.dataDir });
  try {
    return store.schema();
  } finally {
    await store.close();
  }
}

/**
 * Another client holds the reports' write lock (a backup, an admin's shell): SQLite's write lock on
 * reports.sqlite, or an EXCLUSIVE table lock in PostgreSQL. Returns the release function.
 */
export async function holdReportsWriteLock(hub: HubOnDisk): Promise<() => Promise<void>> {
  if (hub.store instanceof PgHubStore) {
    const client = await hub.store.pool.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE health_reports, usage_receipts IN EXCLUSIVE MODE');
    return async () => {
      await client.query('COMMIT');
      client.release();
    };
  }
  const blocker = new Database(join(hub.dataDir, 'reports.sqlite'));
  blocker.exec('BEGIN IMMEDIATE');
  return async () => {
    blocker.exec('COMMIT');
    blocker.close();
  };
}

/**
 * Every table's rows, hashed, to prove a refused request changed nothing (machines.last_seen aside:
 * reading with a token may touch it). Rows are sorted: PostgreSQL returns them in no set order.
 */
export async function snapshotTables(store: HubStore): Promise<string> {
  const hash = createHash('sha256');
  for (const t of await tableNames(store)) {
    const lines = (await sqlRows(store, `SELECT * FROM "${t}"`)).map((r) => {
      if (t === 'machines') delete r.last_seen;
      return `${t}:${JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))}\n`;
    });
    for (const line of lines.sort()) hash.update(line);
  }
  return hash.digest('hex');
}
