/**
 * What only PostgreSQL has to prove (run by `npm run test:postgres`; skipped, and said so, under the
 * plain unit run): the suites really ran on it, its migrations, and the promises that SQLite keeps by
 * serialising every writer — first claim wins, idempotent ingest, retention and purge, one active
 * loan — kept under PostgreSQL's concurrency: two hub instances on one database, each with its own
 * pool of connections, hit at the same moment.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHub } from '../../server/hub.ts';
import { PgHubStore } from '../../server/store/postgres/index.ts';
import { SCHEMA_VERSION } from '../../server/store/postgres/db.ts';
import { act, enrolDemo, enrolNewMachine, helpSubmit, makeHub, postHelp, removeTempDirs, sessionAs, tempDir, type TestHub } from './helpers.ts';
import { countHelpRequests, helpEvents, sqlCount, sqlRows } from './inspect.ts';
import { healthReport, usageBatch } from './reports-support.ts';
import { newTestDatabase, storeUnderTest, testStore } from './test-store.ts';
import { seed } from '../../server/seed.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { join } from 'node:path';

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});

/** A second hub instance on the same database as `first` (its own pool, its own data folder). */
async function secondInstance(first: TestHub): Promise<TestHub> {
  const { store } = await testStore(first.dataDir);
  const dataDir = tempDir();
  const hub = await buildHub({ dataDir, store, now: () => first.clock.now, consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0 });
  const t = Object.assign(hub, { dataDir, seed: await seed(hub.store), clock: first.clock });
  hubs.push(t);
  return t;
}

async function twoInstances(): Promise<[TestHub, TestHub]> {
  const a = await makeHub();
  hubs.push(a);
  return [a, await secondInstance(a)];
}

