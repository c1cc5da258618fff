/**
 * Two hub instances on one PostgreSQL database, each with its own listening server (run by
 * `npm run test:postgres`; skipped under the plain unit run): what happens on one reaches the live
 * feeds of the other (LISTEN/NOTIFY, payloads too big for a NOTIFY by reference, in order),
 * revocations close sockets on both, presence is shared, and the periodic jobs run on one only.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { ConsoleEvent, FEED_REVOKED, MachineEvent, type HelpContext } from '../../app/protocol/hub.ts';
import { buildHub } from '../../server/hub.ts';
import { seed } from '../../server/seed.ts';
import { consoleCall, enrolDemo, helpSubmit, login, makeHub, postHelp, removeTempDirs, sessionAs, tempDir, type ConsoleSession, type TestHub } from './helpers.ts';
import { sqlRows } from './inspect.ts';
import { storeUnderTest, testStore } from './test-store.ts';
import { helpChange } from '../../server/store/help.ts';
import type { PgHubStore } from '../../server/store/postgres/index.ts';
import { closed, openFeed } from './ws-client.ts';

type Listening = TestHub & { base: string };
const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0).reverse()) await h.close();
  removeTempDirs();
});

async function listen(hub: TestHub): Promise<Listening> {
  hubs.push(hub);
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  return Object.assign(hub, { base: `127.0.0.1:${(hub.app.server.address() as { port: number }).port}` });
}

async function instance(first?: TestHub): Promise<Listening> {
  if (!first) return listen(await makeHub());
  const { store } = await testStore(first.dataDir);
  const dataDir = tempDir();
  const hub = await buildHub({ dataDir, store, now: () => first.clock.now, consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0 });
  return listen(Object.assign(hub, { dataDir, seed: await seed(hub.store), clock: first.clock }));
}

async function consoleFeed(hub: Listening, s: ConsoleSession) {
  const ws = await openFeed(`ws://${hub.base}/api/v1/console/feed`, { cookie: s.cookie, origin: `http://${hub.base}` });
  const hello = ConsoleEvent.parse(await ws.feed.next());
  expect(hello.type).toBe('hello');
  return Object.assign(ws, { hello });
}

async function machineFeed(hub: Listening, token: string) {
  const ws = await openFeed(`ws://${hub.base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` });
  expect(MachineEvent.parse(await ws.feed.next()).type).toBe('hello');
  return ws;
}

/** The next message of a feed that satisfies `ok` (others are skipped). */
async function nextMatching<T>(ws: WebSocket & { feed: { next(ms?: number): Promise<unknown> } }, parse: (v: unknown) => T, ok: (e: T) => boolean, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = parse(await ws.feed.next(Math.max(1, deadline - Date.now())));
    if (ok(e)) return e;
  }
}

