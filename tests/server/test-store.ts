/**
 * The store the hub tests run on. By default the embedded SQLite store in each test's temp folder.
 * Under `npm run test:postgres` (scripts/test-postgres.ts), PASSERELLE_TEST_POSTGRES names a private
 * PostgreSQL server and every data folder gets a fresh database cloned from an already migrated
 * template — so the same suites, unchanged, run against both stores:
 *
 *   const hub = await buildHub({ dataDir, ...(await testStore(dataDir)), … });
 *
 * The same data folder maps to the same database, so a test that restarts a hub on its folder finds
 * its data again.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES = process.env.PASSERELLE_TEST_POSTGRES;
/** The migrated database every test database is cloned from (made once by scripts/test-postgres.ts). */
export const TEMPLATE_DATABASE = 'passerelle_template';

export const storeUnderTest: 'sqlite' | 'postgres' = TEST_POSTGRES ? 'postgres' : 'sqlite';

const databases = new Map<string, string>();

export function databaseUrl(clusterUrl: string, database: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onCluster<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty, migrated database on the test server; returns its URL. */
export async function newTestDatabase(): Promise<string> {
  if (!TEST_POSTGRES) throw new Error('no test PostgreSQL server: run through npm run test:postgres');
  const name = `t_${randomBytes(8).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE needs the template idle; another worker cloning it at the same moment is retried.
  for (let attempt = 0; ; attempt++) {
    try {
      await onCluster((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
      break;
    } catch (error) {
      if (attempt > 50 || !/being accessed by other users/.test(String((error as Error).message))) throw error;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }
  return databaseUrl(TEST_POSTGRES, name);
}

/** `{ store }` for buildHub: nothing under SQLite, the data folder's own database under PostgreSQL. */
export async function testStore(dataDir: string): Promise<{ store?: string }> {
  if (!TEST_POSTGRES) return {};
  let url = databases.get(dataDir);
  if (!url) {
    url = await newTestDatabase();
    databases.set(dataDir, url);
  }
  return { store: url };
}

/** Drops the databases of these data folders (their hubs are closed); the server itself goes at the end of the run. */
export function forgetTestDatabases(dataDirs: readonly string[]): void {
  const names = dataDirs.flatMap((d) => {
    const url = databases.get(d);
    databases.delete(d);
    return url ? [new URL(url).pathname.slice(1)] : [];
  });
  if (!names.length) return;
  void onCluster(async (c) => {
    for (const n of names) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  }).catch(() => undefined);
}
