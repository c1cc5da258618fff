/**
 * Hub instances starting together on one PostgreSQL database (run by `npm run test:postgres`; skipped
 * under the plain unit run): they sign the lesson index with one content key, the one the database
 * keeps (a shell pins the first key it sees, and nginx sends it to either instance); and on an empty
 * database they make one association, one admin and one demo machine between them, not one each.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHub, DEFAULT_LESSONS_DIR, type Hub } from '../../server/hub.ts';
import { CONTENT_KEY_FILE } from '../../server/lessons/content-key.ts';
import { seed, seedDemo } from '../../server/seed.ts';
import { verifyPackIndex } from '../../lib/packs/pack-index.ts';
import { removeTempDirs, tempDir } from './helpers.ts';
import { sqlCount } from './inspect.ts';
import { newTestDatabase, storeUnderTest } from './test-store.ts';

type Instance = Hub & { dataDir: string };
const hubs: Hub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});

/** `count` instances on one database, each with its own data folder, built at the same moment. */
async function instancesTogether(url: string, count: number, dataDirs = Array.from({ length: count }, () => tempDir())): Promise<Instance[]> {
  const built = await Promise.all(
    dataDirs.map(async (dataDir) =>
      Object.assign(await buildHub({ dataDir, store: url, consoleDir: join(dataDir, 'none'), lessonsDir: DEFAULT_LESSONS_DIR, escalationIntervalMs: 0, purgeIntervalMs: 0 }), { dataDir }),
    ),
  );
  hubs.push(...built);
  return built;
}

async function machineToken(hub: Hub, machineId: string): Promise<string> {
  const { code } = await hub.store.register.createEnrolmentCode(machineId, 60);
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { token: string }).token;
}

const machineGet = (hub: Hub, token: string, url: string) => hub.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });

describe.skipIf(storeUnderTest !== 'postgres')('hub instances starting together on one PostgreSQL database', () => {
  it('three instances started at once sign the lesson index with one key, the one the database keeps; none is left in their data folders', async () => {
    const url = await newTestDatabase();
    const [a, b, c] = await instancesTogether(url, 3);
    const seeded = await seed(a!.store);
    const token = await machineToken(a!, seeded.demoMachine.id);
    const keys = await Promise.all([a!, b!, c!].map(async (h) => {
      const res = await machineGet(h, token, '/machine/content-key');
      expect(res.statusCode).toBe(200);
      return (res.json() as { publicKey: string }).publicKey;
    }));
    expect(new Set(keys).size).toBe(1);
    // The shell pinned the key from A; the index it then gets from B and C verifies with it.
    const pinned = createPublicKey(keys[0]!);
    for (const h of [a!, b!, c!]) {
      const res = await machineGet(h, token, '/machine/lessons/index');
      expect(res.statusCode).toBe(200);
      expect(verifyPackIndex(res.body, pinned).packs.length).toBeGreaterThan(0);
      expect(h.contentKeySource).toBe('database');
    }
    expect(await sqlCount(a!.store, 'SELECT COUNT(*) AS n FROM content_key')).toBe(1);
    for (const h of [a!, b!, c!]) expect(existsSync(join(h.dataDir, CONTENT_KEY_FILE))).toBe(false);
  });

  it('a hub that ran alone before keeps its key: its shells pinned it, so it becomes every instance\'s', async () => {
    const url = await newTestDatabase();
    const older = tempDir();
    mkdirSync(older, { recursive: true });
    const pem = String(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(older, CONTENT_KEY_FILE), pem, { mode: 0o600 });
    const [first] = await instancesTogether(url, 1, [older]);
    const [second] = await instancesTogether(url, 1);
    const expected = String(createPublicKey(pem).export({ type: 'spki', format: 'pem' }));
    expect(first!.lessons.publicKeyPem).toBe(expected);
    expect(second!.lessons.publicKeyPem).toBe(expected);
  });

  it('instances seeding an empty database at the same moment make one association, one admin and one demo machine', async () => {
    const url = await newTestDatabase();
    const instances = await instancesTogether(url, 4);
    const results = await Promise.all(instances.map((h) => seed(h.store)));
    expect(new Set(results.map((r) => r.associationId)).size).toBe(1);
    expect(new Set(results.map((r) => r.demoMachine.id)).size).toBe(1);
    // The one-time password is printed by the instance that made the admin, and by it only.
    expect(results.filter((r) => r.admin.created)).toHaveLength(1);
    const store = instances[0]!.store;
    expect(await sqlCount(store, 'SELECT COUNT(*) AS n FROM associations')).toBe(1);
    expect(await sqlCount(store, 'SELECT COUNT(*) AS n FROM accounts')).toBe(1);
    expect(await sqlCount(store, 'SELECT COUNT(*) AS n FROM machines')).toBe(1);
    // `--demo` on every instance: one beneficiary, one loan.
    const demos = await Promise.all(instances.map((h, i) => seedDemo(h.store, results[i]!)));
    expect(demos.filter((d) => d.created)).toHaveLength(1);
    expect(await sqlCount(store, 'SELECT COUNT(*) AS n FROM beneficiaries')).toBe(1);
    expect(await sqlCount(store, 'SELECT COUNT(*) AS n FROM loans')).toBe(1);
  });
});