describe.skipIf(storeUnderTest !== 'postgres')('two hub instances on one PostgreSQL database', () => {
  it('a help request, its claim and its resolution travel both ways between the instances', async () => {
    const a = await instance();
    const b = await instance(a);
    const { token } = await enrolDemo(a);
    const marie = await sessionAs(a, 'Marie', 'accompagnant');
    const onB = await consoleFeed(b, marie);
    const shellOnA = await machineFeed(a, token);

    const payload = helpSubmit();
    expect((await postHelp(a, token, payload)).statusCode).toBe(201);
    const upsert = await nextMatching(onB, ConsoleEvent.parse, (e) => e.type === 'help.upsert');
    expect(upsert).toMatchObject({ type: 'help.upsert', request: { id: payload.id, state: 'new' } });

    // Claimed through B: the shell's feed on A hears it, with the helper's name.
    expect((await consoleCall(b, marie, 'POST', `/console/help-requests/${payload.id}/actions`, { action: 'claim' })).statusCode).toBe(200);
    const claimed = await nextMatching(shellOnA, MachineEvent.parse, (e) => e.type === 'help.status' && e.status.state !== 'new');
    expect(claimed).toMatchObject({ type: 'help.status', status: { id: payload.id, state: 'claimed', helper: { firstName: 'Marie' } } });

    // Resolved through A: the console on B drops it.
    expect((await consoleCall(a, marie, 'POST', `/console/help-requests/${payload.id}/actions`, { action: 'resolve' })).statusCode).toBe(200);
    const resolved = await nextMatching(onB, ConsoleEvent.parse, (e) => e.type === 'help.upsert' && e.request.state === 'resolved');
    expect(resolved).toMatchObject({ request: { id: payload.id, state: 'resolved' } });
    expect(await nextMatching(shellOnA, MachineEvent.parse, (e) => e.type === 'help.status' && e.status.state === 'resolved')).toBeTruthy();
    onB.close();
    shellOnA.close();
  });

  it('an event too big for a NOTIFY goes by reference and arrives whole, in order with the small ones', async () => {
    const a = await instance();
    const b = await instance(a);
    const got: string[] = [];
    b.bus.subscribe('settings.changed', ({ settings }) => got.push(settings.name));
    const big = 'é'.repeat(12_000); // 24,000 bytes of UTF-8
    const settings = { helpPhone: null, escalationMinutes: 10, retentionDays: 90 };
    a.bus.publish('settings.changed', { associationId: a.seed.associationId, settings: { ...settings, name: 'first' } });
    a.bus.publish('settings.changed', { associationId: a.seed.associationId, settings: { ...settings, name: big } });
    a.bus.publish('settings.changed', { associationId: a.seed.associationId, settings: { ...settings, name: 'last' } });
    await expect.poll(() => got.length, { timeout: 3000 }).toBe(3);
    expect(got).toEqual(['first', big, 'last']);
    expect(b.cluster!.bus.stats.byReference).toBe(1);
    expect(await sqlRows(a.store, 'SELECT id FROM bus_payloads')).toHaveLength(1);
  });

  it('a help change reaches the other instances with its commit, even when its instance dies before publishing it', async () => {
    const a = await instance();
    const b = await instance(a);
    const marie = await sessionAs(a, 'Marie', 'accompagnant');
    const onB = await consoleFeed(b, marie);
    const onA: string[] = [];
    a.bus.subscribe('help.changed', ({ view }) => onA.push(view.state));
    const payload = helpSubmit();
    const machineId = a.seed.demoMachine.id;
    // The store's transactions alone, with no publish after them: what an instance killed right after
    // its commit leaves behind.
    const submitted = await a.store.help.submit(machineId, { id: payload.id as string, createdAt: payload.createdAt as string, context: payload.context as HelpContext });
    if (!submitted.ok) throw new Error('submit');
    expect(await nextMatching(onB, ConsoleEvent.parse, (e) => e.type === 'help.upsert')).toMatchObject({ request: { id: payload.id, state: 'new' } });
    const cancelled = await a.store.help.cancelByMachine(machineId, payload.id as string);
    if (!cancelled.ok) throw new Error('cancel');
    expect(await nextMatching(onB, ConsoleEvent.parse, (e) => e.type === 'help.upsert')).toMatchObject({ request: { id: payload.id, state: 'cancelled' } });
    // A publish after the commit then delivers on its own instance only: the others got it once.
    a.bus.publish('help.changed', helpChange(submitted));
    a.bus.publish('help.changed', helpChange(cancelled));
    await a.cluster!.settled();
    expect(onA).toEqual(['new', 'cancelled']);
    expect(b.cluster!.bus.stats.received).toBe(2);
    // An action that changes nothing sends nothing.
    const again = await a.store.help.cancelByMachine(machineId, payload.id as string); // idempotent: no change
    expect(again).toMatchObject({ ok: true, changed: false });
    await a.cluster!.settled();
    await new Promise((r) => setTimeout(r, 200));
    expect(b.cluster!.bus.stats.received).toBe(2);
    onB.close();
  });

  it('an older change of a request arriving after a newer one is not delivered', async () => {
    const a = await instance();
    const b = await instance(a);
    // Changes go by publish alone here (not with their commits), so that they can cross on the way.
    (a.store as PgHubStore).announceWith(null);
    const seen: string[] = [];
    b.bus.subscribe('help.changed', ({ view }) => seen.push(view.state));
    const payload = helpSubmit();
    const submitted = await a.store.help.submit(a.seed.demoMachine.id, { id: payload.id as string, createdAt: payload.createdAt as string, context: payload.context as HelpContext });
    if (!submitted.ok) throw new Error('submit');
    const staff = await sessionAs(a, 'Sonia', 'staff');
    const resolved = await a.store.help.act({ accountId: staff.id, role: 'staff', associationId: a.seed.associationId }, payload.id as string, 'resolve');
    if (!resolved.ok) throw new Error('resolve');
    expect(resolved.view.updatedAt > submitted.view.updatedAt).toBe(true);
    a.bus.publish('help.changed', resolved);
    a.bus.publish('help.changed', submitted); // crossed on the way
    await a.cluster!.settled();
    await expect.poll(() => b.cluster!.bus.stats.received, { timeout: 3000 }).toBe(2);
    await expect.poll(() => b.cluster!.bus.stats.stale).toBe(1);
    expect(seen).toEqual(['resolved']);
  });

  it('logout on one instance closes that session’s feed on the other at once', async () => {
    const a = await instance();
    const b = await instance(a);
    const marie = await sessionAs(a, 'Marie', 'accompagnant');
    const onB = await consoleFeed(b, marie);
    const closing = closed(onB, 1000);
    expect((await consoleCall(a, marie, 'POST', '/console/logout')).statusCode).toBe(204);
    expect(await closing).toEqual({ code: FEED_REVOKED, reason: 'logged_out' });
  });

  it('disabling an account on one instance closes its feeds on both', async () => {
    const a = await instance();
    const b = await instance(a);
    const admin = await sessionAs(a, 'Ada', 'admin');
    const marie = await sessionAs(a, 'Marie', 'accompagnant');
    const onA = await consoleFeed(a, marie);
    const onB = await consoleFeed(b, await login(b, 'marie@asso.test', 'un mot de passe solide'));
    const closings = [closed(onA, 1000), closed(onB, 1000)];
    expect((await consoleCall(b, admin, 'PATCH', `/console/accounts/${marie.id}`, { disabled: true })).statusCode).toBe(200);
    for (const c of closings) expect((await c).code).toBe(FEED_REVOKED);
  });

  it('retiring a machine on one instance closes its feed on the other', async () => {
    const a = await instance();
    const b = await instance(a);
    const { token, machineId } = await enrolDemo(a);
    const staff = await sessionAs(a, 'Sonia', 'staff');
    const shellOnB = await machineFeed(b, token);
    const closing = closed(shellOnB, 1000);
    expect((await consoleCall(a, staff, 'POST', `/console/machines/${machineId}/retire`)).statusCode).toBe(200);
    expect((await closing).code).toBe(FEED_REVOKED);
  });

  it('a helper on duty on one instance is on duty for shells on the other, and goes off when their console closes', async () => {
    const a = await instance();
    const b = await instance(a);
    const { token } = await enrolDemo(a);
    const shellOnA = await machineFeed(a, token);
    const marie = await sessionAs(a, 'Marie', 'accompagnant');
    const consoleOnB = await consoleFeed(b, marie);
    expect((await consoleCall(b, marie, 'PUT', '/console/me/duty', { onDuty: true })).statusCode).toBe(200);
    const on = await nextMatching(shellOnA, MachineEvent.parse, (e) => e.type === 'service');
    expect(on).toMatchObject({ service: { helpersOnDuty: 1 } });
    await expect.poll(async () => (await consoleCall(a, marie, 'GET', '/console/presence')).json()).toEqual([expect.objectContaining({ firstName: 'Marie' })]);
    consoleOnB.close();
    const off = await nextMatching(shellOnA, MachineEvent.parse, (e) => e.type === 'service');
    expect(off).toMatchObject({ service: { helpersOnDuty: 0 } });
    shellOnA.close();
  });

  it('a dead instance’s consoles stop counting once it misses its heartbeats', async () => {
    const a = await instance();
    const b = await instance(a);
    const marie = await sessionAs(a, 'Marie', 'accompagnant');
    await consoleFeed(b, marie);
    expect((await consoleCall(b, marie, 'PUT', '/console/me/duty', { onDuty: true })).statusCode).toBe(200);
    await expect.poll(() => a.presence.count(a.seed.associationId)).toBe(1);
    // B stops beating (as if killed): its last beat is now 31 s old.
    await sqlRows(a.store, "UPDATE hub_instances SET seen_at = now() - interval '31 seconds' WHERE id = ?", b.cluster!.instanceId);
    await a.cluster!.beat();
    await expect.poll(() => a.presence.count(a.seed.associationId)).toBe(0);
  });

  it('one instance leads the periodic jobs; when it stops, another takes over', async () => {
    const a = await instance();
    const b = await instance(a);
    expect([a.cluster!.leads(), b.cluster!.leads()]).toEqual([true, false]);
    await b.cluster!.beat();
    expect(b.cluster!.leads()).toBe(false);
    await a.close();
    await b.cluster!.beat();
    expect(b.cluster!.leads()).toBe(true);
  });
});
