/**
 * The reports ingest routes on a real hub (Fastify + SQLite files in a temp folder): idempotency,
 * bad input on every endpoint, per-machine rate limits, `busy` under overload, and the privacy of the
 * usage schema.
 */
import { createHmac, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildHub, type BuildHubOptions } from '../../server/hub.ts';
import { seed } from '../../server/seed.ts';
import { expectApiError, removeTempDirs, tempDir, type TestHub } from './helpers.ts';
import { healthReport, usageBatch } from './reports-support.ts';
import { holdReportsWriteLock, reportsCount, reportsSchema, sqlRows } from './inspect.ts';
import { storeUnderTest, testStore } from './test-store.ts';
import { USAGE_ACCEPT_WINDOW_DAYS } from '../../app/usage/aggregate.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});

async function hubWith(reports: BuildHubOptions['reports'] = {}, dataDir = tempDir(), limits: BuildHubOptions['limits'] = {}): Promise<TestHub> {
  const clock = { now: new Date() };
  const hub = await buildHub({ dataDir, ...(await testStore(dataDir)), now: () => clock.now, consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0, reports, limits });
  const t = Object.assign(hub, { dataDir, seed: await seed(hub.store), clock });
  hubs.push(t);
  return t;
}

let enrolled = 0;
async function machine(hub: TestHub, assetTag: string, cohort = 'home'): Promise<{ token: string; id: string }> {
  const m = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag, mode: 'home', cohort });
  const { code } = await hub.store.register.createEnrolmentCode(m.id, 60);
  // Each machine enrols from an address of its own, as real ones do (enrolment is limited per address).
  const n = ++enrolled;
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code }, remoteAddress: `10.8.${n >> 8}.${n & 255}` });
  expect(res.statusCode).toBe(200);
  return { token: (res.json() as { token: string }).token, id: m.id };
}

const post = (hub: TestHub, token: string | null, kind: 'health' | 'usage', payload: unknown, extraHeaders: Record<string, string> = {}) =>
  hub.app.inject({
    method: 'POST',
    url: `/api/v1/reports/${kind}`,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}),
      ...extraHeaders,
    },
    payload: payload as string | object,
  });

const tableCount = reportsCount;

/** Rows of the hub's or the reports' database (one PostgreSQL database holds both). */
async function storeRows<R>(hub: TestHub, db: 'hub' | 'reports', sql: string): Promise<R[]> {
  if (storeUnderTest === 'postgres') return sqlRows<R>(hub.store, sql);
  const file = new Database(join(hub.dataDir, `${db}.sqlite`), { readonly: true });
  try {
    return file.prepare(sql).all() as R[];
  } finally {
    file.close();
  }
}

async function hasTable(hub: TestHub, table: string): Promise<boolean> {
  return (await reportsSchema(hub))[table] !== undefined;
}

/** Every value of every row of every table of the store. */
async function everyValue(hub: TestHub): Promise<unknown[]> {
  const values: unknown[] = [];
  if (storeUnderTest === 'postgres') {
    const tables = await sqlRows<{ t: string }>(hub.store, "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'");
    for (const { t } of tables) for (const row of await sqlRows<Record<string, unknown>>(hub.store, `SELECT * FROM "${t}"`)) values.push(...Object.values(row));
    return values;
  }
  for (const db of ['hub', 'reports'] as const) {
    for (const { name } of await storeRows<{ name: string }>(hub, db, "SELECT name FROM sqlite_master WHERE type = 'table'")) {
      for (const row of await storeRows<Record<string, unknown>>(hub, db, `SELECT * FROM "${name}"`)) values.push(...Object.values(row));
    }
  }
  return values;
}

