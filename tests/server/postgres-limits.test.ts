/**
 * Limits shared by hub instances on one PostgreSQL database (run by `npm run test:postgres`; skipped
 * under the plain unit run): nginx sends a client's requests to either instance, so a limit counted
 * per instance would give twice the budget. Enrolment attempts per address, help requests per machine
 * and failed logins per (email, address) count once across two instances; a window starts over in
 * database time; the counters name no address and no email.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHub } from '../../server/hub.ts';
import type { HubLimits } from '../../server/limits.ts';
import { seed } from '../../server/seed.ts';
import { addHelper, enrolDemo, expectApiError, helpSubmit, makeHub, postHelp, removeTempDirs, tempDir, type TestHub } from './helpers.ts';
import { sqlRows } from './inspect.ts';
import { storeUnderTest, testStore } from './test-store.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0).reverse()) await h.close();
  removeTempDirs();
});

async function twoInstances(limits: Partial<HubLimits>): Promise<[TestHub, TestHub]> {
  const a = await makeHub(undefined, { limits });
  hubs.push(a);
  const { store } = await testStore(a.dataDir);
  const dataDir = tempDir();
  const hub = await buildHub({ dataDir, store, limits, now: () => a.clock.now, consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0 });
  const b = Object.assign(hub, { dataDir, seed: await seed(hub.store), clock: a.clock });
  hubs.push(b);
  return [a, b];
}

const MINUTE = 60_000;

describe.skipIf(storeUnderTest !== 'postgres')('limits shared by hub instances on one PostgreSQL database', () => {
  it('enrolment attempts from one address count once across the instances, and another address has its own budget', async () => {
    const [a, b] = await twoInstances({ enrolment: { max: 4, windowMs: MINUTE } });
    const enrol = (hub: TestHub, remoteAddress: string) => hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 'ABCDEFGH' }, remoteAddress });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await enrol(i % 2 ? b : a, '10.9.8.7')).statusCode);
    expect(codes).toEqual([403, 403, 403, 403, 429, 429]);
    const limited = await enrol(a, '10.9.8.7');
    expectApiError(limited, 429, 'rate_limited');
    const wait = Number(limited.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await enrol(b, '10.9.8.6')).statusCode).toBe(403);
  });

  it('help requests from one machine count once across the instances, even sent to both at once', async () => {
    const [a, b] = await twoInstances({ helpRequests: { max: 6, windowMs: 10 * MINUTE } });
    const { token } = await enrolDemo(a);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postHelp(i % 2 ? b : a, token, helpSubmit())));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 429)).toHaveLength(4);
    expect(codes.filter((c) => c === 200 || c === 201)).toHaveLength(6);
  });

  it('failed logins per (email, address) lock that address out on both instances, not the operator login, and the counters name no one', async () => {
    const [a, b] = await twoInstances({ loginFailures: { max: 3, windowMs: 15 * MINUTE } });
    const { email, password } = await addHelper(a, 'Nadia');
    const login = (hub: TestHub, pass: string, remoteAddress = '10.7.7.7') =>
      hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password: pass }, remoteAddress });
    expect((await login(a, 'wrong-1')).statusCode).toBe(401);
    expect((await login(b, 'wrong-2')).statusCode).toBe(401);
    expect((await login(a, 'wrong-3')).statusCode).toBe(401);
    // Locked on both instances, the right password included; from elsewhere the owner still signs in.
    expectApiError(await login(b, password), 429, 'locked');
    expectApiError(await login(a, password), 429, 'locked');
    expect((await login(b, password, '10.7.7.8')).statusCode).toBe(200);
    // The operator login keeps its own counters.
    const operator = await b.app.inject({ method: 'POST', url: '/api/v1/operator/login', payload: { email, password: 'wrong' }, remoteAddress: '10.7.7.7' });
    expect(operator.statusCode).toBe(401);

    const rows = await sqlRows<{ key: string }>(a.store, 'SELECT key FROM rate_counters');
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) expect(key).not.toMatch(/10\.7\.7|@|nadia/i);
  });

  it('a window starts over once it has passed, in database time', async () => {
    const [a, b] = await twoInstances({ enrolment: { max: 2, windowMs: 1000 } });
    const enrol = (hub: TestHub) => hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 'ABCDEFGH' }, remoteAddress: '10.5.5.5' });
    expect([(await enrol(a)).statusCode, (await enrol(b)).statusCode, (await enrol(a)).statusCode]).toEqual([403, 403, 429]);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await enrol(b)).statusCode).toBe(403);
  });
});
