/**
 * Starts the hub: `tsx server/cli.ts --port 8600 --data ./data/hub [--host 127.0.0.1] [--console dist/console] [--log] [--demo]
 * [--updates DIR] [--lessons DIR]`. --updates serves a release folder at /updates/ (the signed app feed and
 * packages); --lessons names the lesson packs bundled with the hub (default: the repository's lessons/).
 * --store postgres://user:password@host:port/database (or PASSERELLE_STORE) keeps the data in PostgreSQL
 * instead of the SQLite files in the data folder.
 *
 * Or runs one command and exits: `backup DEST` / `restore SRC` (server/backup.ts), `operator EMAIL [--first-name NAME]`
 * (makes the hub's operator, or gives them a new password, printed once), with the same --data / --store.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startHub } from './hub.ts';
import { seedDemo } from './seed.ts';
import { turnOptionsFrom } from './live/turn.ts';
import { backup, restore } from './backup.ts';
import { describeStore, openHubStore } from './store/open.ts';
import { randomBytes } from 'node:crypto';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '8600' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: './data/hub' },
    console: { type: 'string' },
    log: { type: 'boolean', default: false },
    // Demo data for a first look: a beneficiary with the demo machine on loan (server/seed.ts seedDemo).
    demo: { type: 'boolean', default: false },
    'trust-proxy': { type: 'boolean', default: false },
    updates: { type: 'string' },
    lessons: { type: 'string' },
    // Live calls' TURN relay (coturn, use-auth-secret): README "Live help: calls through a relay".
    'turn-url': { type: 'string', multiple: true },
    'turn-secret-file': { type: 'string' },
    'turn-relay-only': { type: 'boolean', default: false },
    store: { type: 'string' },
    'metrics-token': { type: 'string' },
    // The lesson-signing key every instance shares, from a file (server/lessons/content-key.ts).
    'content-key': { type: 'string' },
    'first-name': { type: 'string' },
  },
});

const store = values.store ?? process.env.PASSERELLE_STORE;
const CONTENT_KEY_SOURCES = { file: 'of --content-key', database: 'shared in the database', 'data-folder': 'of the data folder' } as const;
const [command, folder] = positionals;
if (command === 'backup' || command === 'restore') {
  if (!folder) {
    console.error(`usage: npm run hub -- ${command} FOLDER [--data ./data/hub | --store postgres://…]`);
    process.exit(2);
  }
  const target = { dataDir: resolve(values.data), store };
  try {
    const m = command === 'backup' ? await backup(target, resolve(folder)) : await restore(target, resolve(folder));
    console.log(`${command === 'backup' ? 'Backup written to' : 'Restored from'} ${resolve(folder)} (${m.store}, ${m.files.join(', ')}, taken ${m.createdAt})`);
    process.exit(0);
  } catch (err) {
    console.error(`${command} failed: ${(err as Error).message}`);
    process.exit(1);
  }
} else if (command === 'operator') {
  const email = folder;
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    console.error('usage: npm run hub -- operator EMAIL [--first-name NAME] [--data ./data/hub | --store postgres://…]');
    process.exit(2);
  }
  const stores = await openHubStore({ dataDir: resolve(values.data), store });
  const password = randomBytes(12).toString('base64url');
  const { operator, created } = await stores.operators.upsertOperator({ email, firstName: values['first-name'] ?? email.split('@')[0]!, password });
  await stores.close();
  console.log(`${created ? 'Operator created' : 'New password for the operator'}: ${operator.email}`);
  console.log(`  password: ${password}   (shown once: write it down; run this again to change it)`);
  process.exit(0);
} else if (command !== undefined) {
  console.error(`Unknown command "${command}": the hub knows backup FOLDER, restore FOLDER and operator EMAIL (or no command to start it).`);
  process.exit(2);
}

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

const contentKeyFile = values['content-key'] ?? process.env.PASSERELLE_CONTENT_KEY;
const hub = await startHub({
  metricsToken: values['metrics-token'] ?? process.env.PASSERELLE_METRICS_TOKEN,
  contentKeyFile: contentKeyFile ? resolve(contentKeyFile) : undefined,
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
if (values.demo) await seedDemo(hub.store, seed);
console.log(`Passerelle hub listening on ${hub.url}`);
console.log(`  console : ${hub.url}/console/`);
console.log(`  API     : ${hub.url}/api/v1`);
console.log(`  data    : ${resolve(values.data)}`);
if (values.updates) console.log(`  updates : ${hub.url}/updates/ (from ${resolve(values.updates)})`);
console.log(`  calls   : ${relay.turn ? `relay ${relay.turn.urls.join(', ')}${relay.turn.relayOnly ? ' (relay only)' : ''}` : 'direct (no TURN relay configured)'}`);
console.log(`  store   : ${describeStore(store)}`);
console.log(`  lessons : signed with the content key ${CONTENT_KEY_SOURCES[hub.contentKeySource]}`);
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