/** The files holding the store: the data folder's, or the PostgreSQL database's tables, TOAST and indexes (after a checkpoint). */
async function storeFiles(hub: TestHub): Promise<{ name: string; bytes: Buffer }[]> {
  if (storeUnderTest === 'sqlite') return readdirSync(hub.dataDir).map((name) => ({ name, bytes: readFileSync(join(hub.dataDir, name)) }));
  await sqlRows(hub.store, 'CHECKPOINT');
  const [{ dir }] = (await sqlRows<{ dir: string }>(hub.store, 'SELECT current_setting(?) AS dir', 'data_directory')) as [{ dir: string }];
  const relations = await sqlRows<{ path: string }>(
    hub.store,
    "SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't', 'i')",
  );
  return relations.flatMap(({ path }) => {
    const file = join(dir, path);
    return existsSync(file) ? [{ name: path, bytes: readFileSync(file) }] : [];
  });
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('health report ingest', () => {
  it('stores a report once: a resend of the same id is acknowledged as a duplicate', async () => {
    const hub = await hubWith();
    const m = await machine(hub, 'PC-0001');
    const body = { id: randomUUID(), report: healthReport({ assetTag: 'PC-0001' }) };
    const first = await post(hub, m.token, 'health', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ id: body.id, status: 'stored' });
    const again = await post(hub, m.token, 'health', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: body.id, status: 'duplicate' });
    expect(await hub.reports.countHealth(m.id)).toBe(1);
  });

  it('refuses the same report id from another machine and keeps the first', async () => {
    const hub = await hubWith();
    const a = await machine(hub, 'PC-0001');
    const b = await machine(hub, 'PC-0002');
    const body = { id: randomUUID(), report: healthReport() };
    expect((await post(hub, a.token, 'health', body)).statusCode).toBe(201);
    expectApiError(await post(hub, b.token, 'health', body), 409, 'id_conflict');
    expect(await hub.reports.countHealth(b.id)).toBe(0);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const hub = await hubWith();
    const m = await machine(hub, 'PC-0001');
    const good = () => ({ id: randomUUID(), report: healthReport() });
    expectApiError(await post(hub, null, 'health', good()), 401, 'unauthorized');
    expectApiError(await post(hub, 'x'.repeat(43), 'health', good()), 401, 'unauthorized');
    expectApiError(await post(hub, m.token, 'health', '{"id":'), 400, 'malformed_json');
    expectApiError(await post(hub, m.token, 'health', {}), 400, 'invalid_input');
    expectApiError(await post(hub, m.token, 'health', { ...good(), id: 'not-a-uuid' }), 400, 'invalid_input');
    expectApiError(await post(hub, m.token, 'health', { ...good(), extra: 1 }), 400, 'invalid_input');
    const wrongVerdict = good();
    (wrongVerdict.report as { verdict: string }).verdict = 'fine';
    expect(expectApiError(await post(hub, m.token, 'health', wrongVerdict), 400, 'invalid_input').message).toMatch(/verdict/);
    const huge = good();
    (huge.report as { cpuModel: string }).cpuModel = 'x'.repeat(200 * 1024);
    expectApiError(await post(hub, m.token, 'health', huge), 413, 'body_too_large');
    expectApiError(
      await hub.app.inject({ method: 'POST', url: '/api/v1/reports/health', headers: { authorization: `Bearer ${m.token}`, 'content-type': 'text/plain' }, payload: 'hello' }),
      415,
    );
    expect(await tableCount(hub, 'health_reports')).toBe(0);
  });
});