describe.skipIf(storeUnderTest !== 'postgres')('PostgreSQL store (npm run test:postgres)', () => {
  it('the hub suites run on PostgreSQL here, each hub on its own migrated database', async () => {
    const hub = await makeHub();
    hubs.push(hub);
    expect(hub.store).toBeInstanceOf(PgHubStore);
    const versions = await sqlRows<{ version: number; name: string }>(hub.store, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    expect(versions[0]!.name).toBe('001-hub');
  });

  it('migrates a new database once when several instances open it together, and refuses one from a newer hub', async () => {
    const url = await newTestDatabase();
    const empty = new pg.Client({ connectionString: url });
    await empty.connect();
    await empty.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    const stores = await Promise.all([1, 2, 3].map(() => PgHubStore.open({ url })));
    expect(Number((await empty.query('SELECT COUNT(*) AS n FROM schema_migrations')).rows[0].n)).toBe(SCHEMA_VERSION);
    await Promise.all(stores.map((s) => s.close()));
    await empty.query("INSERT INTO schema_migrations (version, name) VALUES (999, '999-from-the-future')");
    await expect(PgHubStore.open({ url })).rejects.toThrow(/newer than this hub/);
    await empty.end();
  });

  it('first claim wins across two instances: eight helpers, four on each, claim at once', async () => {
    const [a, b] = await twoInstances();
    const { token } = await enrolDemo(a);
    const payload = helpSubmit();
    expect((await postHelp(a, token, payload)).statusCode).toBe(201);
    const helpers = await Promise.all(['Ana', 'Bob', 'Cyd', 'Dan', 'Eve', 'Fay', 'Gus', 'Hal'].map((n) => sessionAs(a, n, 'accompagnant')));
    const answers = await Promise.all(helpers.map((h, i) => act(i % 2 ? b : a, h, payload.id as string, 'claim')));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 409).map((r) => (r.json() as { error: { code: string } }).error.code)).toEqual(Array(7).fill('already_claimed'));
    expect((await helpEvents(a.store, payload.id as string)).filter((e) => e.action === 'claim')).toHaveLength(1);
  });

  it('the same help request sent to both instances at once is stored once, created once', async () => {
    const [a, b] = await twoInstances();
    // Twenty machines (a machine has one open request at a time), each sending its request thrice.
    const tokens = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await enrolNewMachine(a, `PC-${100 + i}`)).token));
    const payloads = tokens.map((token) => ({ token, p: helpSubmit() }));
    const answers = await Promise.all(payloads.flatMap(({ token, p }) => [postHelp(a, token, p), postHelp(b, token, p), postHelp(a, token, p)]));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(20);
    expect(codes.filter((c) => c === 200)).toHaveLength(40);
    expect(await countHelpRequests(a.store)).toBe(20);
    expect(await sqlCount(a.store, "SELECT COUNT(*) AS n FROM help_events WHERE action = 'submit'")).toBe(20);
  });

  it('one open request per machine across two instances: presses arriving at both at once make one request, the others merged into it', async () => {
    const [a, b] = await twoInstances();
    const { token } = await enrolDemo(a);
    // As many presses as one machine may make (the per-machine limit is shared by the instances).
    const presses = Array.from({ length: DEFAULT_LIMITS.helpRequests.max }, () => helpSubmit());
    const merged = presses.length - 1;
    const answers = await Promise.all(presses.map((p, i) => postHelp(i % 2 ? b : a, token, p)));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 200)).toHaveLength(merged);
    expect(await countHelpRequests(a.store)).toBe(1);
    expect(await sqlCount(a.store, 'SELECT COUNT(*) AS n FROM help_request_aliases')).toBe(merged);
    expect(await sqlCount(a.store, "SELECT COUNT(*) AS n FROM help_events WHERE action = 'press'")).toBe(merged);
  });

  it('ingest is idempotent across instances: the same reports and usage batches, sent to both at once, count once', async () => {
    const [a, b] = await twoInstances();
    const machines = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const m = await a.store.register.createMachine({ associationId: a.seed.associationId, assetTag: `PC-${i}`, mode: 'home', cohort: 'home' });
        const { code } = await a.store.register.createEnrolmentCode(m.id, 60);
        // Enrolment is rate-limited per address: one address per machine.
        const res = await a.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code }, remoteAddress: `10.0.0.${i + 1}` });
        expect(res.statusCode).toBe(200);
        return { id: m.id, token: (res.json() as { token: string }).token };
      }),
    );
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const send = (hub: TestHub, token: string, kind: 'health' | 'usage', payload: object) =>
      hub.app.inject({ method: 'POST', url: `/api/v1/reports/${kind}`, headers: { authorization: `Bearer ${token}` }, payload });
    const calls = machines.flatMap((m) => {
      const report = { id: randomUUID(), report: healthReport({ assetTag: m.id }) };
      const batch = usageBatch(day, [
        { metric: 'lesson.started', label: 'souris-1', value: 2 },
        { metric: 'lesson.started', label: 'clavier-1', value: 1 },
        { metric: 'help.requested', label: '', value: 1 },
      ]);
      return [a, b, a, b].flatMap((hub) => [send(hub, m.token, 'health', report), send(hub, m.token, 'usage', batch)]);
    });
    const answers = await Promise.all(calls);
    expect(answers.filter((r) => r.statusCode >= 300).map((r) => r.body)).toEqual([]);
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(24); // one health report and one batch per machine
    expect(await a.reports.countHealth()).toBe(12);
    const usage = await b.reports.usage(a.seed.associationId, day, day);
    expect(usage.contributors).toEqual([{ cohort: 'home', day, contributors: 12 }]);
    expect(usage.rows.find((r) => r.metric === 'lesson.started' && r.label === '')).toMatchObject({ total: 36, machines: 12 });
    expect(usage.rows.find((r) => r.metric === 'lesson.started' && r.label === 'souris-1')).toMatchObject({ total: 24, machines: 12 });
  });

  it('escalation and purge run at once on both instances: each request is escalated, journaled and purged once', async () => {
    const [a, b] = await twoInstances();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      // A machine each: a machine has one open request at a time.
      const { token } = await enrolNewMachine(a, `PC-${200 + i}`);
      const p = helpSubmit();
      expect((await postHelp(a, token, p)).statusCode).toBe(201);
      ids.push(p.id as string);
    }
    a.clock.now = new Date(a.clock.now.getTime() + 11 * 60_000);
    const escalated = await Promise.all([a.jobs.escalate(), b.jobs.escalate(), a.jobs.escalate(), b.jobs.escalate()]);
    expect(escalated.reduce((x, y) => x + y, 0)).toBe(30);
    expect(await sqlCount(a.store, "SELECT COUNT(*) AS n FROM help_events WHERE action = 'escalate'")).toBe(30);

    const staff = await sessionAs(a, 'Sonia', 'staff');
    for (const id of ids) expect((await act(id.charCodeAt(0) % 2 ? a : b, staff, id, 'resolve')).statusCode).toBe(200);
    a.clock.now = new Date(a.clock.now.getTime() + 91 * 86_400_000);
    const purged = await Promise.all([a.jobs.purge(), b.jobs.purge(), a.jobs.purge(), b.jobs.purge()]);
    expect(purged.reduce((x, y) => x + y, 0)).toBe(30);
    expect(await countHelpRequests(a.store)).toBe(0);
    expect(await sqlCount(a.store, 'SELECT COUNT(*) AS n FROM help_events')).toBe(0);
  });

  it('report retention runs at once on both instances without error, and deletes each row once', async () => {
    const [a, b] = await twoInstances();
    const m = await a.store.register.createMachine({ associationId: a.seed.associationId, assetTag: 'PC-OLD', mode: 'home', cohort: 'home' });
    const old = new Date(Date.now() - 800 * 86_400_000);
    await a.reports.write(Array.from({ length: 40 }, () => ({ kind: 'health' as const, id: randomUUID(), machineId: m.id, report: healthReport({ assetTag: 'PC-OLD', takenAt: old }) })));
    const cutoffs = { usageBefore: '2000-01-01', healthBefore: new Date(Date.now() - 730 * 86_400_000).toISOString(), today: new Date().toISOString().slice(0, 10) };
    const results = await Promise.all([a.reports.retention(cutoffs), b.reports.retention(cutoffs), a.reports.retention(cutoffs)]);
    expect(results.reduce((n, r) => n + r.healthReports, 0)).toBe(40);
    expect(await a.reports.countHealth()).toBe(0);
  });

  it('one active loan per machine and per person, however many instances try at once', async () => {
    const [a, b] = await twoInstances();
    const association = a.seed.associationId;
    const machine = await a.store.register.createMachine({ associationId: association, assetTag: 'PC-LOAN', mode: 'home', cohort: 'home' });
    const people = await Promise.all(['Jeanne', 'Louis', 'Rose', 'Paul'].map((firstName) => a.store.register.createBeneficiary(association, { firstName, phone: '0611223344', language: 'fr' })));
    const results = await Promise.all(people.flatMap((p) => [a.store.register.createLoan(association, machine.id, p.id), b.store.register.createLoan(association, machine.id, p.id)]));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.reason)))).toEqual(new Set(['machine_on_loan']));
    expect(await sqlCount(a.store, 'SELECT COUNT(*) AS n FROM loans WHERE ended_at IS NULL')).toBe(1);
  });
});
