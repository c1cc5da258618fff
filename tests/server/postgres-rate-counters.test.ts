/**
 * @fastify/rate-limit's counters kept in PostgreSQL (server/store/postgres/rate-limits.ts), run by
 * `npm run test:postgres`: two Fastify servers with their own pools on one database count each limit
 * once, each route and each named limiter has its own counters, the plugin's non-counting look reads
 * them, and a window starts over once it has passed.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { PgHubStore } from '../../server/store/postgres/index.ts';
import { sharedRateLimitStore } from '../../server/store/postgres/rate-limits.ts';
import { newTestDatabase, storeUnderTest } from './test-store.ts';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c();
});

/** One "instance": its own store (pool) on `url`, a limited route /a and /b (3 a minute), and a named limiter. */
async function server(url: string, windowMs = 60_000) {
  const store = await PgHubStore.open({ url, poolSize: 3 });
  const app: FastifyInstance = Fastify();
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(store.pool) });
  const config = { rateLimit: { max: 3, timeWindow: windowMs } };
  app.get('/a', { config }, async () => 'a');
  app.get('/b', { config }, async () => 'b');
  const named = app.createRateLimit({ max: 2, timeWindow: windowMs, groupId: 'named', keyGenerator: (req: FastifyRequest) => String(req.headers['x-who']) } as never);
  app.post('/named', async (req) => {
    const seen = await named(req, { increment: false });
    if (!seen.isAllowed && seen.remaining === 0) return { locked: true, ttl: seen.ttlInSeconds };
    await named(req);
    return { locked: false };
  });
  await app.ready();
  closing.push(async () => {
    await app.close();
    await store.close();
  });
  return { app, store };
}

const get = (app: FastifyInstance, url: string, remoteAddress = '10.1.1.1') => app.inject({ method: 'GET', url, remoteAddress }).then((r) => r.statusCode);

describe.skipIf(storeUnderTest !== 'postgres')('rate-limit counters shared through PostgreSQL', () => {
  it('two servers on one database count a route once; another route and another address have their own budgets', async () => {
    const url = await newTestDatabase();
    const [one, two] = await Promise.all([server(url), server(url)]);
    const codes = await Promise.all(Array.from({ length: 6 }, (_, i) => get(i % 2 ? two.app : one.app, '/a')));
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(3);
    const limited = await one.app.inject({ method: 'GET', url: '/a', remoteAddress: '10.1.1.1' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(55);
    expect(await get(two.app, '/b')).toBe(200);
    expect(await get(two.app, '/a', '10.1.1.2')).toBe(200);
    // What is written: digests, not the addresses.
    const keys = (await one.store.pool.query<{ key: string }>('SELECT key FROM rate_counters')).rows.map((r) => r.key);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).not.toMatch(/10\.1\.1|GET|\/a/);
  });

  it('a named limiter reads without counting, and counts across servers', async () => {
    const url = await newTestDatabase();
    const [one, two] = await Promise.all([server(url), server(url)]);
    const press = (app: FastifyInstance, who: string) => app.inject({ method: 'POST', url: '/named', headers: { 'x-who': who } }).then((r) => r.json() as { locked: boolean; ttl?: number });
    expect((await press(one.app, 'x')).locked).toBe(false);
    expect((await press(two.app, 'x')).locked).toBe(false);
    const third = await press(one.app, 'x');
    expect(third.locked).toBe(true);
    expect(third.ttl).toBeGreaterThan(55);
    expect((await press(two.app, 'y')).locked).toBe(false);
  });

  it('a window starts over once it has passed', async () => {
    const url = await newTestDatabase();
    const [one, two] = await Promise.all([server(url, 800), server(url, 800)]);
    expect([await get(one.app, '/a'), await get(two.app, '/a'), await get(one.app, '/a'), await get(two.app, '/a')]).toEqual([200, 200, 200, 429]);
    await new Promise((r) => setTimeout(r, 900));
    expect(await get(two.app, '/a')).toBe(200);
  });
});
