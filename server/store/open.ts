/**
 * Which store a hub opens: the embedded SQLite files in its data folder (the default), or a
 * PostgreSQL database named by a `postgres://` URL (`npm run hub -- --store postgres://…` or
 * PASSERELLE_STORE), which several hub instances may share.
 */
import type { HubStore } from './index.ts';
import { isPostgresUrl, PgHubStore } from './postgres/index.ts';
import { SqliteReportsStore } from './reports/sqlite.ts';
import type { ReportsStore } from './reports/types.ts';
import { SqliteHubStore } from './sqlite/index.ts';

export interface OpenStoreOptions {
  dataDir: string;
  /** 'sqlite' (or nothing) for the embedded store; a postgres:// URL for PostgreSQL. */
  store?: string | undefined;
  now?: (() => Date) | undefined;
}

export function describeStore(store: string | undefined): string {
  if (!store || store === 'sqlite') return 'SQLite (embedded, in the data folder)';
  const url = new URL(store);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

export async function openHubStore(opts: OpenStoreOptions): Promise<HubStore> {
  const now = opts.now ? { now: opts.now } : {};
  if (!opts.store || opts.store === 'sqlite') return new SqliteHubStore({ dataDir: opts.dataDir, ...now });
  if (isPostgresUrl(opts.store)) return PgHubStore.open({ url: opts.store, ...now });
  throw new Error(`Unknown store "${opts.store}": use "sqlite" (the default) or a postgres://user:password@host:port/database URL.`);
}

/** The reports store that goes with a hub store: in the same PostgreSQL database, or reports.sqlite beside hub.sqlite. */
export function openReportsStore(hubStore: HubStore, opts: OpenStoreOptions): ReportsStore {
  if (hubStore instanceof PgHubStore) return hubStore.reports;
  return new SqliteReportsStore({ dataDir: opts.dataDir, ...(opts.now ? { now: opts.now } : {}) });
}
