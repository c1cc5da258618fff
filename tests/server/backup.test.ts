/**
 * Backup and restore round trips, on the store under test (SQLite's online backup API, or pg_dump and
 * pg_restore under npm run test:postgres): a hub full of data — help requests with notes and a voice
 * message, accounts and sessions, a loan, health and usage reports — is backed up while it runs,
 * restored into an empty hub, and every table compares equal, row for row; the restored hub signs
 * lessons with the same content key.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup, readManifest, restore } from '../../server/backup.ts';
import { act, consoleCall, enrolDemo, enrolNewMachine, helpSubmit, makeHub, postHelp, removeTempDirs, sessionAs, tempDir, type TestHub } from './helpers.ts';
import { sqlRows, tableNames } from './inspect.ts';
import { healthReport, usageBatch } from './reports-support.ts';
import { storeUnderTest, testStore } from './test-store.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});

async function hub(dataDir?: string): Promise<TestHub> {
  const h = await makeHub(dataDir);
  hubs.push(h);
  return h;
}

/** Every table, every row, sorted (row order is not data). Presence, bus and rate-limit bookkeeping aside. */
async function dump(h: TestHub): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const transient = new Set(['hub_instances', 'presence_connections', 'presence_on_duty', 'bus_payloads', 'rate_counters']);
  for (const t of await tableNames(h.store)) {
    if (transient.has(t)) continue;
    const rows = await sqlRows(h.store, `SELECT * FROM "${t}"`);
    out[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  // The reports of the SQLite store live in their own file: compare them through the store.
  out.health = [String(await h.reports.countHealth())];
  out.usage = [JSON.stringify(await h.reports.usage(h.seed.associationId, '2000-01-01', '2100-01-01'))];
  return out;
}

async function fill(h: TestHub): Promise<void> {
  const { token, machineId } = await enrolDemo(h);
  const marie = await sessionAs(h, 'Marie', 'accompagnant');
  const beneficiary = await h.store.register.createBeneficiary(h.seed.associationId, { firstName: 'Jeanne', phone: '06 11 22 33 44', language: 'fr' });
  expect((await h.store.register.createLoan(h.seed.associationId, machineId, beneficiary.id)).ok).toBe(true);
  const p = helpSubmit();
  expect((await postHelp(h, token, p)).statusCode).toBe(201);
  await h.store.help.attachVoice(machineId, p.id as string, { mimeType: 'audio/webm', durationMs: 3000, bytes: Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 255, 7]) }, { maxBytesPerDay: 1e6 });
  expect((await consoleCall(h, marie, 'POST', `/console/help-requests/${p.id}/notes`, { text: 'Appeler Mme Jeanne à 15 h' })).statusCode).toBe(201);
  expect((await act(h, marie, p.id as string, 'claim')).statusCode).toBe(200);
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  for (const [kind, payload] of [
    ['health', { id: randomUUID(), report: healthReport() }],
    ['usage', usageBatch(day, [{ metric: 'lesson.started', label: 'souris-1', value: 3 }])],
  ] as const) {
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/reports/${kind}`, headers: { authorization: `Bearer ${token}` }, payload });
    expect(res.statusCode).toBe(201);
  }
}

describe(`backup and restore (${storeUnderTest})`, () => {
  it('restores, into an empty hub, exactly what the running hub held when backed up', async () => {
    const source = await hub();
    await fill(source);
    const before = await dump(source);
    const dest = join(tempDir(), 'backup-1');
    const target = { dataDir: source.dataDir, ...(await testStore(source.dataDir)) };
    const manifest = await backup(target, dest); // the hub keeps running
    expect(manifest.store).toBe(storeUnderTest === 'postgres' ? 'postgresql' : 'sqlite');
    expect(statSync(dest).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(dest)) expect({ f, mode: statSync(join(dest, f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });

    // Written after the backup: gone after the restore (a machine of its own: the demo machine's request is open).
    const { token } = await enrolNewMachine(source, 'PC-0099');
    expect((await postHelp(source, token, helpSubmit())).statusCode).toBe(201);

    const emptyDir = tempDir();
    const empty = await hub(emptyDir);
    await empty.close();
    await restore({ dataDir: emptyDir, ...(await testStore(emptyDir)) }, dest);
    const restored = await hub(emptyDir);
    expect(await dump(restored)).toEqual(before);
    // The restored hub works: the accounts sign in, the request is still Marie's.
    const requests = await sqlRows<{ id: string }>(restored.store, 'SELECT id FROM help_requests');
    expect(requests).toHaveLength(1);
    // Rate-limit counters are not carried over (PostgreSQL: an unlogged table, dumped as structure only).
    if (storeUnderTest === 'postgres') {
      expect((await sqlRows(source.store, 'SELECT key FROM rate_counters')).length).toBeGreaterThan(0);
      expect(await sqlRows(restored.store, 'SELECT key FROM rate_counters')).toEqual([]);
    }
    // It signs lessons with the key the shells pinned, not the one the empty hub made.
    expect(restored.lessons.publicKeyPem).toBe(source.lessons.publicKeyPem);
  });

  it('refuses a folder that is not empty, a folder that is not a backup, and a backup of the other store', async () => {
    const source = await hub();
    const target = { dataDir: source.dataDir, ...(await testStore(source.dataDir)) };
    const dest = join(tempDir(), 'b');
    await backup(target, dest);
    await expect(backup(target, dest)).rejects.toThrow(/not empty/);
    await expect(restore(target, tempDir())).rejects.toThrow(/not a Passerelle hub backup/);
    const other = storeUnderTest === 'postgres' ? { dataDir: tempDir() } : { dataDir: tempDir(), store: 'postgres://nobody@127.0.0.1:1/none' };
    await expect(restore(other, dest)).rejects.toThrow(/backup of/);
    expect(readManifest(dest).files.length).toBeGreaterThan(0);
  });

  it.skipIf(storeUnderTest !== 'sqlite')('keeps the files a restore replaces, beside them', async () => {
    const source = await hub();
    const dest = join(tempDir(), 'b');
    await backup({ dataDir: source.dataDir }, dest);
    await source.close();
    await restore({ dataDir: source.dataDir }, dest);
    expect(readdirSync(source.dataDir).filter((f) => f.startsWith('hub.sqlite.before-restore-')).length).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(storeUnderTest !== 'postgres')('refuses to restore PostgreSQL under running hub instances', async () => {
    const source = await hub();
    const target = { dataDir: source.dataDir, ...(await testStore(source.dataDir)) };
    const dest = join(tempDir(), 'b');
    await backup(target, dest);
    await expect(restore(target, dest)).rejects.toThrow(/stop them all/);
  });

  it('npm run hub -- backup DEST works from the command line', { timeout: 60_000 }, async () => {
    const source = await hub();
    await fill(source);
    const dest = join(tempDir(), 'cli');
    const store = (await testStore(source.dataDir)).store;
    const cli = spawnSync(join(import.meta.dirname, '../../node_modules/.bin/tsx'), ['server/cli.ts', 'backup', dest, '--data', source.dataDir, ...(store ? ['--store', store] : [])], {
      cwd: join(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/backup/i);
    expect(existsSync(join(dest, 'backup.json'))).toBe(true);
  });
});