describe('usage ingest', () => {
  it('stores counts by cohort and day, one batch per machine and day', async () => {
    const hub = await hubWith();
    const m = await machine(hub, 'PC-0001', 'Résidence Les Tilleuls');
    const batch = usageBatch(yesterday(), [
      { metric: 'lesson.started', label: 'souris-cliquer', value: 2 },
      { metric: 'help.requested', label: '', value: 1 },
    ], 'Résidence Les Tilleuls');
    expect((await post(hub, m.token, 'usage', batch)).statusCode).toBe(201);
    expect((await post(hub, m.token, 'usage', batch)).json()).toEqual({ id: batch.id, status: 'duplicate' });
    // A second, different batch for the same day from the same machine is not counted twice either.
    const other = usageBatch(yesterday(), [{ metric: 'lesson.started', label: 'souris-cliquer', value: 5 }], 'Résidence Les Tilleuls');
    expect((await post(hub, m.token, 'usage', other)).json()).toEqual({ id: other.id, status: 'duplicate' });
    const { rows, contributors } = await hub.reports.usage(hub.seed.associationId, yesterday(), yesterday());
    expect(contributors).toEqual([{ cohort: 'Résidence Les Tilleuls', day: yesterday(), contributors: 1 }]);
    expect(rows).toEqual(
      expect.arrayContaining([
        { cohort: 'Résidence Les Tilleuls', day: yesterday(), metric: 'lesson.started', label: 'souris-cliquer', total: 2, machines: 1 },
        { cohort: 'Résidence Les Tilleuls', day: yesterday(), metric: 'lesson.started', label: '', total: 2, machines: 1 },
        { cohort: 'Résidence Les Tilleuls', day: yesterday(), metric: 'help.requested', label: '', total: 1, machines: 1 },
      ]),
    );
  });

  it('files the batch under the machine’s own cohort, whatever the batch claims', async () => {
    const hub = await hubWith();
    const m = await machine(hub, 'PC-0001', 'home');
    await post(hub, m.token, 'usage', usageBatch(yesterday(), [{ metric: 'help.requested', label: '', value: 1 }], 'Kiosque Hôpital'));
    const { contributors } = await hub.reports.usage(hub.seed.associationId, yesterday(), yesterday());
    expect(contributors.map((c) => c.cohort)).toEqual(['home']);
  });

  it('refuses unknown metrics, labels that do not fit the registry, bad days and old days, storing nothing', async () => {
    const hub = await hubWith();
    const m = await machine(hub, 'PC-0001');
    const bad = async (batch: unknown, status = 400, code = 'invalid_input') => expectApiError(await post(hub, m.token, 'usage', batch), status, code);
    expect((await bad(usageBatch(yesterday(), [{ metric: 'keystrokes' as never, label: '', value: 1 }]))).message).toMatch(/metric/);
    expect((await bad(usageBatch(yesterday(), [{ metric: 'lesson.started', label: 'Jean Dupont', value: 1 }]))).message).toMatch(/label/);
    await bad(usageBatch(yesterday(), [{ metric: 'help.requested', label: 'PC-0001', value: 1 }]));
    await bad(usageBatch(yesterday(), [{ metric: 'help.requested', label: '', value: 0 }]));
    await bad(usageBatch(yesterday(), []));
    await bad(usageBatch('2026-02-30', [{ metric: 'help.requested', label: '', value: 1 }]));
    await bad({ ...usageBatch(yesterday(), [{ metric: 'help.requested', label: '', value: 1 }]), machineId: m.id });
    await bad(usageBatch('2020-01-06', [{ metric: 'help.requested', label: '', value: 1 }]), 422, 'day_out_of_window');
    expectApiError(await post(hub, null, 'usage', usageBatch(yesterday(), [{ metric: 'help.requested', label: '', value: 1 }])), 401);
    expect((await tableCount(hub, 'usage_counts')) + (await tableCount(hub, 'usage_days')) + (await tableCount(hub, 'usage_receipts'))).toBe(0);
  });
});

