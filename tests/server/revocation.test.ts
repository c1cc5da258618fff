/**
 * A live feed lives only as long as what opened it. Logout, a disabled account, a changed or reset
 * password, an expired session, a new enrolment of the machine or its retirement each close the
 * feed within a second, with FEED_REVOKED and the reason; the same credential is then refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleEvent, FEED_REVOKED, MachineEvent } from '../../app/protocol/hub.ts';
import { buildHub } from '../../server/hub.ts';
import { seed } from '../../server/seed.ts';
import { consoleCall, enrolDemo, expectApiError, helpSubmit, login, makeHub, postHelp, removeTempDirs, sessionAs, tempDir, type ConsoleSession, type TestHub } from './helpers.ts';
import { closed, closedBy, openFeed } from './ws-client.ts';
import { testStore } from './test-store.ts';

let hub: TestHub;
let base: string;
beforeEach(async () => {
  hub = await makeHub();
  await listen(hub);
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

async function listen(h: TestHub): Promise<void> {
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
}

async function consoleFeed(s: ConsoleSession) {
  const ws = await openFeed(`ws://${base}/api/v1/console/feed`, { cookie: s.cookie, origin: `http://${base}` });
  expect(ConsoleEvent.parse(await ws.feed.next()).type).toBe('hello');
  return ws;
}

async function machineFeed(token: string) {
  const ws = await openFeed(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` });
  expect(MachineEvent.parse(await ws.feed.next()).type).toBe('hello');
  return ws;
}

const revoked = (reason: string) => ({ code: FEED_REVOKED, reason });

describe('console feeds close when their session stops being valid', () => {
  it('logout closes that session’s feed, not the same helper’s other session', async () => {
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const elsewhere = await login(hub, 'marie@asso.test', 'un mot de passe solide');
    const feed = await consoleFeed(marie);
    const other = await consoleFeed(elsewhere);
    const closing = closed(feed);
    expect((await consoleCall(hub, marie, 'POST', '/console/logout')).statusCode).toBe(204);
    expect(await closing).toEqual(revoked('logged_out'));
    await expect(openFeed(`ws://${base}/api/v1/console/feed`, { cookie: marie.cookie, origin: `http://${base}` })).rejects.toThrow('HTTP 401');
    // The other session still receives the queue.
    const { token } = await enrolDemo(hub);
    expect((await postHelp(hub, token, helpSubmit())).statusCode).toBe(201);
    expect(ConsoleEvent.parse(await other.feed.next()).type).toBe('help.upsert');
    other.close();
  });

  it('disabling an account closes all its feeds', async () => {
    const admin = await sessionAs(hub, 'Agnes', 'admin');
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const feeds = [await consoleFeed(marie), await consoleFeed(marie)];
    const closing = feeds.map((f) => closed(f));
    expect((await consoleCall(hub, admin, 'PATCH', `/console/accounts/${marie.id}`, { disabled: true })).statusCode).toBe(200);
    for (const c of closing) expect(await c).toEqual(revoked('account_disabled'));
  });

  it("an admin's password reset closes the helper's feeds", async () => {
    const admin = await sessionAs(hub, 'Agnes', 'admin');
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const { result, ...closing } = await closedBy(await consoleFeed(marie), () => consoleCall(hub, admin, 'POST', `/console/accounts/${marie.id}/password-reset`));
    expect(result.statusCode).toBe(200);
    expect(closing).toEqual(revoked('password_reset'));
  });

  it("changing one's own password closes the feeds of every session, a stolen one included", async () => {
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const thief = await login(hub, 'marie@asso.test', 'un mot de passe solide');
    const { result: res, ...closing } = await closedBy(await consoleFeed(thief), () =>
      consoleCall(hub, marie, 'POST', '/console/me/password', { currentPassword: 'un mot de passe solide', newPassword: 'un tout nouveau mot de passe' }),
    );
    expect(res.statusCode).toBe(200);
    expect(closing).toEqual(revoked('password_changed'));
    await expect(openFeed(`ws://${base}/api/v1/console/feed`, { cookie: thief.cookie, origin: `http://${base}` })).rejects.toThrow('HTTP 401');
  });

  it('a session that expires closes its feed when it expires', async () => {
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const s = await hub.store.accounts.createSession(marie.id, 0.5 / 60); // half a second
    const feed = await consoleFeed({ cookie: `passerelle_session=${s.sessionId}`, csrf: s.csrfToken, sessionId: s.sessionId });
    expect(await closed(feed, 1500)).toEqual(revoked('session_expired'));
  });

  it('a session deleted behind the hub’s back (another process) closes its feed at the next re-check', async () => {
    const dataDir = tempDir();
    const quick = Object.assign(await buildHub({ dataDir, ...(await testStore(dataDir)), escalationIntervalMs: 0, purgeIntervalMs: 0, feedRecheckMs: 200 }), { dataDir, clock: { now: new Date() } });
    const seeded = await seed(quick.store);
    try {
      await listen({ ...quick, seed: seeded });
      const marie = await sessionAs({ ...quick, seed: seeded }, 'Marie', 'accompagnant');
      const feed = await consoleFeed(marie);
      let closedAt = 0;
      feed.once('close', () => (closedAt = Date.now()));
      const closing = closed(feed, 10_000);
      // What `npm run hub -- reset-password` does from its own process: the store, no event. The second
      // counts from the store's change, not from the password's hashing before it (slow on a busy machine).
      await quick.store.accounts.setPassword(marie.id, 'un autre mot de passe', { endSessions: true, oneTime: true });
      const changedAt = Date.now();
      expect(await closing).toEqual(revoked('logged_out'));
      expect(closedAt - changedAt).toBeLessThanOrEqual(1000);
    } finally {
      await quick.close();
    }
  });
});

describe('machine feeds close when their token stops being valid', () => {
  it('a new enrolment closes the old token’s feed: it no longer receives the kiosk PIN hash', async () => {
    const staff = await sessionAs(hub, 'Sonia', 'staff');
    const { token: old } = await enrolDemo(hub);
    const feed = await machineFeed(old);
    const closing = closed(feed);
    const { token: fresh } = await enrolDemo(hub);
    expect(await closing).toEqual(revoked('token_replaced'));
    const newFeed = await machineFeed(fresh);
    expect((await consoleCall(hub, staff, 'PATCH', `/console/machines/${hub.seed.demoMachine.id}`, { mode: 'kiosk', staffPin: '4821' })).statusCode).toBe(200);
    expect(MachineEvent.parse(await newFeed.feed.next())).toMatchObject({ type: 'kiosk', kiosk: { mode: 'kiosk' } });
    expect(feed.feed.seen).toEqual([]);
    expectApiError(await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${old}` } }), 401);
    newFeed.close();
  });

  it('retiring a machine closes its feed and its token is refused everywhere', async () => {
    const staff = await sessionAs(hub, 'Sonia', 'staff');
    const { token } = await enrolDemo(hub);
    const closing = closed(await machineFeed(token));
    const res = await consoleCall(hub, staff, 'POST', `/console/machines/${hub.seed.demoMachine.id}/retire`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ enrolled: false, retiredAt: expect.any(String), enrolmentExpiresAt: null });
    expect(await closing).toEqual(revoked('machine_retired'));
    const auth = { authorization: `Bearer ${token}` };
    for (const call of [
      { method: 'GET' as const, url: '/api/v1/machine/help-requests' },
      { method: 'POST' as const, url: '/api/v1/help-requests', payload: helpSubmit() },
      { method: 'POST' as const, url: '/api/v1/reports/usage', payload: {} },
    ]) {
      expectApiError(await hub.app.inject({ ...call, headers: auth }), 401, 'unauthorized');
    }
    await expect(openFeed(`ws://${base}/api/v1/machine/feed`, auth)).rejects.toThrow('HTTP 401');
  });

  it('a new code for an enrolled machine says the old token stays valid until the code is used; retiring cuts it now', async () => {
    const staff = await sessionAs(hub, 'Sonia', 'staff');
    const path = `/console/machines/${hub.seed.demoMachine.id}`;
    expect((await consoleCall(hub, staff, 'POST', `${path}/enrolment-code`)).json()).toMatchObject({ previousTokenActive: false });
    const { token } = await enrolDemo(hub);
    const code = (await consoleCall(hub, staff, 'POST', `${path}/enrolment-code`)).json() as { code: string; previousTokenActive: boolean };
    expect(code.previousTokenActive).toBe(true);
    // Until the code is used the old token works; the console said so.
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await consoleCall(hub, staff, 'POST', `${path}/retire`)).statusCode).toBe(200);
    expectApiError(await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${token}` } }), 401);
    // Retiring also cancels the waiting code; a retired machine is not lent until enrolled again.
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: code.code } }), 403, 'enrolment_code_unknown');
    const person = (await consoleCall(hub, staff, 'POST', '/console/beneficiaries', { firstName: 'Jeanne', phone: '06 12 34 56 78', language: 'fr' })).json() as { id: string };
    expectApiError(await consoleCall(hub, staff, 'POST', '/console/loans', { machineId: hub.seed.demoMachine.id, beneficiaryId: person.id }), 409, 'machine_retired');
    await enrolDemo(hub);
    const view = (await consoleCall(hub, staff, 'GET', '/console/machines')).json() as { id: string; retiredAt: string | null; enrolled: boolean }[];
    expect(view.find((m) => m.id === hub.seed.demoMachine.id)).toMatchObject({ retiredAt: null, enrolled: true });
    expect((await consoleCall(hub, staff, 'POST', '/console/loans', { machineId: hub.seed.demoMachine.id, beneficiaryId: person.id })).statusCode).toBe(201);
  });
});
