/**
 * Starts the hub: `tsx server/cli.ts --port 8600 --data ./data/hub [--host 127.0.0.1] [--console dist/console] [--log]
 * [--updates DIR] [--lessons DIR]`. --updates serves a release folder at /updates/ (the signed app feed and
 * packages); --lessons names the lesson packs bundled with the hub (default: the repository's lessons/).
 * --store postgres://user:password@host:port/database (or PASSERELLE_STORE) keeps the data in PostgreSQL
 * instead of the SQLite files in the data folder.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startHub } from './hub.ts';
import { turnOptionsFrom } from './live/turn.ts';
import { describeStore } from './store/open.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8600' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: './data/hub' },
    console: { type: 'string' },
    log: { type: 'boolean', default: false },
    'trust-proxy': { type: 'boolean', default: false },
    updates: { type: 'string' },
    lessons: { type: 'string' },
    // Live calls' TURN relay (coturn, use-auth-secret): README "Live help: calls through a relay".
    'turn-url': { type: 'string', multiple: true },
    'turn-secret-file': { type: 'string' },
    'turn-relay-only': { type: 'boolean', default: false },
    store: { type: 'string' },
    'metrics-token': { type: 'string' },
  },
});

const relay = turnOptionsFrom({
  urls: values['turn-url'],
  secretFile: values['turn-secret-file'],
  secretEnv: process.env.PASSERELLE_TURN_SECRET,
  relayOnly: values['turn-relay-only'],
  readFile: (path) => readFileSync(path, 'utf8'),
});
if ('error' in relay) {
  console.error(relay.error);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a number between 0 and 65535 (got ${values.port})`);
  process.exit(2);
}

const store = values.store ?? process.env.PASSERELLE_STORE;
const hub = await startHub({
  port,
  store,
  host: values.host,
  dataDir: resolve(values.data),
  ...(values.console ? { consoleDir: resolve(values.console) } : {}),
  logger: values.log,
  trustProxy: values['trust-proxy'],
  ...(values.updates ? { updatesDir: resolve(values.updates) } : {}),
  ...(values.lessons ? { lessonsDir: resolve(values.lessons) } : {}),
  ...(relay.turn ? { turn: relay.turn } : {}),
});

const { seed } = hub;
console.log(`Passerelle hub listening on ${hub.url}`);
console.log(`  console : ${hub.url}/console/`);
console.log(`  API     : ${hub.url}/api/v1`);
console.log(`  data    : ${resolve(values.data)}`);
if (values.updates) console.log(`  updates : ${hub.url}/updates/ (from ${resolve(values.updates)})`);
console.log(`  calls   : ${relay.turn ? `relay ${relay.turn.urls.join(', ')}${relay.turn.relayOnly ? ' (relay only)' : ''}` : 'direct (no TURN relay configured)'}`);
console.log(`  store   : ${describeStore(store)}`);
if (seed.admin.created) {
  console.log(`\nFirst run: admin account ${seed.admin.email}`);
  console.log(`  one-time password: ${seed.admin.oneTimePassword}   (shown once; write it down)`);
} else {
  console.log(`\nAdmin account ${seed.admin.email} already exists.`);
}
if (seed.demoMachine.enrolmentCode) {
  const { code, expiresAt } = seed.demoMachine.enrolmentCode;
  console.log(`Demo machine ${seed.demoMachine.assetTag} (${seed.demoMachine.id})`);
  console.log(`  enrolment code: ${code.slice(0, 4)}-${code.slice(4)}   (single use, expires ${expiresAt})`);
} else {
  console.log(`Demo machine ${seed.demoMachine.assetTag} (${seed.demoMachine.id}) is already enrolled.`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: closing the hub…`);
  try {
    await hub.close();
    process.exit(0);
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