describe('usage privacy', () => {
  it('has no machine, person, install or address column in any usage table', async () => {
    const hub = await hubWith();
    const schema = await reportsSchema(hub);
    const usageTables = Object.keys(schema).filter((t) => t.startsWith('usage'));
    expect(usageTables.sort()).toEqual(['usage_counts', 'usage_day_keys', 'usage_days', 'usage_receipts']);
    const identifying = /machine|asset|serial|person|beneficiar|account|user|install|device|token|(^|_)ip($|_)|addr|host|name|email|phone/i;
    for (const table of usageTables) expect({ table, columns: schema[table]!.filter((c) => identifying.test(c)) }).toEqual({ table, columns: [] });
    // The receipts hold a keyed hash and an expiry only: nothing to join with the counts.
    expect(schema.usage_receipts).toEqual(['receipt', 'expires_on']);
    expect(schema.usage_day_keys).toEqual(['day', 'key']);
  });

  it("cannot link a closed day's receipts to a machine, even holding both databases and every file of the data folder", async () => {
    const hub = await hubWith();
    const machines = [];
    for (let i = 0; i < 11; i++) machines.push(await machine(hub, `PC-${1000 + i}`));
    const day = yesterday();
    for (const m of machines) {
      expect((await post(hub, m.token, 'usage', usageBatch(day, [{ metric: 'help.requested', label: '', value: 1 }]))).statusCode).toBe(201);
    }
    // While the day is open, a second batch from the same machine is recognised.
    expect((await post(hub, machines[0]!.token, 'usage', usageBatch(day, [{ metric: 'help.requested', label: '', value: 1 }]))).json()).toMatchObject({ status: 'duplicate' });
    // What someone reading the reports store while the day is open would see of its key.
    const openKeys = (await hasTable(hub, 'usage_day_keys')) ? (await storeRows<{ key: Buffer }>(hub, 'reports', 'SELECT key FROM usage_day_keys')).map((r) => r.key) : [];
    // The day leaves the acceptance window; the next ingest closes it.
    hub.clock.now = new Date(hub.clock.now.getTime() + (USAGE_ACCEPT_WINDOW_DAYS + 1) * 86_400_000);
    expectApiError(await post(hub, machines[1]!.token, 'usage', usageBatch(day, [{ metric: 'help.requested', label: '', value: 1 }])), 422, 'day_out_of_window');
    expect((await post(hub, machines[1]!.token, 'health', { id: randomUUID(), report: healthReport({ takenAt: hub.clock.now }) })).statusCode).toBe(201);

    // Everything an attacker copying the store gets: every row of every table, and every file holding them.
    const receipts = new Set((await storeRows<{ receipt: string }>(hub, 'reports', 'SELECT receipt FROM usage_receipts')).map((r) => r.receipt));
    expect(receipts.size).toBe(11); // kept until their expiry, but no longer recomputable
    const machineIds = (await storeRows<{ id: string }>(hub, 'hub', 'SELECT id FROM machines')).map((r) => r.id);
    const candidates: Buffer[] = [];
    for (const v of await everyValue(hub)) {
      if (Buffer.isBuffer(v)) candidates.push(v);
      else if (typeof v === 'string') candidates.push(Buffer.from(v), Buffer.from(v, 'base64'), Buffer.from(v, 'hex'));
    }
    // No file keeps the destroyed key's bytes: SQLite's, not in a free page nor in the WAL; PostgreSQL's
    // table files, not as a dead tuple (its WAL is another matter: receipts.ts).
    for (const { name, bytes } of await storeFiles(hub)) {
      candidates.push(bytes);
      for (const key of openKeys) expect({ file: name, found: bytes.indexOf(key) }).toEqual({ file: name, found: -1 });
    }
    let linked = 0;
    for (const key of candidates) {
      for (const id of machineIds) {
        for (const message of [`${id}|${day}`, id]) {
          const mac = createHmac('sha256', key).update(message).digest();
          if (receipts.has(mac.toString('base64url')) || receipts.has(mac.toString('hex'))) linked += 1;
        }
      }
    }
    expect(candidates.length).toBeGreaterThan(100);
    expect(linked).toBe(0);
    expect(openKeys).toHaveLength(1); // the file check above did look for the day's key
  });

  it('counts a machine-day once across two hub instances sharing the store, and across a restart', async () => {
    const dataDir = tempDir();
    const first = await hubWith({}, dataDir);
    const m = await machine(first, 'PC-0001');
    const second = Object.assign(
      await buildHub({ dataDir, ...(await testStore(dataDir)), now: () => first.clock.now, consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0 }),
      { dataDir, seed: first.seed, clock: first.clock },
    );
    hubs.push(second);
    const batch = () => usageBatch(yesterday(), [{ metric: 'help.requested', label: '', value: 1 }]);
    expect((await post(first, m.token, 'usage', batch())).json()).toMatchObject({ status: 'stored' });
    expect((await post(second, m.token, 'usage', batch())).json()).toMatchObject({ status: 'duplicate' });
    await first.close();
    hubs.splice(hubs.indexOf(first), 1);
    const third = await hubWith({}, dataDir);
    expect((await post(third, m.token, 'usage', batch())).json()).toMatchObject({ status: 'duplicate' });
    const { contributors } = await third.reports.usage(third.seed.associationId, yesterday(), yesterday());
    expect(contributors).toEqual([{ cohort: 'home', day: yesterday(), contributors: 1 }]);
  });

  it('keeps no machine id or address in the request log of a usage ingest', async () => {
    const lines: string[] = [];
    const dataDir = tempDir();
    const { Writable } = await import('node:stream');
    const stream = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const hub = await buildHub({ dataDir, ...(await testStore(dataDir)), consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0, logger: true, logStream: stream });
    const t = Object.assign(hub, { dataDir, seed: await seed(hub.store), clock: { now: new Date() } });
    hubs.push(t);
    const m = await machine(t, 'PC-0001');
    await post(t, m.token, 'usage', usageBatch(yesterday(), [{ metric: 'help.requested', label: '', value: 1 }]), { 'x-forwarded-for': '203.0.113.9' });
    const log = lines.join('');
    expect(log).toContain('/api/v1/reports/usage');
    expect(log).not.toMatch(new RegExp(`${m.id}|PC-0001|127\\.0\\.0\\.1|203\\.0\\.113|remoteAddress|${m.token}`));
  });
});

