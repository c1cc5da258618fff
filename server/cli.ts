/**
 * The hub's command line (`npm run hub -- …`):
 *
 *   [serve]  --port 8600 --data ./data/hub [--host 127.0.0.1] [--console dist/console] [--log] [--demo]
 *            [--trust-proxy 127.0.0.1,10.0.0.0/8] [--admin-email you@example.org]
 *            [--updates DIR] [--lessons DIR] [--store postgres://…]
 *   reset-password EMAIL       a new one-time password for a locked-out account
 *   backup DEST / restore SRC  (server/backup.ts)
 *   operator EMAIL [--first-name NAME]   makes the hub's operator, or gives them a new password, printed once
 *
 * Every command takes the same --data / --store. --store postgres://user:password@host:port/database (or
 * PASSERELLE_STORE) keeps the data in PostgreSQL instead of the SQLite files in the data folder.
 * At first run the first admin's email is taken from --admin-email, asked on a terminal, or made up
 * and printed; its password is one-time (the first sign-in chooses another). --updates serves a release
 * folder at /updates/ (the signed app feed and packages); --lessons names the lesson packs bundled with
 * the hub (default: the repository's lessons/).
 */
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { startHub } from './hub.ts';
import { seedDemo } from './seed.ts';
import { turnOptionsFrom } from './live/turn.ts';
import { backup, restore } from './backup.ts';
import { describeStore, openHubStore } from './store/open.ts';
import { randomBytes } from 'node:crypto';
import { parseTrustedProxies } from './proxy.ts';
import { resetPassword } from './reset-password.ts';

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
    'trust-proxy': { type: 'string' },
    'admin-email': { type: 'string' },
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

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const Email = z.email().max(200);
const dataDir = resolve(values.data);
const store = values.store ?? process.env.PASSERELLE_STORE;
const CONTENT_KEY_SOURCES = { file: 'of --content-key', database: 'shared in the database', 'data-folder': 'of the data folder' } as const;
const [command = 'serve', folder, ...extra] = positionals;
if (command === 'backup' || command === 'restore') {
  if (!folder) fail(`usage: npm run hub -- ${command} FOLDER [--data ./data/hub | --store postgres://…]`);
  const target = { dataDir, store };
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
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) fail('usage: npm run hub -- operator EMAIL [--first-name NAME] [--data ./data/hub | --store postgres://…]');
  const stores = await openHubStore({ dataDir, store });
  const password = randomBytes(12).toString('base64url');
  const { operator, created } = await stores.operators.upsertOperator({ email, firstName: values['first-name'] ?? email.split('@')[0]!, password });
  await stores.close();
  console.log(`${created ? 'Operator created' : 'New password for the operator'}: ${operator.email}`);
  console.log(`  password: ${password}   (shown once: write it down; run this again to change it)`);
  process.exit(0);
} else if (command === 'reset-password') {
  const email = folder;
  if (!email || extra.length > 0) fail('usage: npm run hub -- reset-password EMAIL [--data ./data/hub | --store postgres://…]');
  const result = await resetPassword({ dataDir, store }, email);
  if (!result.ok) fail(`No account ${email.trim().toLowerCase()} in ${store ? describeStore(store) : dataDir}.`);
  console.log(`New one-time password for ${result.email}: ${result.oneTimePassword}`);
  console.log('  It works once: the first sign-in chooses a new password. Every open session of this account has ended.');
  if (result.disabled) console.log('  This account is disabled: another administrator must enable it again before it can sign in.');
  process.exit(0);
} else if (command !== 'serve') {
  fail(`Unknown command "${command}": the hub knows backup FOLDER, restore FOLDER, operator EMAIL and reset-password EMAIL (or none, to start it).`);
}
const relay = turnOptionsFrom({
  urls: values['turn-url'],
  secretFile: values['turn-secret-file'],
  secretEnv: process.env.PASSERELLE_TURN_SECRET,
  relayOnly: values['turn-relay-only'],
  readFile: (path) => readFileSync(path, 'utf8'),
});
if ('error' in relay) fail(relay.error);

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a number between 0 and 65535 (got ${values.port})`);
const trustProxy = values['trust-proxy'] === undefined ? undefined : parseTrustedProxies(values['trust-proxy']);
if (trustProxy && !trustProxy.ok) fail(`--trust-proxy: ${trustProxy.error}`);
const given = values['admin-email'];
if (given !== undefined && !Email.safeParse(given.trim()).success) fail(`--admin-email must be an e-mail address (got ${given})`);

/** On a terminal, ask for the first admin's email (Enter or Ctrl+D: make one up); elsewhere, make one up. */
async function askAdminEmail(): Promise<string | null> {
  if (given !== undefined) return given.trim();
  if (!process.stdin.isTTY) return null;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Lines are read as a stream, so nothing typed ahead is lost.
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      rl.setPrompt('E-mail address of the first administrator (Enter to make one up): ');
      rl.prompt();
      const next = await lines.next();
      if (next.done) return null;
      const answer = String(next.value).trim();
      if (answer === '' || Email.safeParse(answer).success) return answer || null;
      console.log(`  "${answer}" is not an e-mail address.`);
    }
    return null;
  } finally {
    rl.close();
  }
}

const contentKeyFile = values['content-key'] ?? process.env.PASSERELLE_CONTENT_KEY;
const hub = await startHub({
  metricsToken: values['metrics-token'] ?? process.env.PASSERELLE_METRICS_TOKEN,
  contentKeyFile: contentKeyFile ? resolve(contentKeyFile) : undefined,
  port,
  store,
  host: values.host,
  dataDir,
  ...(values.console ? { consoleDir: resolve(values.console) } : {}),
  logger: values.log,
  ...(trustProxy?.ok ? { trustProxy: trustProxy.proxies } : {}),
  adminEmail: askAdminEmail,
  ...(values.updates ? { updatesDir: resolve(values.updates) } : {}),
  ...(values.lessons ? { lessonsDir: resolve(values.lessons) } : {}),
  ...(relay.turn ? { turn: relay.turn } : {}),
});

const { seed } = hub;
if (values.demo) await seedDemo(hub.store, seed);
console.log(`Passerelle hub listening on ${hub.url}`);
console.log(`  console : ${hub.url}/console/`);
console.log(`  API     : ${hub.url}/api/v1`);
console.log(`  data    : ${dataDir}`);
if (values.updates) console.log(`  updates : ${hub.url}/updates/ (from ${resolve(values.updates)})`);
console.log(`  calls   : ${relay.turn ? `relay ${relay.turn.urls.join(', ')}${relay.turn.relayOnly ? ' (relay only)' : ''}` : 'direct (no TURN relay configured)'}`);
console.log(`  store   : ${describeStore(store)}`);
console.log(`  lessons : signed with the content key ${CONTENT_KEY_SOURCES[hub.contentKeySource]}`);
if (seed.admin.created) {
  console.log('\nFirst run: the first administrator');
  console.log(`  e-mail            : ${seed.admin.email}`);
  if (seed.admin.emailMadeUp) console.log('                      (made up, as none was given: sign in with it exactly; --admin-email chooses one at first run)');
  console.log(`  one-time password : ${seed.admin.oneTimePassword}   (shown once: write it down; the first sign-in chooses a new one)`);
} else {
  console.log(`\nAdministrator ${seed.admin.email} (locked out? npm run hub -- reset-password ${seed.admin.email})`);
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
