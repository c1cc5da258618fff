/**
 * npm run test:postgres — the hub's store and route suites (tests/server/) against PostgreSQL.
 *
 * Starts a private PostgreSQL server in a temp folder (initdb + pg_ctl from Debian's postgresql
 * package, on a free port of 127.0.0.1, its socket in that folder; as root through `runuser -u
 * postgres`), migrates one template database, then runs vitest with PASSERELLE_TEST_POSTGRES set:
 * every hub a test builds gets its own database cloned from the template (tests/server/test-store.ts).
 * The server is stopped and its folder removed at the end, whatever the outcome.
 *
 *   npm run test:postgres [-- vitest arguments, e.g. tests/server/claim-race.test.ts]
 */
import { spawn } from 'node:child_process';
import { startTempCluster } from '../lib/postgres/temp-cluster.ts';
import { PgHubStore } from '../server/store/postgres/index.ts';
import { TEMPLATE_DATABASE, databaseUrl } from '../tests/server/test-store.ts';
import pg from 'pg';

const files = process.argv.slice(2);
const started = Date.now();
const cluster = await startTempCluster();
let code = 1;
try {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = await PgHubStore.open({ url: databaseUrl(cluster.url(), TEMPLATE_DATABASE) });
  await template.close();
  console.log(`PostgreSQL ready on 127.0.0.1:${cluster.port} in ${((Date.now() - started) / 1000).toFixed(1)} s (${cluster.dir})`);

  // Each hub here is a database cloned and filled over a socket: setups take longer than on SQLite.
  const timeouts = ['--hookTimeout=60000', '--testTimeout=60000'];
  const vitest = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...timeouts, ...(files.length ? files : ['tests/server/'])], {
    stdio: 'inherit',
    env: { ...process.env, PASSERELLE_TEST_POSTGRES: cluster.url() },
  });
  const stop = () => vitest.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  code = await new Promise<number>((resolve) => vitest.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
} finally {
  cluster.stop();
}
process.exit(code);
