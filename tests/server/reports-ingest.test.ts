/**
 * The reports ingest routes on a real hub (Fastify + SQLite files in a temp folder): idempotency,
 * bad input on every endpoint, per-machine rate limits, `busy` under overload, and the privacy of the
 * usage schema.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHub, type BuildHubOptions } from '../../server/hub.ts';
import { seed } from '../../server/seed.ts';
import { expectApiError, removeTempDirs, tempDir, type TestHub } from './helpers.ts';
import { healthReport, usageBatch } from './reports-support.ts';
import { holdReportsWriteLock, reportsCount, reportsSchema } from './inspect.ts';
import { testStore } from './test-store.ts';

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

async function machine(hub: TestHub, assetTag: string, cohort = 'home'): Promise<{ token: string; id: string }> {
  const m = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag, mode: 'home', cohort });
  const { code } = await hub.store.register.createEnrolmentCode(m.id, 60);
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
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
    expect(usageTables.sort()).toEqual(['usage_counts', 'usage_days', 'usage_receipts']);
    const identifying = /machine|asset|serial|person|beneficiar|account|user|install|device|token|(^|_)ip($|_)|addr|host|name|email|phone/i;
    for (const table of usageTables) expect({ table, columns: schema[table]!.filter((c) => identifying.test(c)) }).toEqual({ table, columns: [] });
    // The receipts hold a keyed hash and an expiry only: nothing to join with the counts.
    expect(schema.usage_receipts).toEqual(['receipt', 'expires_on']);
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
    await new Promise((r) => setTimeout(r, 100)); // the three are waiting, retried every 20 ms
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
