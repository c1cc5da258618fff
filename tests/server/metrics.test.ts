/**
 * GET /metrics: Prometheus text behind its own token, with requests and latency per route pattern,
 * open help requests, connected shells and consoles, the ingest queue, and the outbox lag the
 * shells report — and nothing that names an association, a machine or a person.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createShell } from '../../main/shell.ts';
import { buildHub } from '../../server/hub.ts';
import { seed } from '../../server/seed.ts';
import { enrolDemo, expectApiError, helpSubmit, removeTempDirs, sessionAs, tempDir, type TestHub } from './helpers.ts';
import { testStore } from './test-store.ts';
import { openFeed } from './ws-client.ts';

const TOKEN = 'a-long-random-metrics-token-for-prometheus';
const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});

async function hubWithMetrics(metricsToken: string | null = TOKEN): Promise<TestHub> {
  const dataDir = tempDir();
  const clock = { now: new Date() };
  const hub = await buildHub({ dataDir, ...(await testStore(dataDir)), now: () => clock.now, consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0, metricsToken: metricsToken ?? undefined });
  const t = Object.assign(hub, { dataDir, seed: await seed(hub.store), clock });
  hubs.push(t);
  return t;
}

const scrape = (hub: TestHub, token = TOKEN) => hub.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });

/** The value of one sample line, e.g. `passerelle_feeds_connected{kind="shell"}`. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name}`);
  return Number(line.slice(name.length + 1));
}

describe('GET /metrics', () => {
  it('is off without a token, and refuses a missing or wrong token', async () => {
    expectApiError(await scrape(await hubWithMetrics(null)), 404, 'not_found');
    const hub = await hubWithMetrics();
    expectApiError(await hub.app.inject({ method: 'GET', url: '/metrics' }), 401, 'unauthorized');
    expectApiError(await scrape(hub, 'wrong'), 401, 'unauthorized');
    expectApiError(await scrape(hub, `${TOKEN}x`), 401, 'unauthorized');
    // A console session is no key to the metrics either.
    const admin = await sessionAs(hub, 'Ada', 'admin');
    expectApiError(await hub.app.inject({ method: 'GET', url: '/metrics', headers: { cookie: admin.cookie } }), 401, 'unauthorized');
  });

  it('counts requests and latency per route pattern, open help requests and the outbox lag, naming no one', async () => {
    const hub = await hubWithMetrics();
    const { token, machineId } = await enrolDemo(hub);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const p = helpSubmit();
      ids.push(p.id as string);
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/help-requests',
        headers: { authorization: `Bearer ${token}`, 'x-passerelle-outbox-lag': String(90 + i * 60) },
        payload: p,
      });
      expect([200, 201]).toContain(res.statusCode);
    }
    const res = await scrape(hub);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/passerelle_http_requests_total\{method="POST",route="\/api\/v1\/help-requests",status="20[01]"\} \d/);
    expect(text).toMatch(/passerelle_http_request_duration_seconds_bucket\{le="0.025",method="POST",route="\/api\/v1\/help-requests"\} \d/);
    expect(sample(text, 'passerelle_help_requests_open')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'passerelle_shell_outbox_lag_seconds_count')).toBe(2);
    expect(sample(text, 'passerelle_shell_outbox_lag_seconds_sum')).toBe(90 + 150);
    expect(sample(text, 'passerelle_ingest_queue_depth')).toBe(0);
    for (const secret of [machineId, ...ids, 'DEMO-0001', token, hub.seed.associationId]) expect(text).not.toContain(secret);
  });

  it('counts the shells and consoles connected to this instance', async () => {
    const hub = await hubWithMetrics();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
    const { token } = await enrolDemo(hub);
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const shell = await openFeed(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` });
    const consoles = await Promise.all([1, 2].map(() => openFeed(`ws://${base}/api/v1/console/feed`, { cookie: marie.cookie, origin: `http://${base}` })));
    const during = (await scrape(hub)).body;
    expect(sample(during, 'passerelle_feeds_connected{kind="shell"}')).toBe(1);
    expect(sample(during, 'passerelle_feeds_connected{kind="console"}')).toBe(2);
    shell.close();
    consoles.forEach((c) => c.close());
    await expect.poll(async () => sample((await scrape(hub)).body, 'passerelle_feeds_connected{kind="console"}')).toBe(0);
    expect(sample((await scrape(hub)).body, 'passerelle_feeds_connected{kind="shell"}')).toBe(0);
  });

  it('a real shell reports the age of its oldest undelivered message with its requests', async () => {
    const hub = await hubWithMetrics();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
    const { code } = await hub.store.register.createEnrolmentCode(hub.seed.demoMachine.id, 60);
    const shell = await createShell({ dataDir: join(tempDir(), 'shell'), hubUrl: url, lessonsDir: join(import.meta.dirname, '../../lessons'), appVersion: '0.0.0-test' });
    try {
      await shell.enrol(code);
      await shell.handlers.requestHelp({ context: { screen: 'home' } });
      await shell.syncIdle();
      const text = (await scrape(hub)).body;
      expect(sample(text, 'passerelle_shell_outbox_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    } finally {
      await shell.close();
    }
  });
});
