/** The live feeds over a real listening server and a real WebSocket client. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleEvent, MachineEvent } from '../../app/protocol/hub.ts';
import { act, addHelper, consoleCall, enrolDemo, enrolNewMachine, helpSubmit, login, makeHub, postHelp, removeTempDirs, sessionAs, type TestHub } from './helpers.ts';
import { openFeed as open } from './ws-client.ts';

let hub: TestHub;
let base: string;
beforeEach(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = hub.app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('no address');
  base = `127.0.0.1:${addr.port}`;
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

describe('console feed', () => {
  it('refuses a connection without a session or from another origin', async () => {
    await expect(open(`ws://${base}/api/v1/console/feed`, {})).rejects.toThrow('HTTP 401');
    await expect(open(`ws://${base}/api/v1/console/feed`, { cookie: 'passerelle_session=forged' })).rejects.toThrow('HTTP 401');
    const { email, password } = await addHelper(hub, 'Marie');
    const s = await login(hub, email, password);
    await expect(open(`ws://${base}/api/v1/console/feed`, { cookie: s.cookie, origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('says hello with the queue, then pushes help.upsert once per new request and on every change', async () => {
    const { token } = await enrolDemo(hub);
    const earlier = helpSubmit();
    await postHelp(hub, (await enrolNewMachine(hub, 'PC-0002')).token, earlier);

    const { email, password } = await addHelper(hub, 'Marie');
    const s = await login(hub, email, password);
    const ws = await open(`ws://${base}/api/v1/console/feed`, { cookie: s.cookie, origin: `http://${base}` });
    const feed = { seen: ws.feed.seen, next: async () => ConsoleEvent.parse(await ws.feed.next()) };
    const hello = await feed.next();
    expect(hello.type).toBe('hello');
    if (hello.type !== 'hello') throw new Error('unreachable');
    expect(hello.queue.map((r) => r.id)).toEqual([earlier.id]);

    const payload = helpSubmit();
    expect((await postHelp(hub, token, payload)).statusCode).toBe(201);
    const upsert = await feed.next();
    expect(upsert).toMatchObject({ type: 'help.upsert', request: { id: payload.id, state: 'new', assetTag: 'DEMO-0001' } });

    // Idempotent resubmit: no second push.
    expect((await postHelp(hub, token, payload)).statusCode).toBe(200);
    expect((await act(hub, s, payload.id as string, 'claim')).statusCode).toBe(200);
    const claimed = await feed.next();
    expect(claimed).toMatchObject({ type: 'help.upsert', request: { id: payload.id, state: 'claimed', claimedBy: { firstName: 'Marie' } } });
    expect(feed.seen).toHaveLength(0);
    ws.close();
  });
});

describe('machine feed', () => {
  it('refuses a connection without a valid token', async () => {
    await expect(open(`ws://${base}/api/v1/machine/feed`, {})).rejects.toThrow('HTTP 401');
    await expect(open(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${'x'.repeat(43)}` })).rejects.toThrow('HTTP 401');
  });

  it('says hello with open statuses, then pushes help.status when a helper claims, only to that machine', async () => {
    const { token } = await enrolDemo(hub);
    const payload = helpSubmit();
    await postHelp(hub, token, payload);

    const ws = await open(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` });
    const feed = { seen: ws.feed.seen, next: async () => MachineEvent.parse(await ws.feed.next()) };
    const hello = await feed.next();
    expect(hello).toMatchObject({ type: 'hello', open: [{ id: payload.id, state: 'new', helper: null }] });

    // Another machine's request does not reach this feed.
    const other = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'PC-0002', mode: 'home', cohort: 'home' });
    const { code } = await hub.store.register.createEnrolmentCode(other.id, 60);
    const otherToken = (await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } })).json() as { token: string };
    await postHelp(hub, otherToken.token, helpSubmit());

    const { email, password } = await addHelper(hub, 'Marie');
    const s = await login(hub, email, password);
    expect((await act(hub, s, payload.id as string, 'claim')).statusCode).toBe(200);
    const status = await feed.next();
    expect(status).toMatchObject({ type: 'help.status', status: { id: payload.id, state: 'claimed', helper: { firstName: 'Marie' } } });
    expect(feed.seen).toHaveLength(0);
    ws.close();
  });
});

describe('presence, availability and escalation on the feeds', () => {
  it('a helper is on duty while switched on AND connected; machines hear the count and the phone number', async () => {
    const { token } = await enrolDemo(hub);
    const machine = await open(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` });
    const mfeed = { seen: machine.feed.seen, next: async () => MachineEvent.parse(await machine.feed.next()) };
    expect(await mfeed.next()).toMatchObject({ type: 'hello', service: { helpPhone: null, helpersOnDuty: 0 } });

    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const ws = await open(`ws://${base}/api/v1/console/feed`, { cookie: marie.cookie, origin: `http://${base}` });
    const cfeed = { seen: ws.feed.seen, next: async () => ConsoleEvent.parse(await ws.feed.next()) };
    expect(await cfeed.next()).toMatchObject({ type: 'hello', onDuty: [] });

    expect((await consoleCall(hub, marie, 'PUT', '/console/me/duty', { onDuty: true })).json()).toMatchObject({ onDuty: true });
    expect(await cfeed.next()).toMatchObject({ type: 'presence', onDuty: [{ firstName: 'Marie' }] });
    expect(await mfeed.next()).toEqual({ type: 'service', service: { helpPhone: null, helpersOnDuty: 1 } });
    expect((await consoleCall(hub, marie, 'GET', '/console/presence')).json()).toMatchObject([{ firstName: 'Marie' }]);

    const staff = await sessionAs(hub, 'Sonia', 'staff');
    await consoleCall(hub, staff, 'PUT', '/console/settings', { helpPhone: '05 56 00 00 00' });
    expect(await mfeed.next()).toEqual({ type: 'service', service: { helpPhone: '05 56 00 00 00', helpersOnDuty: 1 } });

    // Closing the console takes Marie off duty by itself; the switch stays on for her next visit.
    ws.close();
    expect(await mfeed.next()).toEqual({ type: 'service', service: { helpPhone: '05 56 00 00 00', helpersOnDuty: 0 } });
    expect((await hub.store.accounts.getAccount(marie.id))?.onDuty).toBe(true);
    const back = await open(`ws://${base}/api/v1/console/feed`, { cookie: marie.cookie, origin: `http://${base}` });
    expect(await mfeed.next()).toMatchObject({ type: 'service', service: { helpersOnDuty: 1 } });
    back.close();
    machine.close();
  });

  it('pushes escalation to consoles, and the holder photo to the machine', async () => {
    const { token } = await enrolDemo(hub);
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    await hub.store.accounts.setPhoto(marie.id, 'data:image/jpeg;base64,/9j/4AAQ');
    const ws = await open(`ws://${base}/api/v1/console/feed`, { cookie: marie.cookie, origin: `http://${base}` });
    const cfeed = { next: async () => ConsoleEvent.parse(await ws.feed.next()) };
    await cfeed.next(); // hello
    const machine = await open(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` });
    const mfeed = { next: async () => MachineEvent.parse(await machine.feed.next()) };
    await mfeed.next(); // hello

    const payload = helpSubmit();
    await postHelp(hub, token, payload);
    expect(await cfeed.next()).toMatchObject({ type: 'help.upsert', request: { id: payload.id, escalatedAt: null } });
    expect(await mfeed.next()).toMatchObject({ type: 'help.status', status: { state: 'new' } });
    hub.clock.now = new Date(hub.clock.now.getTime() + 11 * 60_000);
    await hub.jobs.escalate();
    expect(await cfeed.next()).toMatchObject({ type: 'help.upsert', request: { id: payload.id, escalatedAt: hub.clock.now.toISOString() } });
    expect(await mfeed.next()).toMatchObject({ type: 'help.status', status: { state: 'new' } });

    expect((await act(hub, marie, payload.id as string, 'claim')).statusCode).toBe(200);
    await cfeed.next();
    expect(await mfeed.next()).toMatchObject({
      type: 'help.status',
      status: { state: 'claimed', helper: { firstName: 'Marie', photo: 'data:image/jpeg;base64,/9j/4AAQ' } },
    });
    ws.close();
    machine.close();
  });
});