describe('overload and rate limits', () => {
  it('limits reports per machine, not across machines', async () => {
    const hub = await hubWith({}, tempDir(), { reports: { max: 3, windowMs: 3_600_000 } });
    const a = await machine(hub, 'PC-0001');
    const b = await machine(hub, 'PC-0002');
    for (let i = 0; i < 3; i++) expect((await post(hub, a.token, 'health', { id: randomUUID(), report: healthReport() })).statusCode).toBe(201);
    const limited = await post(hub, a.token, 'health', { id: randomUUID(), report: healthReport() });
    expectApiError(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(hub, b.token, 'health', { id: randomUUID(), report: healthReport() })).statusCode).toBe(201);
  });

  it('answers 503 busy with Retry-After when the queue is full, and stores the queued reports once the store can write', async () => {
    const hub = await hubWith({ ingest: { maxQueued: 3, maxBatch: 2, retryDelayMs: 20, maxWaitMs: 60_000, retryAfterSeconds: 7 } });
    const m = await machine(hub, 'PC-0001');
    // Another process holds the write lock on the reports (a backup, an admin's shell).
    const release = await holdReportsWriteLock(hub);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const queued = ids.map((id) => post(hub, m.token, 'health', { id, report: healthReport() }));
    await vi.waitFor(() => expect(hub.reportsQueued()).toBe(3), { timeout: 10_000 }); // the three are waiting, retried every 20 ms
    const refused = await post(hub, m.token, 'health', { id: randomUUID(), report: healthReport() });
    expectApiError(refused, 503, 'busy');
    expect(refused.headers['retry-after']).toBe('7');
    await release();
    const answers = await Promise.all(queued);
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(await hub.reports.countHealth(m.id)).toBe(3);
  });

  it('answers busy to a report that waited longer than the limit, and stores nothing for it', async () => {
    const hub = await hubWith({ ingest: { maxQueued: 10, maxBatch: 10, retryDelayMs: 20, maxWaitMs: 150, retryAfterSeconds: 5 } });
    const m = await machine(hub, 'PC-0001');
    const release = await holdReportsWriteLock(hub);
    const res = await post(hub, m.token, 'health', { id: randomUUID(), report: healthReport() });
    await release();
    expectApiError(res, 503, 'busy');
    expect(await hub.reports.countHealth()).toBe(0);
  });
});
